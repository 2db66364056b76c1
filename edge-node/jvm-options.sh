#!/usr/bin/env bash
# Prints the extra JVM options that turn on the Graal JIT compiler for GraalJS on a stock JDK
# (see STACK.md: interpreted JavaScript is ~7x slower). deploy/lib/apps.sh passes them to the
# edge-node JVM. Prints nothing (and the edge logs a loud warning) when the compiler cannot be used.
#
#   bash edge-node/jvm-options.sh          # from the repository root
#
# Needs: the packaged app (edge-node/target/quarkus-app), and the compiler jar
# org.graalvm.compiler:compiler:<graalvm.version>, fetched once into edge-node/target/jit/ through
# the Maven wrapper. The compiler must not be newer than the JDK update (25.0.3 on JDK 25.0.3).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app="$root/edge-node/target/quarkus-app"
jit="$root/edge-node/target/jit"
version=$(sed -n 's:.*<graalvm.version>\(.*\)</graalvm.version>.*:\1:p' "$root/pom.xml" | head -1)

java_feature=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${java_feature:-0}" -lt 21 ]; then
  echo "jvm-options.sh: Java $java_feature cannot host the Graal compiler; the edge will run interpreted" >&2
  exit 0
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
echo "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=$compiler --module-path=$module_path --add-modules=ALL-MODULE-PATH --enable-native-access=ALL-UNNAMED"
