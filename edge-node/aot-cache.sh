#!/usr/bin/env bash
# With EDGEWORKS_EDGE_AOT_CACHE=true (else it does nothing): trains the edge node's AOT cache (JDK 25's -XX:AOTCacheOutput, JEP 483/514: the classes it loads, parsed and
# linked, and some heap objects; no method profiles, -XX:-AOTRecordTraining: replayed at a start, they made it slower,
# deploy/bench/RESULTS.md "The AOT cache without the training's profiles"), edge-node/target/edge.aot, unless the one there was trained on this
# build, this runtime image and these options. edge-node/jvm-options.sh then gives -XX:AOTCache to the edge's starts.
#
#   bash edge-node/aot-cache.sh [JVM options of the real start...]   # from the repository root
#
# The training run is the packaged edge on its own: ports chosen by the OS, a Redis of its own with no state (when
# redis-server is installed), stopped with SIGTERM 3 s after it is ready (its runtime warm-up done, GraalJS's first
# contexts on every worker thread, and the first requests of its JIT warm-up served); the JVM writes the cache as it
# exits. ~15 s plus ~20 s to write the cache, once per build. The options should be those of the starts that
# will use the cache (the JVM refuses a cache made with another garbage collector, say, and runs without it).
# Needs the signing keys' environment the edge starts with (EDGEWORKS_SIGNING_PUBLIC_KEYS, EDGEWORKS_BUNDLE_SECRET_KEY).
# Without a runtime image (jvm-options.sh links one) there is no cache: the JVM refuses one with --upgrade-module-path.
# Exits 0 with a line on stderr when it cannot train: the edge then starts without a cache, as before.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
app=edge-node/target/quarkus-app
cache=edge-node/target/edge.aot
say() { echo "aot-cache.sh: $*" >&2; }
[ "${EDGEWORKS_EDGE_AOT_CACHE:-false}" = true ] || exit 0

java_bin=$(bash edge-node/jvm-options.sh --java)
if [ "$java_bin" != "$root/edge-node/target/jre/bin/java" ]; then
  say "no runtime image for the edge, so no AOT cache"; exit 0
fi
[ -f "$app/quarkus-run.jar" ] || { say "$app/quarkus-run.jar is missing; no AOT cache"; exit 0; }
read -r -a jit <<<"$(bash edge-node/jvm-options.sh --jit)"
[ ${#jit[@]} -gt 0 ] || { say "no JIT options; no AOT cache"; exit 0; }
args=$(printf '%s\n' "${jit[@]}" "$@")
# jvm-options.sh gives the cache to starts only while it is newer than this build and this image: it is fresh then
if [[ " $(bash edge-node/jvm-options.sh) " == *" -XX:AOTCache="* ]] && [ "$(cat "$cache.args" 2>/dev/null)" = "$args" ]; then
  exit 0
fi
rm -f "$cache" "$cache.args"
log=edge-node/target/aot-training.log
say "training the edge's AOT cache (~30 s, once per build; log: $log)"
started=$(date +%s)
# a Redis of its own when redis-server is here (the client's connection and the state sync's start, as a real start has
# them), on a free loopback port; else an address where none answers (the edge then starts without its state)
redis_pid=""; redis_url=redis://127.0.0.1:1
if command -v redis-server >/dev/null; then
  for port in $(shuf -i 20000-29999 -n 20); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >edge-node/target/aot-training-redis.log 2>&1 &
    redis_pid=$!; redis_url=redis://127.0.0.1:$port
    break
  done
fi
trap '[ -z "$redis_pid" ] || kill "$redis_pid" 2>/dev/null || true' EXIT
EDGE_REDIS_URL=$redis_url QUARKUS_HTTP_PORT=0 EDGE_MANAGEMENT_PORT=0 EDGE_TLS_PORT=0 \
  "$java_bin" "${jit[@]}" "$@" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -XX:AOTCacheOutput="$cache.tmp" -jar "$app/quarkus-run.jar" >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
  grep -q "runtime warm-up done" "$log" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q "runtime warm-up done" "$log" 2>/dev/null; then
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$cache.tmp"
  say "the training run did not finish its warm-up (see $log); the edge starts without an AOT cache"; exit 0
fi
# then until it is ready (with a Redis) and 3 s more: the JIT warm-up's first requests over HTTP, the request path's
# classes
management=$(sed -n 's|.*Management interface listening on http://[^ ]*:\([0-9][0-9]*\).*|\1|p' "$log" | head -1)
if [ -n "$redis_pid" ] && [ -n "$management" ]; then
  for _ in $(seq 1 300); do
    curl -fs -m 2 -o /dev/null "http://127.0.0.1:$management/q/health/ready" && break
    sleep 0.1
  done
  sleep 3
fi
kill -TERM "$pid"
wait "$pid" || true
if [ -s "$cache.tmp" ]; then
  mv "$cache.tmp" "$cache"
  printf '%s\n' "$args" >"$cache.args"
  say "trained $cache ($(du -m "$cache" | cut -f1) MB) in $(( $(date +%s) - started )) s"
else
  rm -f "$cache.tmp"
  say "the training run wrote no cache (see $log); the edge starts without an AOT cache"
fi
