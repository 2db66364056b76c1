#!/usr/bin/env bash
# Interleaved A/B(/C…) of edge variants on one machine: copies of the running stack's edge (its command line and
# environment, read from /proc), each with its own JVM options and optionally another build, all started beside the
# stack on its Redis and serving the same services, then measured in turn with the same load while every other
# edge (the stack's own too) is paused with SIGSTOP. Rounds alternate the variants' order. This machine's speed drifts
# by ±30% within minutes (RESULTS.md), which one stack after another (bench-ab.sh) cannot tell from a change; variants
# measured seconds apart can.
#   1. the benchmark's services in a fresh account (bench-edge.sh --quick --keep, a few seconds of load), unless --id;
#   2. each variant started (ports: the stack's + 10 × its position: 8091/9010/8453, 8101/9020/8463, …; logs
#      .state/logs/bench-pair-<name>.log) and waited for;
#   3. all pinned to one core (wrk on the other) and paused; each variant warmed (--warmup s per scenario), then
#      --passes passes of every scenario on every variant (--duration s each): req/s, p99 and the CPU each thread group
#      of the edge spent per request (event loops, worker threads, the rest: compiler, GC…) from /proc;
#   4. a table: per variant and scenario the median of the passes and its ratio to the first variant.
# Variants, one argument each: NAME=[JVM options] (this checkout's build), NAME@APP_DIR=[JVM options] (another
# build's edge-node/target/quarkus-app, e.g. one copied aside before a change) or NAME@running= (the stack's edge
# itself, e.g. an aged node after bench-edge.sh --aged --keep against a fresh copy). Example:
#   deploy/local/bench-pair.sh --scenarios "hello json" default= isc=-XX:InlineSmallCode=6000 isc2=-XX:InlineSmallCode=6000 default2=
# Usage: deploy/local/bench-pair.sh [--passes N] [--warmup S] [--duration S] [--scenarios "hello gateway json"]
#                                   [--id bench-HHMMSS-N] VARIANT...
#   --id          a kept account of bench-edge.sh (--keep) to load instead of creating one (kept at the end)
# Environment: WRK_CONNECTIONS [32] EDGEWORKS_API_URL EDGEWORKS_KEYCLOAK_URL BENCH_USER BENCH_PASSWORD
# Needs the stack (deploy/local/up.sh) and wrk. The copies are whole edge nodes (they run the state's cron triggers too
# while not stopped): a stack for benchmarks, not one serving anything else.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/deploy/lib/bench.sh"
state=$root/.state
passes=4; warmup=45; duration=10; scenario_list="hello gateway json"; id=""
variants=()
while [ $# -gt 0 ]; do
  case $1 in
    --passes) passes=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --duration) duration=${2:?}; shift 2 ;;
    --scenarios) scenario_list=${2:?}; shift 2 ;;
    --id) id=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "bench-pair.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    *=*) variants+=("$1"); shift ;;
    *) echo "bench-pair.sh: '$1' is not a variant (NAME=[options] or NAME@APP_DIR=[options])" >&2; exit 2 ;;
  esac
