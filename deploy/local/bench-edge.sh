#!/usr/bin/env bash
# Edge (8081, the stack of deploy/local/up.sh) against Cloudflare's workerd, in one run, on the same
# worker code (/work/shared/bench/workerd-scenarios, read in place) with the same load generator:
#   1. hello, auth-binding gateway, the same gateway asking auth by JS RPC (env.AUTH.check(token) on a
#      named WorkerEntrypoint), 1% canary router, JSON transform (POST payload.json): req/s,
#      p50/p99 for both and the ratio edge/workerd (wrk, same -t/-c/duration, warm-up first; server
#      pinned to one core with taskset, wrk to the other, when the machine has two cores or more; the
#      edge is paused with SIGSTOP while workerd runs, and workerd runs only while it is measured), in
#      --runs rounds (scenarios interleaved, each round with the same warm-up rule for both servers; the
#      table gives the median of the rounds and the spread of the ratio), and the CPU per request
#      (1e6 ÷ req/s of the one pinned core) with the binding hop: gateway − hello, rpc − hello;
#   2. deploy → first response served (p50/p99 over N deploys, polling the edge; split at the notice on Redis) and the latency of
#      the first request the new version served;
#   3. with --aged: the same node after minutes of mixed traffic with a hostile tenant beside it, each scenario
#      measured again and set against its fresh-and-warm figure of the rounds (issue 16: "no slower");
#   4. edge heap per deployed environment with 1,000 and 10,000 environments (jcmd GC.run +
#      GC.heap_info before/after, divided by the count; each environment requested once).
# Workers reach the edge through platform-api's REST API with alice's Keycloak token, in a fresh
# account per run (deleted at the end unless --keep). workerd is installed with npm into
# .state/bench/workerd. Only what this script started is stopped; the edge's CPU affinity is restored.
#
# Usage: deploy/local/bench-edge.sh [--quick] [--envs "1000 10000"] [--deploys N] [--no-heap] [--runs N]
#                                   [--no-workerd] [--heap-only] [--keep] [--scenarios "json ..."] [--young]
#                                   [--aged]
#   --runs N      rounds of the load scenarios (default 3, 1 with --quick)
#   --quick       5 s measurements after up to 20 s / 50,000 requests of warm-up (default 20 s after up
#                 to 120 s / 300,000 requests: the Graal JIT needs a few hundred thousand calls),
#                 10 deploys (default 30), 1,000 environments
#   --envs LIST   environment counts for the heap figure (cumulative; default "1000 10000")
#   --heap-only   only the heap figure (no load tests, no deploy latencies, no workerd)
#   --scenarios LIST  load scenarios to run, of hello gateway rpc canary json (default: all five)
#   --young       then a young node: the edge restarted (deploy/lib/apps.sh, with this shell's EDGE_JAVA_OPTS),
#                 and from 60 s after its start each scenario measured once (10 s) after 40 s of load, against a
#                 fresh workerd given the same (YOUNG_AFTER, YOUNG_WARMUP, YOUNG_DURATION); --runs 0 for this alone
#   --aged        after the rounds and deploys: AGED_MINUTES [20] of mixed traffic on the same node (every scenario
#                 with 4 connections, a new version of a service every 20 s, and an account of its own running
#                 deploy/bench/aged/hostile.js: CPU and memory limits, memory kept across requests, timers, hangs,
#                 work after the response, stalled streams, binding recursion, 8 MB bodies), then each scenario
#                 measured again after AGED_WARMUP [20] s of load; the node's RSS, threads, heap and pool before
#                 and after, and the hostile tenant's limit hits (HOSTILE_PATHS: the quick paths to cycle through,
#                 e.g. '/keep' alone to see what one of them costs the others)
#   --heap-budget S  stop deploying environments after S seconds (0 = no limit) and measure the heap
#                 with the count reached (deploying through the API can be slow on a loaded machine)
# Environment: WRK_THREADS [1] WRK_CONNECTIONS [32] DURATION WARMUP (s) WARM_REQUESTS
#   WORKERD_VERSION [1.20261117.1] WORKERD_PORT [18787]
#   SCENARIOS_DIR [/work/shared/bench/workerd-scenarios] EDGEWORKS_API_URL EDGEWORKS_KEYCLOAK_URL EDGE_URL
#   EDGE_MANAGEMENT_URL [http://127.0.0.1:9000] (the edge answers health on its management port)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/deploy/lib/bench.sh"
state=${EDGEWORKS_STATE_DIR:-$root/.state}
command_line="deploy/local/bench-edge.sh $*"

quick=false; keep=false; heap=true; workerd=true; loads=true; envs=""; deploys=""; heap_budget=0; runs=""; young=false; aged=false
scenario_list="hello gateway rpc canary json"
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=true; shift ;;
    --keep) keep=true; shift ;;
    --young) young=true; shift ;;
    --aged) aged=true; shift ;;
    --no-heap) heap=false; shift ;;
    --no-workerd) workerd=false; shift ;;
    --heap-only) loads=false; workerd=false; heap=true; shift ;;
    --envs) envs=${2:?--envs needs a list such as "1000 10000"}; shift 2 ;;
    --deploys) deploys=${2:?--deploys needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --heap-budget) heap_budget=${2:?--heap-budget needs seconds}; shift 2 ;;
    --scenarios) scenario_list=${2:?--scenarios needs a list such as "hello json"}; shift 2 ;;
    -h|--help) sed -n '2,46p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-edge.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
if $quick; then
  duration=${DURATION:-5}; warmup=${WARMUP:-20}; deploys=${deploys:-10}; envs=${envs:-1000}; runs=${runs:-1}
  warm_requests=${WARM_REQUESTS:-50000}
else
  duration=${DURATION:-20}; warmup=${WARMUP:-120}; deploys=${deploys:-30}; envs=${envs:-1000 10000}; runs=${runs:-3}
  warm_requests=${WARM_REQUESTS:-300000}
