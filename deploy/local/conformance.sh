#!/usr/bin/env bash
# Web Platform Tests conformance of the edge node's worker runtime (issue 4).
# Runs the WPT corpus (default ../shared/conformance next to the repository; override with
# EDGEWORKS_CONFORMANCE_DIR) in the real runtime and prints passed/total per API area beside workerd's
# expected figures from WORKERD-BASELINE.md.
#   deploy/local/conformance.sh                 the table
#   deploy/local/conformance.sh --json          one JSON object {"areas": {...}, "files": {...}}
#   deploy/local/conformance.sh --files         the table plus one line per file
# Other options: --filter=REGEX, --all (also the files that need a WPT server), --threads=N,
#   --write-expectations=edge-node/src/test/resources/conformance/expectations.json
# Builds edge-node first when its package is missing or older than its sources.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/deploy/lib/java.sh"

for arg in "$@"; do
  case $arg in -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
done

app="$root/edge-node/target/quarkus-app"
stamp="$app/quarkus-run.jar"
if [ ! -f "$stamp" ] || [ -n "$(find "$root/edge-node/src/main" "$root/bundle/src/main" -newer "$stamp" -type f -print -quit)" ]; then
  echo "conformance: building edge-node ..." >&2
  (cd "$root" && { ./mvnw -o -q -B -pl edge-node -am -DskipTests package >&2 \
      || ./mvnw -q -B -pl edge-node -am -DskipTests package >&2; })
fi

classpath="$(ls "$app"/app/*.jar | head -1):$app/lib/main/*:$app/lib/boot/*"
jit=$(cd "$root" && bash edge-node/jvm-options.sh --jit 2>/dev/null || true)
java_bin=$(cd "$root" && bash edge-node/jvm-options.sh --java 2>/dev/null || echo "$JAVA_HOME/bin/java")
# shellcheck disable=SC2086
exec "$java_bin" $jit -Xss8m -cp "$classpath" \
  -Dedgeworks.conformance.dir="${EDGEWORKS_CONFORMANCE_DIR:-$(cd "$root/.." && pwd)/shared/conformance}" \
  io.edgeworks.edge.conformance.ConformanceMain "$@"