done
[ ${#variants[@]} -ge 2 ] || { echo "bench-pair.sh: give two variants or more (try --help)" >&2; exit 2; }
for v in "$passes" "$warmup" "$duration"; do
  case $v in ''|*[!0-9]*) echo "bench-pair.sh: '$v' is not a positive number" >&2; exit 2 ;; esac
done
declare -A service=([hello]=hello [gateway]=gateway [rpc]=gateway-rpc [canary]=router [json]=transform)
for s in $scenario_list; do
  [ -n "${service[$s]:-}" ] || { echo "bench-pair.sh: unknown scenario '$s' (hello gateway rpc canary json)" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "bench-pair.sh: wrk is missing (bench-edge.sh installs it)" >&2; exit 1; }
api=${EDGEWORKS_API_URL:-http://127.0.0.1:8080}
keycloak=${EDGEWORKS_KEYCLOAK_URL:-http://127.0.0.1:8180}
stack_edge=$(cat "$state/pids/edge-node.pid" 2>/dev/null || true)
[ -n "$stack_edge" ] && kill -0 "$stack_edge" 2>/dev/null \
  || { echo "bench-pair.sh: the stack's edge is not running (deploy/local/up.sh)" >&2; exit 1; }
stack_app=$root/edge-node/target/quarkus-app
stack_affinity=$(taskset -p "$stack_edge" | sed 's/.*: //')
stack_port=$(tr '\0' '\n' <"/proc/$stack_edge/environ" | sed -n 's/^QUARKUS_HTTP_PORT=//p' | head -1)
stack_port=${stack_port:-8081}
say() { printf '== %s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

work=$(mktemp -d)
created=false
declare -A pid port
names=()
cleanup() {
  for n in "${names[@]}"; do
    [ -n "${pid[$n]:-}" ] && [ "${pid[$n]}" != "$stack_edge" ] && { kill -CONT "${pid[$n]}" 2>/dev/null; kill "${pid[$n]}" 2>/dev/null; } || true
  done
  kill -CONT "$stack_edge" 2>/dev/null || true
  taskset -a -p "$stack_affinity" "$stack_edge" >/dev/null 2>&1 || true
  if $created; then
    local token
    token=$(bench_token) || true
    curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $token" "$api/api/accounts/$id" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "$id" ]; then
  say "the benchmark's services (bench-edge.sh --quick --keep, log $state/logs/bench-pair-setup.log)"
  WARMUP=3 DURATION=2 "$here/bench-edge.sh" --quick --keep --runs 1 --no-workerd --deploys 0 --no-heap \
    --scenarios "$scenario_list" >"$state/logs/bench-pair-setup.log" 2>&1
  id=$(sed -n 's/^== account \(bench-[0-9]*-[0-9]*\),.*/\1/p' "$state/logs/bench-pair-setup.log" | head -1)
  [ -n "$id" ] || { echo "bench-pair.sh: no account in $state/logs/bench-pair-setup.log" >&2; exit 1; }
  created=true
fi
say "account $id; scenarios: $scenario_list"

mapfile -d '' cmd <"/proc/$stack_edge/cmdline"
mapfile -d '' envs <"/proc/$stack_edge/environ"
i=0
for v in "${variants[@]}"; do
  i=$((i + 1))
  spec=${v%%=*}; opts=${v#*=}
  name=${spec%%@*}
  [ -z "${port[$name]:-}" ] || { echo "bench-pair.sh: variant $name given twice" >&2; exit 1; }
  if [ "${spec#*@}" = running ]; then # the stack's edge itself, as it is (an aged node against a fresh copy)
    [ -z "$opts" ] || { echo "bench-pair.sh: $name@running takes no options" >&2; exit 2; }
    names+=("$name"); pid[$name]=$stack_edge; port[$name]=$stack_port
    say "$name is the stack's edge (pid $stack_edge, port $stack_port)"
    continue
  fi
  app=$stack_app
  [ "$spec" != "$name" ] && app=$(cd "${spec#*@}" && pwd)
  [ -f "$app/quarkus-run.jar" ] || { echo "bench-pair.sh: $app has no quarkus-run.jar" >&2; exit 1; }
  http=$((8081 + 10 * i)); management=$((9000 + 10 * i)); tls=$((8443 + 10 * i))
  args=()
  for a in "${cmd[@]}"; do
    a=${a//$stack_app/$app}
    [ "$a" = -jar ] && { read -r -a extra <<<"$opts" || true; args+=("${extra[@]}"); }
    args+=("$a")
  done
  env=()
  for e in "${envs[@]}"; do
    case $e in QUARKUS_HTTP_PORT=*|EDGE_NODE_PORT=*|EDGE_MANAGEMENT_PORT=*|EDGE_NODE_MANAGEMENT_PORT=*|EDGE_TLS_PORT=*|EDGE_NODE_TLS_PORT=*) ;;
      *) env+=("$e") ;; esac
  done
  env+=("QUARKUS_HTTP_PORT=$http" "EDGE_NODE_PORT=$http" "EDGE_MANAGEMENT_PORT=$management"
    "EDGE_NODE_MANAGEMENT_PORT=$management" "EDGE_TLS_PORT=$tls" "EDGE_NODE_TLS_PORT=$tls")
  (cd "$root" && exec env -i "${env[@]}" "${args[@]}") >"$state/logs/bench-pair-$name.log" 2>&1 &
  names+=("$name"); pid[$name]=$!; port[$name]=$http
  for _ in $(seq 1 180); do
    curl -fs -m 2 -o /dev/null "http://127.0.0.1:$management/q/health/ready" && break
    kill -0 "${pid[$name]}" 2>/dev/null || { echo "bench-pair.sh: $name exited: $state/logs/bench-pair-$name.log" >&2; exit 1; }
    sleep 1
  done
  curl -fs -m 2 -o /dev/null "http://127.0.0.1:$management/q/health/ready" \
    || { echo "bench-pair.sh: $name not ready in 180 s: $state/logs/bench-pair-$name.log" >&2; exit 1; }
  say "$name started (pid ${pid[$name]}, port $http, ${opts:-no extra options}, $app)"
done

wrk_pin=(); server_core=""
if [ "$(nproc)" -ge 2 ]; then wrk_pin=(taskset -c 0); server_core=1; fi
kill -STOP "$stack_edge"
for n in "${names[@]}"; do
  [ -n "$server_core" ] && taskset -a -p -c "$server_core" "${pid[$n]}" >/dev/null
  kill -STOP "${pid[$n]}"
done

bench_wrk_scripts "$work" "${SCENARIOS_DIR:-/work/shared/bench/workerd-scenarios}"
tick=$(getconf CLK_TCK)
# ticks PID — per thread: its id, group (event loop, worker, other) and CPU clock ticks
ticks() {
  local t c
  for t in /proc/$1/task/*; do
    c=$(cat "$t/comm" 2>/dev/null) || continue
    case $c in vert.x-eventloo*) c=e ;; edge-worker-*) c=w ;; *) c=o ;; esac
    awk -v id="${t##*/}" -v g="$c" '{ sub(/^.*\) /, ""); print id, g, $12 + $13 }' "$t/stat" 2>/dev/null || true
  done
}
# spent BEFORE AFTER — ticks by group over the threads alive at both ends: "event-loops workers other"
spent() {
  awk 'NR == FNR { before[$1] = $3; next } ($1 in before) { d[$2] += $3 - before[$1] }
       END { printf "%d %d %d\n", d["e"], d["w"], d["o"] }' "$1" "$2"
}
# measure NAME SCENARIO SECONDS LABEL — one wrk run of the variant alone; appends a row to $work/rows
measure() {
  local n=$1 s=$2 d=$3 out rps p99 count e w o bad
  local args=(-t1 -c"${WRK_CONNECTIONS:-32}" -d"${d}s" --latency -H "Host: ${service[$s]}.$id.localhost")
  [ -n "${script[$s]}" ] && args+=(-s "${script[$s]}")
  kill -CONT "${pid[$n]}"; sleep 0.5
  ticks "${pid[$n]}" >"$work/before"
  out=$("${wrk_pin[@]}" wrk "${args[@]}" "http://127.0.0.1:${port[$n]}/" 2>&1)
  ticks "${pid[$n]}" >"$work/after"
  read -r e w o < <(spent "$work/before" "$work/after")
  kill -STOP "${pid[$n]}"
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  count=$(awk '/requests in/ {print $1}' <<<"$out"); bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  [ -n "$rps" ] && [ "${count:-0}" -gt 0 ] || { echo "bench-pair.sh: wrk failed on $n $s: $out" >&2; exit 1; }
  per() { awk -v t="$1" -v k="$tick" -v c="$count" 'BEGIN { printf "%.1f", t * 1e6 / k / c }'; }
  printf '%s %-8s %-12s %-8s %10s req/s  p99 %8s  µs/req: event loops %6s  workers %6s  other %6s%s\n' \
    "$(date -u +%H:%M:%S)" "$4" "$n" "$s" "$rps" "$p99" "$(per "$e")" "$(per "$w")" "$(per "$o")" "${bad:+  non-2xx $bad}" >&2
  [ "$4" = warm ] || echo "$n $s $rps $(per "$e") $(per "$w")" >>"$work/rows"
}
say "warm-up: ${warmup} s per scenario and variant"
for s in $scenario_list; do for n in "${names[@]}"; do measure "$n" "$s" "$warmup" warm; done; done
for p in $(seq 1 "$passes"); do
  order=("${names[@]}")
  [ $((p % 2)) -eq 0 ] && mapfile -t order < <(printf '%s\n' "${names[@]}" | tac)
  for s in $scenario_list; do for n in "${order[@]}"; do measure "$n" "$s" "$duration" "pass$p"; done; done
done

echo
echo "| variant | scenario | req/s (median of $passes) | ÷ ${names[0]} | event loops µs/req | workers µs/req | per pass req/s |"
echo "|---|---|---:|---:|---:|---:|---|"
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for s in $scenario_list; do
  base=$(awk -v s="$s" -v n="${names[0]}" '$1 == n && $2 == s {print $3}' "$work/rows" | median)
  for n in "${names[@]}"; do
    m=$(awk -v s="$s" -v n="$n" '$1 == n && $2 == s {print $3}' "$work/rows" | median)
    el=$(awk -v s="$s" -v n="$n" '$1 == n && $2 == s {print $4}' "$work/rows" | median)
    wk=$(awk -v s="$s" -v n="$n" '$1 == n && $2 == s {print $5}' "$work/rows" | median)
    all=$(awk -v s="$s" -v n="$n" '$1 == n && $2 == s {printf "%s%.0f", sep, $3; sep = ", "}' "$work/rows")
    printf '| %s | %s | %.0f | ×%.2f | %s | %s | %s |\n' "$n" "$s" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN {print a / b}')" \
      "$el" "$wk" "$all"
  done
done
