#!/usr/bin/env bash
# Trains the edge node's AOT cache, edge-node/target/edge.aot (JDK 25's -XX:AOTCacheOutput, JEP 483/514: the classes
# it loads, parsed and linked, and some heap objects; no method profiles, -XX:-AOTRecordTraining: replayed at a start,
# they made it slower, deploy/bench/RESULTS.md "The AOT cache without the training's profiles"), unless the one there
# was trained on this build, this runtime image and these options. edge-node/jvm-options.sh then gives -XX:AOTCache to
# the edge's starts. Does nothing with EDGEWORKS_EDGE_AOT_CACHE=false.
#
#   bash edge-node/aot-cache.sh [JVM options of the real start...]   # from the repository root
#
# deploy/lib/apps.sh runs it before each start of the edge (it returns at once while the cache is fresh), and the edge's
# container image runs it in its build (deploy/docker/Dockerfile.edge).
# The training run is the packaged edge on its own: ports chosen by the OS and no Redis (an address where none answers:
# no state to load), stopped with SIGTERM once its runtime warm-up is done (GraalJS's first contexts on every worker
# thread); the JVM writes the cache as it exits. ~20 s, once per build. The options should be those of the starts that
# will use the cache (the JVM refuses a cache made with another garbage collector, say, and runs without it). Trained
# with a Redis of its own until 3 s after readiness (the state sync's and the request path's classes too), the cache
# gave the same starts and took 5 s longer (deploy/bench/RESULTS.md, "The AOT cache by default").
# Without a runtime image (jvm-options.sh links one) there is no cache: the JVM refuses one with --upgrade-module-path.
# Exits 0 with a line on stderr when it cannot train: the edge then starts without a cache.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
app=edge-node/target/quarkus-app
cache=edge-node/target/edge.aot
say() { echo "aot-cache.sh: $*" >&2; }
[ "${EDGEWORKS_EDGE_AOT_CACHE:-true}" != false ] || exit 0

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
say "training the edge's AOT cache (~20 s, once per build; log: $log)"
started=$(date +%s)
EDGE_REDIS_URL=redis://127.0.0.1:1 QUARKUS_HTTP_PORT=0 EDGE_MANAGEMENT_PORT=0 EDGE_TLS_PORT=0 \
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