fi
young_after=${YOUNG_AFTER:-60}; young_warmup=${YOUNG_WARMUP:-40}; young_duration=${YOUNG_DURATION:-10}
aged_minutes=${AGED_MINUTES:-20}; aged_warmup=${AGED_WARMUP:-20}
for v in "$aged_minutes" "$aged_warmup" "$duration" "$warmup" "$warm_requests" "$deploys" "$heap_budget" "$runs" "$young_after" "$young_warmup" "$young_duration" $envs; do
  case $v in ''|*[!0-9]*) echo "bench-edge.sh: '$v' is not a positive number" >&2; exit 2 ;; esac
done
order=() # load scenarios, in this order
for name in $scenario_list; do
  case $name in
    hello|gateway|rpc|canary|json) order+=("$name") ;;
    *) echo "bench-edge.sh: unknown scenario '$name' (hello gateway rpc canary json)" >&2; exit 2 ;;
  esac
done
threads=${WRK_THREADS:-1}; connections=${WRK_CONNECTIONS:-32}
api=${EDGEWORKS_API_URL:-http://127.0.0.1:8080}
keycloak=${EDGEWORKS_KEYCLOAK_URL:-http://127.0.0.1:8180}
edge=${EDGE_URL:-http://127.0.0.1:8081}
edge_management=${EDGE_MANAGEMENT_URL:-http://127.0.0.1:9000}
scenarios=${SCENARIOS_DIR:-/work/shared/bench/workerd-scenarios}
workerd_version=${WORKERD_VERSION:-1.20261117.1}
workerd_port=${WORKERD_PORT:-18787}
[ -d "$scenarios" ] || { echo "bench-edge.sh: scenario folder $scenarios is missing (SCENARIOS_DIR)" >&2; exit 1; }

say() { printf '\n== %s\n' "$*" >&2; }

# --- tools ------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  say "installing wrk with apt"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  $sudo apt-get install -y wrk >&2 || { echo "bench-edge.sh: apt-get install wrk failed" >&2; exit 1; }
fi
for t in curl jcmd; do command -v $t >/dev/null || { echo "bench-edge.sh: $t is missing" >&2; exit 1; }; done
workerd_bin="$state/bench/workerd/node_modules/@cloudflare/workerd-linux-64/bin/workerd"
if $workerd && [ ! -x "$workerd_bin" ]; then
  say "installing workerd@$workerd_version with npm into $state/bench/workerd"
  mkdir -p "$state/bench/workerd"
  (cd "$state/bench/workerd" && npm install --no-audit --no-fund --prefix . "workerd@$workerd_version" >&2)
fi

# --- the stack --------------------------------------------------------------------------------
ready() { curl -fs -m 5 -o /dev/null "$edge_management/q/health/ready" && curl -fs -m 5 -o /dev/null "$api/q/health/ready"; }
if ! ready && [ -f "$state/pids/platform-api.pid" ]; then
  say "waiting up to 180 s for the running stack (an up.sh may be restarting it)"
  for _ in $(seq 1 90); do ready && break; sleep 2; done
fi
if ! ready; then
  say "the stack is not up: deploy/local/up.sh"
  "$here/up.sh" >&2
fi
edge_pid=$(cat "$state/pids/edge-node.pid" 2>/dev/null || true)
[ -n "$edge_pid" ] && kill -0 "$edge_pid" 2>/dev/null || edge_pid=$(ss -ltnpH "sport = :${edge##*:}" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
[ -n "$edge_pid" ] || { echo "bench-edge.sh: no pid for the edge on $edge" >&2; exit 1; }

work=$(mktemp -d)
started=()
edge_affinity=$(taskset -p "$edge_pid" | sed 's/.*: //')
cores=$(nproc)
cleanup() {
  for p in "${started[@]}"; do kill "$p" 2>/dev/null || true; done
  kill -CONT "$edge_pid" 2>/dev/null || true
  [ "$cores" -ge 2 ] && taskset -a -p "$edge_affinity" "$edge_pid" >/dev/null 2>&1 || true
  if ! $keep; then
    for a in ${slug:-} ${hostile_slug:-}; do
      curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $(token)" "$api/api/accounts/$a" || true
    done
  fi
  [ -f "$work/wrk.log" ] && mkdir -p "$state/bench" && cp "$work/wrk.log" "$state/bench/last-wrk.log"
  rm -rf "$work"
}
trap cleanup EXIT

token_at=0; token_value=""
token() {
  local now; now=$(date +%s)
  if [ $((now - token_at)) -gt 120 ]; then
    token_value=$(bench_token)
    token_at=$now
  fi
  printf '%s' "$token_value"
}
# call METHOD PATH BODY EXPECTED — prints the answer; fails naming the call
call() {
  local out code
  out=$(curl -sS --retry 5 --retry-connrefused --retry-delay 1 -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $(token)" -H 'Content-Type: application/json' \
    ${3:+--data-binary "$3"} "$api$2")
  code=${out##*$'\n'}
  [ "$code" = "$4" ] || { echo "bench-edge.sh: $1 $2 answered $code (expected $4): ${out%$'\n'*}" >&2; return 1; }
  printf '%s' "${out%$'\n'*}"
}
js() { python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$1"; }
# version SERVICE FILE [EXTRA_JSON] — a new version of the production environment, deployed at 100%
version() {
  call POST "/api/accounts/$slug/services/$1/environments/production/versions" \
    "{\"main_module\":\"worker.js\",\"modules\":{\"worker.js\":$(js "$2")}${3:+,$3}}" 201 >/dev/null
}

slug="bench-$(date +%H%M%S)-$RANDOM"
say "account $slug, services through $api"
token >/dev/null
call POST /api/accounts "{\"slug\":\"$slug\",\"name\":\"Edge benchmark\"}" 201 >/dev/null
for s in hello gateway auth gateway-rpc auth-rpc router canary-prod canary-canary transform fresh; do
  call POST "/api/accounts/$slug/services" "{\"name\":\"$s\"}" 201 >/dev/null
done
version hello "$scenarios/hello.js"
version auth "$scenarios/auth.js" '"vars":{"SECRET_TOKEN":"s3cr3t-bench-token"}'
version gateway "$scenarios/gateway.js" '"bindings":[{"type":"service","name":"AUTH","service":"auth"}]'
if [[ " $scenario_list " == *" rpc "* ]]; then
  # only when measured: builds from before RPC (an A/B with deploy/local/bench-ab.sh) refuse cloudflare:workers
  version auth-rpc "$scenarios/auth-rpc.js" '"vars":{"SECRET_TOKEN":"s3cr3t-bench-token"}'
  version gateway-rpc "$scenarios/gateway-rpc.js" \
    '"bindings":[{"type":"service","name":"AUTH","service":"auth-rpc","entrypoint":"Auth"}]'
fi
version canary-prod "$scenarios/canary-prod.js"
version canary-canary "$scenarios/canary-canary.js"
version router "$scenarios/canary-router.js" \
  '"bindings":[{"type":"service","name":"PRODUCTION","service":"canary-prod"},{"type":"service","name":"CANARY","service":"canary-canary"}]'
version transform "$scenarios/json.js"

# scenario name → capnp, edge service, wrk script (bench_wrk_scripts)
bench_wrk_scripts "$work" "$scenarios"
declare -A capnp=([hello]=hello [gateway]=binding [rpc]=binding-rpc [canary]=canary [json]=json)
declare -A service=([hello]=hello [gateway]=gateway [rpc]=gateway-rpc [canary]=router [json]=transform)

# probe URL HOST SCRIPT — one request shaped like the load, prints "status body-start"
probe() {
  local args=(-s -o "$work/probe" -w '%{http_code}' -H "Host: $2")
  case $3 in
    *auth.lua) args+=(-H 'x-custom-token: s3cr3t-bench-token') ;;
    *json.lua) args+=(-H 'Content-Type: application/json' --data-binary "@$scenarios/payload.json") ;;
  esac
  printf '%s %s' "$(curl "${args[@]}" "$1")" "$(head -c 60 "$work/probe" | tr '\n' ' ')"
}
wrk_pin=(); server_pin=()
if [ "$cores" -ge 2 ]; then wrk_pin=(taskset -c 0); server_pin=(taskset -c 1); fi
# load URL HOST SCRIPT — warm-up, then measure; prints "req/s p50 p99 non2xx"
load() {
  local args=(-t"$threads" -c"$connections" --latency -H "Host: $2")
  [ -n "$3" ] && args+=(-s "$3")
  # warm-up: 10 s rounds until warm_requests were served or the warm-up time is spent
  local warmed=0 spent=0 n
  while [ "$warmed" -lt "$warm_requests" ] && [ "$spent" -lt "$warmup" ]; do
    n=$("${wrk_pin[@]}" wrk "${args[@]}" -d "$(( warmup - spent < 10 ? warmup - spent : 10 ))s" "$1" \
      | awk '/requests in/ {print $1}')
    warmed=$(( warmed + ${n:-0} )); spent=$(( spent + 10 ))
  done
  echo "   warm-up: $warmed requests" >&2
  echo "$warmed" >"$work/warmed"
  local out; out=$("${wrk_pin[@]}" wrk "${args[@]}" -d "${duration}s" "$1")
  printf '%s\n%s\n' "--- $1 Host: $2" "$out" >>"$work/wrk.log"
  printf '%s %s %s %s %s\n' "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
    "$(cat "$work/warmed")" "$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END { if (NR==0) print "-"; else if (NR%2) print v[(NR+1)/2]; else printf "%.2f", (v[NR/2]+v[NR/2+1])/2 }'; }
smallest() { printf '%s\n' "$@" | sort -g | head -1; }
largest() { printf '%s\n' "$@" | sort -g | tail -1; }
ms() { # wrk latency (us/ms/s) → ms
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n*=1000; printf "%.2f", n }'
}

# workerd_load NAME LABEL — workerd started for scenario NAME, warmed and measured as load() does, then stopped; sets
# workerd_result. The edge is paused meanwhile (an idle JVM on the same core still takes a share of it: compiler
# threads, GC, the watchdog), and workerd only runs while it is measured.
workerd_load() {
  local name=$1 wpid
  kill -STOP "$edge_pid"
  # the capnp files embed their .js by relative path: run from the scenario folder
  (cd "$scenarios" && exec "${server_pin[@]}" "$workerd_bin" serve "${capnp[$name]}.capnp" config \
    -s "http=127.0.0.1:$workerd_port") >"$work/workerd-$name.log" 2>&1 &
  wpid=$!; started+=("$wpid")
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$workerd_port/" && break; sleep 0.1; done
  say "workerd $name, $2: $(probe "http://127.0.0.1:$workerd_port/" localhost "${script[$name]}")"
  workerd_result=$(load "http://127.0.0.1:$workerd_port/" localhost "${script[$name]}")
  echo "   $workerd_result" >&2
  kill "$wpid"; wait "$wpid" 2>/dev/null || true
  kill -CONT "$edge_pid"
}

declare -A result
$loads || order=()
[ "$cores" -ge 2 ] && $loads && taskset -a -p -c 1 "$edge_pid" >/dev/null
for round in $(seq 1 "$runs"); do
for name in "${order[@]}"; do
  host="${service[$name]}.$slug.localhost"
  for _ in $(seq 1 100); do [ "$(probe "$edge/" "$host" "${script[$name]}" | cut -c1-3)" = 200 ] && break; sleep 0.1; done
  say "edge $name, round $round/$runs ($host): $(probe "$edge/" "$host" "${script[$name]}")"
  result[edge.$name.$round]=$(load "$edge/" "$host" "${script[$name]}")
  echo "   ${result[edge.$name.$round]}" >&2
  if $workerd; then
    workerd_load "$name" "round $round/$runs"
    result[workerd.$name.$round]=$workerd_result
  fi
done
done
[ "$cores" -ge 2 ] && taskset -a -p "$edge_affinity" "$edge_pid" >/dev/null
if [ "$(cat "$state/pids/edge-node.pid" 2>/dev/null || echo "$edge_pid")" != "$edge_pid" ]; then
  echo "bench-edge.sh: WARNING the edge was restarted during the load tests: its figures are not warm" >&2
fi

# --- deploy → first response ------------------------------------------------------------------
$loads && say "deploy → first response, $deploys deploys of service fresh"
fresh_host="fresh.$slug.localhost"
: >"$work/deploy.txt"
$loads || deploys=0
# One process for every deploy: the POST and the polls go over kept-alive connections (a curl per poll cost a process
# start each, on the two cores the edge and the API share, and coarsened the figure to its ~10 ms).
[ "$deploys" -gt 0 ] && BENCH_TOKEN=$(token) python3 - "$api" "$edge" "$slug" "$fresh_host" "$deploys" >"$work/deploy.txt" <<'PY'
import http.client, json, os, socket, sys, threading, time, urllib.parse
api_url, edge_url, slug, host, deploys = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
# When each notice reaches a subscriber of edgeworks:notices (as the edge's is): splits the time from the POST to the
# new body into the control plane's part (outbox, relay, publish) and the edge's (fetch, verify, build, swap, request).
notices = []
def subscribe():
    s = socket.create_connection((os.environ.get("REDIS_HOST", "127.0.0.1"), int(os.environ.get("REDIS_PORT", "6379"))))
    s.sendall(b"*2\r\n$9\r\nSUBSCRIBE\r\n$17\r\nedgeworks:notices\r\n")
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return
        if b"message" in chunk:
            notices.append(time.perf_counter())
threading.Thread(target=subscribe, daemon=True).start()
time.sleep(0.2)
def connect(url):
    u = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(u.hostname, u.port)
api, edge = connect(api_url), connect(edge_url)
headers = {"Authorization": "Bearer " + os.environ["BENCH_TOKEN"], "Content-Type": "application/json"}
for i in range(1, deploys + 1):
    expected = f"fresh {i} {slug}"
    source = "export default { fetch() { return new Response('%s'); } };" % expected
    body = json.dumps({"main_module": "worker.js", "modules": {"worker.js": source}})
    t0 = time.perf_counter()
    api.request("POST", f"/api/accounts/{slug}/services/fresh/environments/production/versions", body, headers)
    answer = api.getresponse()
    text = answer.read().decode()
    if answer.status != 201:
        sys.exit(f"bench-edge.sh: deploy {i} answered {answer.status}: {text}")
    t1 = time.perf_counter()
    while True:
        started = time.perf_counter()
        edge.request("GET", "/", headers={"Host": host})
        served = edge.getresponse().read().decode()
        t2 = time.perf_counter()
        if served == expected:
            break
        if t2 - t0 > 30:
            sys.exit(f"bench-edge.sh: deploy {i} not served after 30 s")
        time.sleep(0.001)
    # total µs from POST to the new body, µs from the 201 to the new body, first-request seconds, µs from the POST to
    # the notice (-1: none seen), µs from the notice to the new body
    notice = next((t for t in notices if t >= t0), None)
    to_notice = int((notice - t0) * 1e6) if notice is not None else -1
    from_notice = int((t2 - notice) * 1e6) if notice is not None else -1
    print(int((t2 - t0) * 1e6), int((t2 - t1) * 1e6), f"{t2 - started:.6f}", to_notice, from_notice, flush=True)
    time.sleep(0.2)
PY
# BENCH_DEPLOY_ROWS=FILE keeps each deploy's row (µs: POST → body, 201 → body; first request s; POST → notice, notice → body)
[ -z "${BENCH_DEPLOY_ROWS:-}" ] || cp "$work/deploy.txt" "$BENCH_DEPLOY_ROWS"
# pcts 'AWK': the p50 and p99 (nearest rank) of the values the awk program prints from the deploy rows, one decimal each
pcts() {
  awk "$1" "$work/deploy.txt" | sort -g | awk '{v[NR]=$1} END {
    i=int(0.5*NR+0.999999); j=int(0.99*NR+0.999999); printf "%.1f %.1f\n", v[i], v[j] }'
}
read -r d50 d99 < <(pcts '{print $1/1000}')
read -r a50 a99 < <(pcts '{print $2/1000}')
read -r f50 f99 < <(pcts '{print $3*1000}')
read -r n50 n99 < <(pcts '$4 >= 0 {print $4/1000}')
# (not e50/e99: the scenario table below reuses those names for the edge's latencies, and printed hello's p50/p99 here)
read -r x50 x99 < <(pcts '$5 >= 0 {print $5/1000}')
# from the 201 to the notice: the relay's part after the commit (the POST's own time, $1 - $2, taken off)
read -r c50 c99 < <(pcts '$4 >= 0 {print ($4 - ($1 - $2))/1000}')

heap_used_kb() {
  kill -0 "$edge_pid" 2>/dev/null || { echo "bench-edge.sh: the edge (pid $edge_pid) is gone (restarted by up.sh?); heap figure abandoned" >&2; return 1; }
  jcmd "$edge_pid" GC.run >/dev/null; sleep 1; jcmd "$edge_pid" GC.run >/dev/null; sleep 1
  # the JVM's own gauge, summed over the heap's pools: the same under every collector (GC.heap_info's format is G1's)
  curl -fs -m 5 "$edge_management/q/metrics" \
    | awk 'index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 {sum += $NF} END {printf "%d\n", sum / 1024}'
}

# --- an aged node -----------------------------------------------------------------------------
# The same node after aged_minutes of mixed traffic: the scenarios with 4 connections each, a new version of `fresh`
# every 20 s, and a hostile account (deploy/bench/aged/hostile.js) beside them; then every scenario measured again as
# the rounds measure it (aged_warmup s of load first) and set against its fresh-and-warm median.
aged_rows=(); aged_state=()
# node_state LABEL — RSS, threads, heap after GC and the pool's gauges of the edge now
node_state() {
  local rss threads heap gauges
  rss=$(awk '/^VmRSS/ {printf "%d", $2/1024}' "/proc/$edge_pid/status")
  threads=$(awk '/^Threads/ {print $2}' "/proc/$edge_pid/status")
  heap=$(( $(heap_used_kb) / 1024 ))
  gauges=$(curl -fs -m 5 "$edge_management/q/metrics" | awk '
    /^edge_worker_threads / {t=$2} /^edge_cached_contexts / {c=$2} /^edge_spare_contexts / {s=$2}
    END {printf "%d worker threads, %d cached contexts, %d spare", t, c, s}')
  aged_state+=("$1|$rss|$threads|$heap|$gauges")
  echo "   $1: RSS $rss MB, $threads threads, heap after GC $heap MB, $gauges" >&2
}
if $aged && $loads; then
  hostile_slug="hostile-$(date +%H%M%S)-$RANDOM"
  say "an aged node: ${aged_minutes} min of mixed traffic with a hostile account ($hostile_slug)"
  call POST /api/accounts "{\"slug\":\"$hostile_slug\",\"name\":\"Hostile tenant\"}" 201 >/dev/null
  call POST "/api/accounts/$hostile_slug/services" '{"name":"hog"}' 201 >/dev/null
  call POST "/api/accounts/$hostile_slug/services/hog/environments/production/versions" \
    "{\"main_module\":\"worker.js\",\"modules\":{\"worker.js\":$(js "$root/deploy/bench/aged/hostile.js")},\"bindings\":[{\"type\":\"service\",\"name\":\"SELF\",\"service\":\"hog\"}]}" \
    201 >/dev/null
  hog_host="hog.$hostile_slug.localhost"
  for _ in $(seq 1 100); do [ "$(probe "$edge/" "$hog_host" "" | cut -c1-3)" = 404 ] && break; sleep 0.1; done
  # wrk scripts that cycle through the hostile paths: quick ones (each ends at a limit or at once) and slow ones
  # (each holds its request or connection until a limit ends it)
  cycle_lua() { # FILE PATH... — a wrk script requesting the paths in turn
    local f=$1; shift
    { printf 'local paths = {'; printf '"%s",' "$@"; printf '}\n'
      printf 'local i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format("GET", paths[(i %% #paths) + 1] .. "?n=" .. i)\nend\n'
    } >"$f"
  }
  # shellcheck disable=SC2086 # HOSTILE_PATHS is a list of words
  cycle_lua "$work/hostile-quick.lua" ${HOSTILE_PATHS:-/spin /fill /keep /timers /recurse /regex /deep /reject /big /shapes}
  cycle_lua "$work/hostile-slow.lua" /hang /linger /stall
  node_state "before"
  [ "$cores" -ge 2 ] && taskset -a -p -c 1 "$edge_pid" >/dev/null
  aged_t0=$(date +%s); aged_end=$(( aged_t0 + aged_minutes * 60 ))
  aged_pids=()
  for name in "${order[@]}"; do
    args=(-t1 -c4 --latency -d "$(( aged_minutes * 60 ))s" -H "Host: ${service[$name]}.$slug.localhost")
    [ -n "${script[$name]}" ] && args+=(-s "${script[$name]}")
    "${wrk_pin[@]}" wrk "${args[@]}" "$edge/" >"$work/aged-$name.txt" 2>&1 &
    aged_pids+=($!); started+=($!)
  done
  "${wrk_pin[@]}" wrk -t1 -c4 --timeout 35s -d "$(( aged_minutes * 60 ))s" -H "Host: $hog_host" \
    -s "$work/hostile-quick.lua" "$edge/" >"$work/aged-hostile-quick.txt" 2>&1 &
  aged_pids+=($!); started+=($!)
  "${wrk_pin[@]}" wrk -t1 -c16 --timeout 70s -d "$(( aged_minutes * 60 ))s" -H "Host: $hog_host" \
    -s "$work/hostile-slow.lua" "$edge/" >"$work/aged-hostile-slow.txt" 2>&1 &
  aged_pids+=($!); started+=($!)
  churn=0; next_report=$(( aged_t0 + 60 ))
  while [ "$(date +%s)" -lt "$aged_end" ]; do
    churn=$(( churn + 1 ))
    call POST "/api/accounts/$slug/services/fresh/environments/production/versions" \
      "{\"main_module\":\"worker.js\",\"modules\":{\"worker.js\":\"export default { fetch() { return new Response('churn $churn'); } };\"}}" \
      201 >/dev/null || echo "   churn deploy $churn failed" >&2
    curl -s -o /dev/null -H "Host: fresh.$slug.localhost" "$edge/" || true
    if [ "$(date +%s)" -ge "$next_report" ]; then
      echo "   $(( ($(date +%s) - aged_t0) / 60 )) min: RSS $(awk '/^VmRSS/ {printf "%d", $2/1024}' "/proc/$edge_pid/status") MB, $(awk '/^Threads/ {print $2}' "/proc/$edge_pid/status") threads, $churn versions of fresh, load $(cut -d' ' -f1 /proc/loadavg)" >&2
      next_report=$(( next_report + 60 ))
    fi
    sleep 20
  done
  for p in "${aged_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  # what the soak served, per load: requests, non-2xx, socket errors (wrk's summary lines), the tenant's p99
  for f in "$work"/aged-*.txt; do
    label=$(basename "$f" .txt); label=${label#aged-}
    printf '   %-14s %s; %s; %s%s\n' "$label" "$(awk '/requests in/ {print $1, "requests"}' "$f")" \
      "$(awk '/Non-2xx/ {print $NF, "non-2xx"}' "$f")" "$(awk '/Socket errors/ {sub(/^ *Socket errors: */, ""); print}' "$f")" \
      "$(awk '$1=="99%" {print "; p99 " $2}' "$f")" >&2
  done
  # limit_hits ACCOUNT — an account's limit hits and refusals by kind, from the edge's metrics
  limit_hits() {
    curl -fs -m 5 "$edge_management/q/metrics" | awk -v a="account=\"$1\"" '
      index($0, a) && /^edge_(limit_hits|requests_refused)_total/ {
        k = $1; sub(/^edge_/, "", k); sub(/\{.*limit="/, " ", k); sub(/".*/, "", k); sub(/_total\{.*/, "", k); n[k] += $2 }
      END { for (k in n) printf "%s%s %d", (sep++ ? ", " : ""), k, n[k] }'
  }
  aged_limits=$(limit_hits "$hostile_slug")
  aged_victim_limits=$(limit_hits "$slug") # the benchmark's own account: any hit here is another tenant's cost
  echo "   the hostile account's limit hits and refusals: ${aged_limits:-none}" >&2
  echo "   the benchmark account's (since its creation, rounds included): ${aged_victim_limits:-none}" >&2
  sleep 10 # the slow paths' last requests end at their limits
  [ "$cores" -ge 2 ] && taskset -a -p "$edge_affinity" "$edge_pid" >/dev/null # GC.run and the probes
  node_state "after ${aged_minutes} min"
  [ "$cores" -ge 2 ] && taskset -a -p -c 1 "$edge_pid" >/dev/null
  saved=("$warmup" "$warm_requests"); warmup=$aged_warmup; warm_requests=999999999
  for name in "${order[@]}"; do
    host="${service[$name]}.$slug.localhost"
    say "aged edge $name: $(probe "$edge/" "$host" "${script[$name]}")"
    e=$(load "$edge/" "$host" "${script[$name]}"); echo "   $e" >&2
    aged_rows+=("$name|$e")
  done
  [ "$cores" -ge 2 ] && taskset -a -p "$edge_affinity" "$edge_pid" >/dev/null
  warmup=${saved[0]}; warm_requests=${saved[1]}
fi

# --- a young node -----------------------------------------------------------------------------
# The edge restarted the way up.sh starts it; from young_after s after the start, each scenario once: young_warmup s of
# load, then young_duration s measured (so later scenarios meet an older node, as a node's first minutes go); workerd
# started afresh per scenario and given the same, with the edge paused.
young_rows=()
if $young && $loads; then
  say "a young node: restarting the edge (deploy/lib/apps.sh; EDGE_JAVA_OPTS='${EDGE_JAVA_OPTS:-}')"
  (
    set +u
    source "$root/deploy/lib/common.sh"; source "$root/deploy/lib/java.sh"; source "$root/deploy/lib/keys.sh"
    source "$root/deploy/lib/apps.sh"
    export_key_env
    stop_app edge-node
    start_app edge-node
  ) >&2 || { echo "bench-edge.sh: restarting the edge failed" >&2; exit 1; }
  young_started=$(date +%s)
  for _ in $(seq 1 180); do curl -fs -m 2 -o /dev/null "$edge_management/q/health/ready" && break; sleep 1; done
  curl -fs -m 2 -o /dev/null "$edge_management/q/health/ready" || { echo "bench-edge.sh: the restarted edge is not ready after 180 s" >&2; exit 1; }
  edge_pid=$(cat "$state/pids/edge-node.pid")
  echo "   ready $(( $(date +%s) - young_started )) s after its start (pid $edge_pid)" >&2
  [ "$cores" -ge 2 ] && taskset -a -p -c 1 "$edge_pid" >/dev/null
  while [ $(( $(date +%s) - young_started )) -lt "$young_after" ]; do sleep 1; done
  saved=("$warmup" "$warm_requests" "$duration"); warmup=$young_warmup; warm_requests=999999999; duration=$young_duration
  for name in "${order[@]}"; do
    host="${service[$name]}.$slug.localhost"
    at=$(( $(date +%s) - young_started ))
    say "young edge $name, ${at} s after its start: $(probe "$edge/" "$host" "${script[$name]}")"
    e=$(load "$edge/" "$host" "${script[$name]}"); echo "   $e" >&2
    w="- - - - -"
    if $workerd; then
      workerd_load "$name" "afresh, next to the young edge"
      w=$workerd_result
    fi
    young_rows+=("$name|$at|$e|$w")
  done
  warmup=${saved[0]}; warm_requests=${saved[1]}; duration=${saved[2]}
  [ "$cores" -ge 2 ] && taskset -a -p "$edge_affinity" "$edge_pid" >/dev/null
fi

# --- heap per environment ---------------------------------------------------------------------
heap_rows=()
if $heap; then
  tiny_env() { # i — one service (its production environment), one tiny version, then one request
    local i=$1 t=$2
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --retry 5 --retry-connrefused --retry-delay 1 -X POST \
      -H "Authorization: Bearer $t" -H 'Content-Type: application/json' -d "{\"name\":\"e$i\"}" "$api/api/accounts/$slug/services")
    case $code in
      201|409) ;;
      400|429) echo "service e$i: HTTP $code" >&2; : >"$heap_refused"; return 0 ;;
      *) echo "service e$i: HTTP $code" >&2; return 0 ;;
    esac
    curl -fs -o /dev/null --retry 5 --retry-connrefused --retry-delay 1 -X POST -H "Authorization: Bearer $t" -H 'Content-Type: application/json' \
      -d "{\"modules\":{\"worker.js\":\"export default { fetch() { return new Response('e$i'); } };\"},\"main_module\":\"worker.js\"}" \
      "$api/api/accounts/$slug/services/e$i/environments/production/versions" || echo "version e$i failed" >&2
  }
  # 400 (services per account) or 429 (deploys or API requests per minute): platform-api's quotas refuse a heap run
  heap_refused=$(mktemp -u)
  export -f tiny_env; export api slug heap_refused
  pid_now=$(cat "$state/pids/edge-node.pid" 2>/dev/null || echo "$edge_pid")
  [ "$pid_now" = "$edge_pid" ] || { echo "bench-edge.sh: the edge was restarted during the run (pid $edge_pid → $pid_now); measuring heap on the new one" >&2; edge_pid=$pid_now; }
  say "heap per environment: edge pid $edge_pid, counts $envs"
  base_kb=$(heap_used_kb)
  echo "   heap used before: $base_kb KB" >&2
  done_count=0
  heap_t0=$(date +%s); stopped=false
  for target in $envs; do
    while [ "$done_count" -lt "$target" ]; do
      if [ "$heap_budget" -gt 0 ] && [ $(( $(date +%s) - heap_t0 )) -ge "$heap_budget" ]; then
        echo "   --heap-budget ${heap_budget}s spent: measuring with $done_count of $target environments" >&2
        target=$done_count; stopped=true; break
      fi
      batch_end=$(( done_count + 500 < target ? done_count + 500 : target ))
      t=$(token_at=0; token)
      seq $((done_count + 1)) "$batch_end" | xargs -P 4 -I{} bash -c 'tiny_env "$1" "$2"' _ {} "$t"
      if [ -e "$heap_refused" ]; then
        rm -f "$heap_refused"
        echo "bench-edge.sh: platform-api's quotas refused services or versions (HTTP 400/429 above); heap figure abandoned." >&2
        echo "  Start the stack for it with the quotas raised, e.g. EDGEWORKS_JAVA_OPTS='-Dplatform.quotas.services-per-account=20000" >&2
        echo "  -Dplatform.quotas.deploys-per-minute=100000 -Dplatform.quotas.api-requests-per-minute=1000000' deploy/local/up.sh --no-build" >&2
        heap_rows=(); stopped=true; target=0; break
      fi
      # one request to each so the edge has loaded it
      seq $((done_count + 1)) "$batch_end" | xargs -P 4 -I{} curl -s -o /dev/null -H "Host: e{}.$slug.localhost" "$edge/"
      done_count=$batch_end
      echo "   $done_count environments ($(( $(date +%s) - heap_t0 )) s)" >&2
    done
    [ "$target" -gt 0 ] || break
    served=0
    for i in $(seq 1 "$target"); do [ $((i % (target / 50 + 1))) -eq 0 ] || continue
      [ "$(curl -s -H "Host: e$i.$slug.localhost" "$edge/")" = "e$i" ] && served=$((served + 1)); done
    used_kb=$(heap_used_kb)
    per=$(( (used_kb - base_kb) * 1024 / target ))
    heap_rows+=("$target|$used_kb|$per|$(( $(date +%s) - heap_t0 ))|$served/$(( target / (target / 50 + 1) ))")
    echo "   $target environments: heap used $used_kb KB, $per bytes each, sample served ${heap_rows[-1]##*|}" >&2
    $stopped && break
  done
fi

# --- table ------------------------------------------------------------------------------------
echo
echo "date $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), $cores cores; command: $command_line"
if $loads; then
  echo "wrk -t$threads -c$connections, warm-up up to ${warmup}s or $warm_requests requests, then ${duration}s per figure; server ${server_pin[*]:-unpinned}, wrk ${wrk_pin[*]:-unpinned}; workerd $workerd_version"
  echo
  echo "$runs round(s): req/s and p50 are the medians of the rounds, p99 the worst round's; the ratio is of the medians, its spread over the rounds"
  echo
  echo "| scenario | edge req/s | edge p50 ms | edge p99 ms | workerd req/s | workerd p50 ms | workerd p99 ms | edge/workerd req/s | ratio per round, min–max | warm-up requests edge / workerd |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  declare -A cpu
  for name in "${order[@]}"; do
    # per round: "req/s p50 p99 warm non2xx" for each server; the row shows the medians (p99: the worst round)
    ers=(); e50s=(); e99s=(); wrs=(); w50s=(); w99s=(); ratios=(); ewarms=(); wwarms=(); enon=; wnon=
    for round in $(seq 1 "$runs"); do
      read -r r p50 p99 warm non <<<"${result[edge.$name.$round]}"
      ers+=("$r"); e50s+=("$(ms "$p50")"); e99s+=("$(ms "$p99")"); ewarms+=("$warm"); enon="${enon}${non}"
      if $workerd; then
        read -r wr p50 p99 warm non <<<"${result[workerd.$name.$round]}"
        wrs+=("$wr"); w50s+=("$(ms "$p50")"); w99s+=("$(ms "$p99")"); wwarms+=("$warm"); wnon="${wnon}${non}"
        ratios+=("$(awk -v a="$r" -v b="$wr" 'BEGIN { if (b>0) printf "%.2f", a/b; else print 0 }')")
      fi
    done
    er=$(median "${ers[@]}"); e50=$(median "${e50s[@]}"); e99=$(largest "${e99s[@]}")
    cpu[edge.$name]=$(awk -v r="$er" 'BEGIN { if (r>0) printf "%.1f", 1e6/r; else print 0 }')
    if $workerd; then
      wr=$(median "${wrs[@]}"); w50=$(median "${w50s[@]}"); w99=$(largest "${w99s[@]}")
      cpu[workerd.$name]=$(awk -v r="$wr" 'BEGIN { if (r>0) printf "%.1f", 1e6/r; else print 0 }')
      ratio=$(awk -v a="$er" -v b="$wr" 'BEGIN { if (b>0) printf "%.2f", a/b; else print "-" }')
      spread="$(smallest "${ratios[@]}")–$(largest "${ratios[@]}")"
    else
      wr=-; w50=-; w99=-; ratio=-; spread=-
    fi
    note=""; [ -n "$enon" ] && note=" (edge non-2xx: $enon)"; [ -n "$wnon" ] && note="$note (workerd non-2xx: $wnon)"
    ewarm=$(IFS=,; echo "${ewarms[*]}"); wwarm=$(IFS=,; echo "${wwarms[*]:-}"); [ -n "$wwarm" ] || wwarm=-
    echo "| $name$note | $er | $e50 | $e99 | $wr | $w50 | $w99 | $ratio | $spread | ${ewarm//,/, } / ${wwarm//,/, } |"
  done
  echo
  echo "| CPU per request: µs of the one pinned core (1e6 ÷ median req/s) | edge | workerd | edge/workerd |"
  echo "|---|---:|---:|---:|"
  cpu_row() { # LABEL SCENARIO [MINUS]: a scenario's µs per request, or its difference with another's
    local e=- w=-
    [ -z "${cpu[edge.$2]:-}" ] || e=$(awk -v a="${cpu[edge.$2]}" -v b="${3:+${cpu[edge.$3]:-0}}" 'BEGIN { printf "%.1f", a-b }')
    [ -z "${cpu[workerd.$2]:-}" ] || w=$(awk -v a="${cpu[workerd.$2]}" -v b="${3:+${cpu[workerd.$3]:-0}}" 'BEGIN { printf "%.1f", a-b }')
    echo "| $1 | $e | $w | $(awk -v a="$e" -v b="$w" 'BEGIN { if (a!="-" && b!="-" && b>0) printf "%.2f", a/b; else print "-" }') |"
  }
  for name in "${order[@]}"; do cpu_row "$name" "$name"; done
  if [ -n "${cpu[edge.hello]:-}" ] && [ -n "${cpu[edge.gateway]:-}" ]; then
    cpu_row "one service-binding hop (gateway − hello; auth's own work included)" gateway hello
  fi
  if [ -n "${cpu[edge.hello]:-}" ] && [ -n "${cpu[edge.rpc]:-}" ]; then
    cpu_row "one RPC hop (rpc − hello; auth's own work included)" rpc hello
  fi
  echo
  echo "| deploy (edge, $deploys deploys) | p50 | p99 |"
  echo "|---|---:|---:|"
  echo "| POST version (deploy at 100%) → new version's first response | ${d50} ms | ${d99} ms |"
  echo "| 201 of the POST → new version's first response | ${a50} ms | ${a99} ms |"
  echo "| first request served by the fresh version (its own time, kept-alive connection) | ${f50} ms | ${f99} ms |"
  echo "| POST → its notice on Redis (platform-api: transaction, outbox, relay, publish) | ${n50:--} ms | ${n99:--} ms |"
  echo "| 201 → its notice on Redis (platform-api after the commit: NOTIFY, relay, publish) | ${c50:--} ms | ${c99:--} ms |"
  echo "| notice → new version's first response (edge: fetch, verify, build, swap, the request) | ${x50:--} ms | ${x99:--} ms |"
fi
if [ ${#aged_rows[@]} -gt 0 ]; then
  echo
  echo "An aged node: the same node after ${aged_minutes} min of mixed traffic beside a hostile account (deploy/bench/aged/hostile.js), each scenario measured ${duration} s after ${aged_warmup} s of load; fresh = the rounds' median above"
  echo
  echo "| scenario (aged node) | edge req/s aged | fresh | aged/fresh | edge p99 ms aged | fresh (worst round) | aged edge/workerd req/s |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for row in "${aged_rows[@]}"; do
    IFS='|' read -r name e <<<"$row"
    read -r ar _ a99 _ _ <<<"$e"
    fr=-; f99=-; wr=-
    if [ "$runs" -gt 0 ]; then
      frs=(); f99s=(); wrs=()
      for round in $(seq 1 "$runs"); do
        read -r r _ p99 _ _ <<<"${result[edge.$name.$round]}"; frs+=("$r"); f99s+=("$(ms "$p99")")
        if $workerd; then read -r w _ _ _ _ <<<"${result[workerd.$name.$round]}"; wrs+=("$w"); fi
      done
      fr=$(median "${frs[@]}"); f99=$(largest "${f99s[@]}"); $workerd && wr=$(median "${wrs[@]}")
    fi
    echo "| $name | $ar | $fr | $(awk -v a="$ar" -v b="$fr" 'BEGIN { if (b+0>0) printf "%.2f", a/b; else print "-" }') | $(ms "$a99") | $f99 | $(awk -v a="$ar" -v b="$wr" 'BEGIN { if (b+0>0) printf "%.2f", a/b; else print "-" }') |"
  done
  echo
  echo "| the node (edge process) | RSS MB | threads | heap after GC MB | pool |"
  echo "|---|---:|---:|---:|---|"
  for row in "${aged_state[@]}"; do
    IFS="|" read -r label rss threads heap_mb gauges <<<"$row"
    echo "| $label | $rss | $threads | $heap_mb | $gauges |"
  done
  echo
  echo "the hostile account's limit hits and refusals: ${aged_limits:-none}"
  echo "the benchmark account's limit hits and refusals (since its creation, rounds included): ${aged_victim_limits:-none}"
fi
if [ ${#young_rows[@]} -gt 0 ]; then
  echo
  echo "A young node: the edge restarted, each scenario from the second given after its start, ${young_warmup} s of load, then ${young_duration} s measured; workerd started afresh and given the same"
  echo
  echo "| scenario (young node) | s after start | edge req/s | edge p99 ms | workerd req/s | workerd p99 ms | edge/workerd req/s |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for row in "${young_rows[@]}"; do
    IFS='|' read -r name at e w <<<"$row"
    read -r er _ e99 _ _ <<<"$e"; read -r wr _ w99 _ _ <<<"$w"
    ratio=$(awk -v a="$er" -v b="$wr" 'BEGIN { if (b+0>0) printf "%.2f", a/b; else print "-" }')
    [ "$w99" = "-" ] || w99=$(ms "$w99")
    echo "| $name | $at | $er | $(ms "$e99") | $wr | $w99 | $ratio |"
  done
fi
if $heap; then
  echo
  echo "| environments | edge heap used after GC | heap per environment | time since the first (API deploys, requests, GC) | sample served |"
  echo "|---:|---:|---:|---:|---:|"
  echo "| 0 (this account) | $((base_kb / 1024)) MB | | | |"
  for row in "${heap_rows[@]}"; do
    IFS='|' read -r n used per secs served <<<"$row"
    echo "| $n | $((used / 1024)) MB | $per bytes | ${secs} s | $served |"
  done
fi
