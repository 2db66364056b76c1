#!/usr/bin/env bash
# Edge start-up with many environments: start → first request served, start → every environment served,
# and the heap after the load, for 1,000 and 10,000 environments, each on a cold start and after kill -9.
#   1. publishes N environments straight to its own Redis, signed like platform-api does (ManyPublisher, a test
#      fixture of edge-node): creating 10,000 environments through the REST API takes many minutes (each deploy is
#      a database transaction, a signature and a publication), and the start-up being measured only reads Redis;
#   2. starts the packaged edge node as deploy/lib/apps.sh does (java -jar with the options of edge-node/jvm-options.sh:
#      on its runtime image with the AOT cache of edge-node/aot-cache.sh; with EDGEWORKS_EDGE_AOT_CACHE=false the
#      JDK's java without a cache) and polls:
#      the first environment's hostname until it answers 200 (the edge's CPU time by then, per kind of thread in
#      edge-node/target/bench-start/threads-<envs>-<start>.txt) and, beside it, readiness (/q/health/ready, which also
#      waits for the runtime warm-up's every run, so it may come after the first response); then every hostname (one
#      curl, 8 transfers in parallel, repeated for those not yet 200). The polls cost next to no CPU (see nap below);
#   3. jcmd GC.run + GC.heap_info: heap used after every environment was served once, once settled; the pool's gauges and the live
#      GraalJS realms (GC.class_histogram);
#   4. kill -9 and the same again (a crashed node's restart).
# Uses its own Redis and edge on the ports below; stops only what it started.
#
# Usage: deploy/local/bench-start.sh [--envs "1000 10000"] [--eager] [--first-only]
#   --eager       start with edge.sync.lazy-start=false (every version compiled before the node is ready: the old way)
#   --first-only  skip requesting every hostname (the heap is then that of N environments loaded, one served)
# Environment: BENCH_REDIS_PORT [6393] BENCH_EDGE_PORT [18094] BENCH_EDGE_MANAGEMENT_PORT [18095]
#   EDGE_JAVA_OPTS (more JVM options for the edge, e.g. -Xmx512m); EDGEWORKS_EDGE_AOT_CACHE=false (no AOT cache)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
source deploy/lib/java.sh
envs="1000 10000"; lazy=true; serve=true
while [ $# -gt 0 ]; do
  case $1 in
    --envs) envs=${2:?--envs needs a list such as "1000 10000"}; shift 2 ;;
    --eager) lazy=false; shift ;;
    --first-only) serve=false; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-start.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
for v in $envs; do case $v in ''|*[!0-9]*) echo "bench-start.sh: '$v' is not a count" >&2; exit 2 ;; esac; done
redis_port=${BENCH_REDIS_PORT:-6393}
edge_port=${BENCH_EDGE_PORT:-18094}
mgmt_port=${BENCH_EDGE_MANAGEMENT_PORT:-18095}
work="$root/edge-node/target/bench-start"
mkdir -p "$work"
for t in curl jcmd redis-server redis-cli; do command -v $t >/dev/null || { echo "bench-start.sh: $t is missing" >&2; exit 1; }; done

say() { printf '== %s\n' "$*" >&2; }
[ -f edge-node/target/quarkus-app/quarkus-run.jar ] || { say "packaging edge-node"; ./mvnw -B -q -o -pl edge-node -am -DskipTests package; }
./mvnw -B -q -o -pl edge-node -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="$root/edge-node/target/test-classes:$root/edge-node/target/classes:$(cat "$work/cp.txt")"
[ -s "$work/keys/signing-key.id" ] || java -cp "$cp" io.edgeworks.bundle.KeyTool generate "$work/keys" >/dev/null

redis_pid=""; edge_pid=""; prober=""
cleanup() {
  [ -z "$prober" ] || kill "$prober" 2>/dev/null || true
  [ -z "$edge_pid" ] || kill -9 "$edge_pid" 2>/dev/null || true
  [ -z "$redis_pid" ] || kill "$redis_pid" 2>/dev/null || true
}
trap cleanup EXIT
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

read -r -d '' -a user_opts <<<"${EDGE_JAVA_OPTS:-}" || true
# the edge as deploy/lib/apps.sh starts it (the same options, so that the AOT cache trained for the stack's start
# serves here): its runtime image and the AOT cache trained for this build (EDGEWORKS_EDGE_AOT_CACHE=false: neither)
edge_java=$(bash edge-node/jvm-options.sh --java)
EDGEWORKS_SIGNING_PUBLIC_KEYS="$(cat "$work/keys/signing-key.id")=$(cat "$work/keys/signing-key.pub.b64")" \
EDGEWORKS_BUNDLE_SECRET_KEY="$(cat "$work/keys/secret-key.b64")" \
  bash edge-node/aot-cache.sh --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow "${user_opts[@]}"
