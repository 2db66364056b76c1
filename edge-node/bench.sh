#!/usr/bin/env bash
# Benchmarks the edge node end to end over HTTP with wrk, with the Graal JIT on (jvm-options.sh):
# hello world, the seed auth-binding gateway, the 1% canary router and a JSON transform, each from
# src/test/resources/workers. Also measures publish → first response of a new version.
# Uses its own Redis (port 6398) and edge (port 18090); stops only what it started.
#
#   bash edge-node/bench.sh            # from the repository root; DURATION=20 WARMUP=30 to change
#
# This is the edge alone, without platform-api (bundles published straight to its own Redis). The
# comparison with Cloudflare's workerd on the same code, deploys through the REST API and heap per
# 1,000/10,000 environments are in deploy/local/bench-edge.sh (figures in deploy/bench/RESULTS.md).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source deploy/lib/java.sh
duration=${DURATION:-20}
warmup=${WARMUP:-30}
redis_port=${BENCH_REDIS_PORT:-6398}
edge_port=${BENCH_EDGE_PORT:-18090}
edge_management_port=${BENCH_EDGE_MANAGEMENT_PORT:-18091}
work="$root/edge-node/target/bench"
mkdir -p "$work"
command -v wrk >/dev/null || { echo "bench.sh: wrk is missing (apt-get install wrk)"; exit 1; }
command -v redis-server >/dev/null || { echo "bench.sh: redis-server is missing (apt-get install redis-server)"; exit 1; }

[ -f edge-node/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -pl edge-node -am -DskipTests package
./mvnw -B -q -o -pl edge-node -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="$root/edge-node/target/test-classes:$root/edge-node/target/classes:$(cat "$work/cp.txt")"
java -cp "$cp" io.edgeworks.bundle.KeyTool generate "$work/keys" >/dev/null

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
sleep 0.5
redis-cli -p "$redis_port" flushall >/dev/null

EDGE_REDIS_URL="redis://127.0.0.1:$redis_port" \
EDGEWORKS_SIGNING_PUBLIC_KEYS="$(cat "$work/keys/signing-key.id")=$(cat "$work/keys/signing-key.pub.b64")" \
EDGEWORKS_BUNDLE_SECRET_KEY="$(cat "$work/keys/secret-key.b64")" \
QUARKUS_HTTP_PORT=$edge_port EDGE_MANAGEMENT_PORT=$edge_management_port QUARKUS_LOG_CATEGORY__IO_EDGEWORKS_EDGE_ACCESS__LEVEL=WARN \
  "$(bash edge-node/jvm-options.sh --java)" $(bash edge-node/jvm-options.sh) --sun-misc-unsafe-memory-access=allow \
  -jar edge-node/target/quarkus-app/quarkus-run.jar >"$work/edge.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$edge_management_port/q/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
grep -E "optimizing runtime|INTERPRETED" "$work/edge.log" | sed 's/^.*\] //' || true

publish() { (cd edge-node && java --sun-misc-unsafe-memory-access=allow -cp "$cp" ${FIXTURES:+-Dedge.fixtures.root=$FIXTURES} io.edgeworks.edge.fixtures.BenchPublisher "redis://127.0.0.1:$redis_port" "$work/keys" "$@"); }
publish hello seed-gateway canary-router json-transform >/dev/null
until curl -fs -H 'Host: hello.acme.localhost' "http://127.0.0.1:$edge_port/" >/dev/null; do sleep 0.1; done

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"items":[{"name":"a","price":2,"qty":3},{"name":"b","price":5,"qty":1},{"name":"c","price":7,"qty":2}]}'
wrk.headers["Content-Type"] = "application/json"
LUA
cat >"$work/auth.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer letmein"
LUA

run() { # name host script
  local name=$1 host=$2 script=${3:-}
  local args=(-t2 -c16 --latency -H "Host: $host")
  [ -n "$script" ] && args+=(-s "$script")
  wrk "${args[@]}" -d "${warmup}s" "http://127.0.0.1:$edge_port/" >/dev/null
  local out
  out=$(wrk "${args[@]}" -d "${duration}s" "http://127.0.0.1:$edge_port/")
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  printf '%-16s %12s req/s   p50 %-9s p99 %s\n' "$name" "$rps" "$p50" "$p99"
}
echo "edge node, wrk -t2 -c16, ${warmup}s warm-up then ${duration}s:"
run hello hello.acme.localhost
run gateway gateway.acme.localhost "$work/auth.lua"
run canary-router router.acme.localhost
run json-transform transform.acme.localhost "$work/post.lua"

# notice → first response of a freshly deployed version (a new environment each time; timed from
# the end of the publication, so the publisher's own JVM start is not counted)
times=()
for i in $(seq 1 10); do
  fresh="$work/workers/fresh"
  mkdir -p "$fresh"
  cat >"$fresh/manifest.json" <<JSON
{ "environments": [{ "ref": "bench/fresh$i/production", "hostname": "fresh$i.bench.localhost" }], "requests": [] }
JSON
  echo "export default { fetch() { return new Response('fresh $i'); } };" >"$fresh/worker.js"
  FIXTURES="$work/workers" publish fresh >/dev/null
  start=$(date +%s%N)
  until [ "$(curl -s -H "Host: fresh$i.bench.localhost" "http://127.0.0.1:$edge_port/")" = "fresh $i" ]; do sleep 0.002; done
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "publication done → new version's first response: p50 ${sorted[4]} ms, max ${sorted[9]} ms"
