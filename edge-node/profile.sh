#!/usr/bin/env bash
# Profiles the edge runtime without HTTP (RequestLoopBench): one worker file through a one-thread pool with
# the Graal JIT, printing the running total and requests/s every two seconds.
#
#   edge-node/profile.sh <worker.js> [seconds] [method] [body-file]
#   PROFILE_OPTS="-Dbench.sampler=histogram -Dbench.samplerDelayMs=60000" edge-node/profile.sh w.js 90
#
# With bench.sampler, Truffle's CPU sampler (org.graalvm.tools:profiler-tool, fetched into ~/.m2 on first
# use) writes per-JavaScript-function self and total times to bench.samplerFile (/tmp/sampler.txt).
# A bound callee (service binding fetch or JavaScript RPC), e.g. the RPC scenario of ../shared/bench:
#   PROFILE_OPTS="-Dbench.bind=AUTH:auth-rpc.js:Auth -Dbench.calleeVars=SECRET_TOKEN=t -Dbench.header=x-custom-token:t" \
#     edge-node/profile.sh gateway-rpc.js 60
# Each line also gives the handler's CPU time per request (the caller's and its callees', as billed) and the pool's
# worker threads' whole CPU time per request (billed plus the runtime's own: dispatch, realm entry, conversions, heap
# walks, promise jobs, the hand-off's context switches).
# BENCH_CLASS runs another bench main of the edge's test classes the same way (see deploy/local/bench-fairness.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source deploy/lib/java.sh
[ $# -ge 1 ] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
work="$root/edge-node/target/profile"
mkdir -p "$work"
graal=$(sed -n 's:.*<graalvm.version>\(.*\)</graalvm.version>.*:\1:p' pom.xml | head -1)
./mvnw -B -q -o -pl edge-node -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null
m2=${MAVEN_REPO:-$HOME/.m2/repository}
profiler="$m2/org/graalvm/tools/profiler-tool/$graal/profiler-tool-$graal.jar"
[ -f "$profiler" ] || ./mvnw -B -q dependency:get -Dartifact="org.graalvm.tools:profiler-tool:$graal" >/dev/null
g="$m2/org/graalvm"
jit="-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=$g/compiler/compiler/$graal/compiler-$graal.jar"
jit+=" --module-path=$g/sdk/word/$graal/word-$graal.jar:$g/sdk/collections/$graal/collections-$graal.jar"
jit+=":$g/sdk/nativeimage/$graal/nativeimage-$graal.jar:$g/truffle/truffle-compiler/$graal/truffle-compiler-$graal.jar"
jit+=" --add-modules=ALL-MODULE-PATH --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
# shellcheck disable=SC2086
exec java $jit ${PROFILE_OPTS:-} -Dbench.samplerFile="${SAMPLER_FILE:-/tmp/sampler.txt}" \
  -cp "edge-node/target/test-classes:edge-node/target/classes:$(cat "$work/cp.txt"):$profiler" \
  "${BENCH_CLASS:-io.edgeworks.edge.runtime.RequestLoopBench}" "$@"