mapfile -t jit < <(bash edge-node/jvm-options.sh | tr ' ' '\n' | sed '/^$/d')
now_ms() { local t=${EPOCHREALTIME/./}; echo $(( 10#$t / 1000 )); }
# Waiting and polling that cost the two cores the edge starts on next to nothing: a loop of curl, kill and date every
# 20 ms (this script until 2026-12-07) took ~0.7 of a core of its own while the edge started, so the figures were of an
# edge on ~1.3 cores. bash's /dev/tcp tries the port without a process; a FIFO held open by this shell lets `read -t`
# sleep without one.
port_open() { local fd; { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1; exec {fd}>&-; }
mkfifo "$work/nap.fifo"; exec {nap_fd}<>"$work/nap.fifo"; rm -f "$work/nap.fifo"
nap() { read -rt "$1" -u "$nap_fd" _ || true; }

start_edge() { # <log>
  EDGE_REDIS_URL="redis://127.0.0.1:$redis_port" \
  EDGEWORKS_SIGNING_PUBLIC_KEYS="$(cat "$work/keys/signing-key.id")=$(cat "$work/keys/signing-key.pub.b64")" \
  EDGEWORKS_BUNDLE_SECRET_KEY="$(cat "$work/keys/secret-key.b64")" EDGE_SYNC_LAZY_START=$lazy \
  QUARKUS_HTTP_PORT=$edge_port EDGE_MANAGEMENT_PORT=$mgmt_port \
  QUARKUS_LOG_CATEGORY__IO_EDGEWORKS_EDGE_ACCESS__LEVEL=WARN \
    "$edge_java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow "${jit[@]}" "${user_opts[@]}" \
    -jar edge-node/target/quarkus-app/quarkus-run.jar >"$1" 2>&1 &
  edge_pid=$!
}

# serve_all <hostnames-file>: requests every hostname until each answered 200 once; prints the rounds needed
serve_all() {
  local todo=$work/todo.txt next=$work/next.txt rounds=0
  cp "$1" "$todo"
  while [ -s "$todo" ]; do
    rounds=$((rounds + 1))
    [ $rounds -le 600 ] || { echo "bench-start.sh: $(wc -l <"$todo") hostnames still not served" >&2; return 1; }
    sed "s|.*|url = \"http://&:$edge_port/\"\noutput = \"/dev/null\"|" "$todo" >"$work/curl.cfg"
    curl -s -Z --parallel-max 8 --connect-to "::127.0.0.1:$edge_port" -K "$work/curl.cfg" \
      -w '%{http_code} %{url}\n' 2>/dev/null | awk '$1 != 200 { sub(/^http:\/\//, "", $2); sub(/:.*/, "", $2); print $2 }' >"$next" || true
    mv "$next" "$todo"
    [ ! -s "$todo" ] || sleep 0.1
  done
  echo "$rounds"
}

heap_once_mb() {
  jcmd "$edge_pid" GC.run >/dev/null; sleep 1; jcmd "$edge_pid" GC.run >/dev/null; sleep 1
  jcmd "$edge_pid" GC.heap_info | awk '/used/ { for (i=1;i<=NF;i++) if ($i=="used") { gsub(/[^0-9]/,"",$(i+1)); printf "%d", $(i+1)/1024; exit } }'
}

# heap used after a full GC once it has settled: right after the last first request, compilations are still in flight
# and their graphs are on the Java heap (jargraal), which made one build's figure vary by ±40 MB between runs. Read
# again every ~6 s until two readings are within 2 MB (at most 8 readings, well inside the 300 s context idle time)
heap_used_mb() {
  local last now i
  last=$(heap_once_mb); now=$last
  for i in 1 2 3 4 5 6 7; do
    sleep 4; now=$(heap_once_mb)
    [ $(( now > last ? now - last : last - now )) -le 2 ] && break
    last=$now
  done
  echo "$now"
}

# live GraalJS realms in the heap (a class histogram, itself after a full GC): cached contexts and spares, plus any
# realm closed but still reachable
# (the whole histogram is kept as $work/histogram-<envs>-<start>.txt, to compare what the heap holds between runs)
live_realms() {
  local file=$work/histogram-$1.txt
  jcmd "$edge_pid" GC.class_histogram > "$file"
  awk '$4 == "com.oracle.truffle.js.runtime.JSRealm" { n = $2 } END { printf "%d", n }' "$file"
}

# what the heap holds realms for: cached contexts, spare realms and worker threads (the pool's gauges)
pool_state() {
  curl -fs -m 5 "http://127.0.0.1:$mgmt_port/q/metrics" | awk '
    /^edge_cached_contexts / { c = $2 } /^edge_spare_contexts / { s = $2 } /^edge_worker_threads / { t = $2 }
    END { printf "contexts %d, spares %d, threads %d", c, s, t }'
}

# the edge's CPU time so far (user + system, every thread), in seconds
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$edge_pid/stat"
}

# where that CPU time went: per kind of thread (numbered threads summed: "C2 CompilerThread", "edge-worker", ...)
thread_cpu() { # <file>
  local t
  for t in /proc/"$edge_pid"/task/*; do
    printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(sed 's/^.*) //' "$t/stat" 2>/dev/null)"
  done | awk -F'\t' -v hz="$(getconf CLK_TCK)" '{ name = $1; sub(/[-#]?[0-9]+$/, "", name); split($2, f, " ")
      cpu[name] += (f[12] + f[13]) / hz } END { for (n in cpu) if (cpu[n] >= 0.05) printf "%6.2f s  %s\n", cpu[n], n }' \
    | sort -rn >"$1"
}

measure() { # <count> <label> <hostnames-file>
  local count=$1 label=$2 hosts=$3 t0 first ready="" all rounds heap log first_host cpu
  log=$work/edge-$count-$label.log
  first_host=$(head -1 "$hosts")
  t0=$(now_ms)
  start_edge "$log"
  local deadline=$((SECONDS + 300)) ready_file=$work/ready-$count-$label
  alive() {
    kill -0 "$edge_pid" 2>/dev/null || { echo "bench-start.sh: the edge exited; see $log" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "bench-start.sh: not served and ready within 300 s; see $log" >&2; exit 1; }
  }
  until port_open "$edge_port"; do alive; nap 0.01; done
  # readiness beside the requests, every 50 ms (a curl costs ~1.5 ms of CPU)
  rm -f "$ready_file"
  (until curl -fs -m 1 -o /dev/null "http://127.0.0.1:$mgmt_port/q/health/ready"; do nap 0.05; done
   echo $(( $(now_ms) - t0 )) >"$ready_file") &
  prober=$!
  # the edge holds a request for a known hostname until it can serve it; before the state sync it answers at once
  until [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' -H "Host: $first_host" "http://127.0.0.1:$edge_port/")" = 200 ]; do
    alive; nap 0.05
  done
  first=$(( $(now_ms) - t0 ))
  cpu=$(cpu_seconds)
  thread_cpu "$work/threads-$count-$label.txt"
  until [ -s "$ready_file" ]; do alive; nap 0.05; done
  wait "$prober" 2>/dev/null || true; prober=""
  ready=$(cat "$ready_file")
  rounds=-; all=-
  if [ "$serve" = true ]; then
    rounds=$(serve_all "$hosts")
    all=$(( $(now_ms) - t0 ))
  fi
  heap=$(heap_used_mb)
  printf '%-7s %-9s %9s %10s %8s %12s %8s %8s   %-20s %s\n' "$count" "$label" "$ready" "$first" "$cpu" "$all" "$rounds" "$heap" \
    "$(grep -o 'started in [0-9.]*s' "$log" | head -1)" "$(pool_state), realms $(live_realms "$count-$label")"
  kill -9 "$edge_pid"; wait "$edge_pid" 2>/dev/null || true; edge_pid=""
}

echo "edge start-up ($([ "$lazy" = true ] && echo "lazy compile" || echo "eager compile (--eager)")); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %-9s %9s %10s %8s %12s %8s %8s   %-20s %s\n' envs start 'ready ms' 'first ms' 'CPU s' 'every env ms' rounds 'heap MB' 'Quarkus' 'pool after'
for count in $envs; do
  redis-cli -p "$redis_port" flushall >/dev/null
  hosts=$(cd edge-node && java --sun-misc-unsafe-memory-access=allow -cp "$cp" io.edgeworks.edge.fixtures.ManyPublisher \
    "redis://127.0.0.1:$redis_port" "$work/keys" "$count")
  measure "$count" cold "$hosts"
  measure "$count" 'kill -9' "$hosts"
done
