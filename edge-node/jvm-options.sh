#!/usr/bin/env bash
# Prints how to run the edge node's JVM with the Graal JIT compiler for GraalJS on a stock JDK (see STACK.md:
# interpreted JavaScript is ~7x slower). deploy/lib/apps.sh, the benchmarks and conformance.sh use it:
#
#   bash edge-node/jvm-options.sh          # the options for java -jar quarkus-run.jar: the JIT's, and the AOT cache's
#                                          #   when edge-node/aot-cache.sh has trained one for this build
#   bash edge-node/jvm-options.sh --jit    # the JIT's options only (another main class or class path)
#   bash edge-node/jvm-options.sh --java   # the java binary to run them with
#
# The compiler (org.graalvm.compiler:compiler:<graalvm.version>, which the build copies to edge-node/target/jit/; else
# fetched once through the Maven wrapper) must replace the JDK's empty jdk.graal.compiler module. The edge runs on its
# own runtime image, edge-node/target/jre: this JDK linked by jlink (from its run-time image, JDK 24+, or its jmods)
# without the empty module, where the compiler comes by --module-path and the JVM shares classes, so that the AOT cache
# of edge-node/aot-cache.sh can be used. With EDGEWORKS_EDGE_AOT_CACHE=false, or when no image can be linked: the JDK's
# java and --upgrade-module-path, with which the JVM turns class-data sharing off (no CDS archive, no AOT cache: every
# start loads and links ~16,000 classes). With JAVA_HOME set to that image (the edge's container image,
# deploy/docker/Dockerfile.edge) it is used as it is.
# Prints nothing (and the edge logs a loud warning) when the compiler cannot be used. The compiler must not be newer
# than the JDK update (25.0.3 on JDK 25.0.3).
set -euo pipefail
mode=${1:-}
case $mode in ''|--jit|--java) ;; *) echo "jvm-options.sh: unknown option $mode (--jit, --java)" >&2; exit 2 ;; esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app="$root/edge-node/target/quarkus-app"
jit="$root/edge-node/target/jit"
image="$root/edge-node/target/jre"
version=$(sed -n 's:.*<graalvm.version>\(.*\)</graalvm.version>.*:\1:p' "$root/pom.xml" | head -1)
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

# runtime_image: links $image from $jdk unless it is there for this JDK; prints its java, or the JDK's when it cannot
runtime_image() {
  local stamp="$jdk $(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$jdk/release" 2>/dev/null)" modules tmp
  if [ -x "$image/bin/java" ] && { [ "$jdk" -ef "$image" ] || [ "$(cat "$image/edgeworks-jdk" 2>/dev/null)" = "$stamp" ]; }; then
    echo "$image/bin/java"; return
  fi
  if [ ! -x "$jdk/bin/jlink" ]; then echo "$jdk/bin/java"; return; fi
  # every module of the JDK but the compiler's empty ones, and jlink's (an image linked from a run-time image may not
  # hold jlink) with jpackage, which needs it
  modules=$("$jdk/bin/java" --list-modules | sed 's/@.*//' \
    | grep -v -x -E 'jdk\.graal\.compiler|jdk\.graal\.compiler\.management|jdk\.jlink|jdk\.jpackage' | paste -sd, -)
  tmp="$image.tmp.$$"
  rm -rf "$tmp"
  if "$jdk/bin/jlink" --add-modules "$modules" --output "$tmp" >"$root/edge-node/target/jlink.log" 2>&1 \
      && "$tmp/bin/java" -Xshare:dump >>"$root/edge-node/target/jlink.log" 2>&1; then
    echo "$stamp" >"$tmp/edgeworks-jdk"
    rm -rf "$image"; mv "$tmp" "$image"
    echo "jvm-options.sh: linked the edge's runtime image $image (log: edge-node/target/jlink.log)" >&2
    echo "$image/bin/java"
  else
    rm -rf "$tmp"
    echo "jvm-options.sh: jlink could not link a runtime image from $jdk (edge-node/target/jlink.log); the edge runs on" \
      "the JDK's java with --upgrade-module-path, without class-data sharing" >&2
    echo "$jdk/bin/java"
  fi
}

java_feature=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${java_feature:-0}" -lt 21 ]; then
  [ "$mode" = --java ] && { echo "$jdk/bin/java"; exit 0; }
  echo "jvm-options.sh: Java $java_feature cannot host the Graal compiler; the edge will run interpreted" >&2
  exit 0
fi
mkdir -p "$root/edge-node/target"
if [ "${EDGEWORKS_EDGE_AOT_CACHE:-true}" != false ]; then java_bin=$(runtime_image); else java_bin="$jdk/bin/java"; fi
if [ "$mode" = --java ]; then
  echo "$java_bin"; exit 0
fi
if [ ! -d "$app/lib" ]; then
  echo "jvm-options.sh: $app is missing (build with ./mvnw -B -DskipTests package); no JIT options" >&2
  exit 0
fi
compiler="$jit/compiler-$version.jar"
if [ ! -f "$compiler" ]; then
  mkdir -p "$jit"
  (cd "$root" && ./mvnw -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      "-Dartifact=org.graalvm.compiler:compiler:$version" "-DoutputDirectory=$jit" >&2) || {
    echo "jvm-options.sh: could not fetch org.graalvm.compiler:compiler:$version; the edge will run interpreted" >&2
    exit 0
  }
fi
modules=()
for name in org.graalvm.sdk.word org.graalvm.sdk.collections org.graalvm.sdk.nativeimage org.graalvm.truffle.truffle-compiler; do
  jar=$(ls "$app"/lib/boot/"$name"-*.jar "$app"/lib/main/"$name"-*.jar 2>/dev/null | head -1 || true)
  if [ -z "$jar" ]; then
    echo "jvm-options.sh: $name is not in $app/lib; no JIT options" >&2
    exit 0
  fi
  modules+=("$jar")
done
module_path=$(IFS=:; echo "${modules[*]}")
if [ "$java_bin" = "$image/bin/java" ]; then
  options="-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --module-path=$compiler:$module_path"
else
  options="-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=$compiler --module-path=$module_path"
fi
options+=" --add-modules=ALL-MODULE-PATH --enable-native-access=ALL-UNNAMED"
# the AOT cache edge-node/aot-cache.sh trained for this build and this image (the JVM checks the class path's jars
# itself and runs without a cache that does not match them, saying so in the log): its classes, loaded and linked, but
# not the training run's method profiles (-XX:-AOTReplayTraining). Replayed, they had C2 compile early on the two cores
# the start shares, and the state sync's bundles took twice the CPU: ready with 1,000 environments in a median 8.4 s
# with them, 6.5 s without (deploy/bench/RESULTS.md, "The AOT cache without the training's profiles")
cache="$root/edge-node/target/edge.aot"
if [ -z "$mode" ] && [ "$java_bin" = "$image/bin/java" ] && [ -f "$cache" ] \
    && [ "$cache" -nt "$app/quarkus-run.jar" ] && [ "$cache" -nt "$image/edgeworks-jdk" ]; then
  options+=" -XX:AOTCache=$cache -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining"
fi
echo "$options"
