#!/usr/bin/env bash
# The edge node's image build steps: deploy/docker/Dockerfile.edge runs them in /app (the repository's layout: pom.xml,
# edge-node/jvm-options.sh and aot-cache.sh, edge-node/target/quarkus-app and jit/), check-edge-image.sh in a
# directory of its own.
#   edge-image.sh link    # the JDK stage: links the runtime image edge-node/target/jre (this JDK without its empty
#                         # compiler module, with its CDS archive; edge-node/jvm-options.sh)
#   edge-image.sh train   # the final stage, JAVA_HOME set to that image: trains the AOT cache on these files with
#                         # $JAVA_OPTS (no Redis, no state: ~20 s; edge-node/aot-cache.sh) and writes the JIT's and the
#                         # cache's options to edge-node/target/jvm-options for the entry point
# Fails when the image cannot be linked or the options lack the compiler or the cache.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
fail() { echo "edge-image.sh: $*" >&2; exit 1; }
case ${1:-} in
  link)
    java=$(bash edge-node/jvm-options.sh --java)
    [ "$java" = "$PWD/edge-node/target/jre/bin/java" ] || fail "no runtime image linked (edge-node/target/jlink.log)"
    ;;
  train)
    [ "${JAVA_HOME:-}" -ef edge-node/target/jre ] || fail "JAVA_HOME must be the linked image, edge-node/target/jre"
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    bash edge-node/aot-cache.sh ${JAVA_OPTS:-}
    # what the training unpacked (GraalJS's resource cache) is not the image's
    resources=$(sed -n 's/.*-Dpolyglot\.engine\.userResourceCache=\([^ ]*\).*/\1/p' <<<"${JAVA_OPTS:-}")
    [ -z "$resources" ] || rm -rf "$resources"
    bash edge-node/jvm-options.sh >edge-node/target/jvm-options
    if ! grep -q -e "-XX:+EnableJVMCI" edge-node/target/jvm-options || ! grep -q -e "-XX:AOTCache=" edge-node/target/jvm-options; then
      cat edge-node/target/aot-training.log 2>/dev/null || true
      fail "no JIT options or no AOT cache: $(cat edge-node/target/jvm-options)"
    fi
    # the training run is the image's edge: its compiler must work on this JDK (not newer than the JDK's update)
    grep -q "optimizing runtime active" edge-node/target/aot-training.log \
      || { cat edge-node/target/aot-training.log; fail "the training run had no Graal JIT (the compiler and this JDK?)"; }
    echo "edge-image.sh: $(wc -w <edge-node/target/jvm-options) options for the entry point, AOT cache $(du -m edge-node/target/edge.aot | cut -f1) MB"
    ;;
  *) fail "usage: edge-image.sh link|train" ;;
esac
