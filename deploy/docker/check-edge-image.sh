#!/usr/bin/env bash
# Builds deploy/docker/Dockerfile.edge's image without Docker (there is none on the development machine) and starts it:
#   1. the files its first stage's COPY lines name, from this checkout's build, in a temporary directory's app/ (the
#      image's /app);
#   2. `edge-image.sh link` with this JDK (the Dockerfile's JDK stage), then `edge-image.sh train` with the final
#      stage's JAVA_HOME and JAVA_OPTS (its ENV lines, /app and /tmp moved into the directory);
#   3. the entry point's command there, with -XX:AOTMode=on (the JVM then exits when it cannot use the AOT cache) and
#      no Redis, until its runtime warm-up is done; its log must say that the optimizing runtime is active.
# Checks that the Dockerfile runs those two steps. Needs the packaged edge (./mvnw -B -DskipTests package; the
# build copies the Graal compiler to edge-node/target/jit). ~40 s. deploy/local/test.sh runs it after the fast tier.
# What it does not check: Docker itself, the base images, the image's user and a read-only root filesystem.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dockerfile=$root/deploy/docker/Dockerfile.edge
source "$root/deploy/lib/java.sh"
fail() { echo "check-edge-image.sh: FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
pid=""
trap '[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
app=$work/app
mkdir -p "$app"

for step in link train; do
  grep -q "^RUN bash deploy/docker/edge-image.sh $step\$" "$dockerfile" || fail "Dockerfile.edge does not run edge-image.sh $step"
done

# 1. the first stage's COPY lines: COPY <source>... <destination>, relative to the context and to /app
while read -r -a words; do
  dest=${words[-1]}
  for src in "${words[@]:1:${#words[@]}-2}"; do
    [ -e "$root/$src" ] || fail "$src is missing (build with ./mvnw -B -DskipTests package)"
    if [ -d "$root/$src" ]; then
      mkdir -p "$app/$dest"; cp -a "$root/$src/." "$app/$dest/"
    elif [[ $dest == */ ]]; then
      mkdir -p "$app/$dest"; cp -a "$root/$src" "$app/$dest"
    else
      mkdir -p "$(dirname "$app/$dest")"; cp -a "$root/$src" "$app/$dest"
    fi
  done
done < <(sed -n '/^FROM .* AS link$/,/^FROM /p' "$dockerfile" | grep '^COPY ')
ls "$app/edge-node/target/jit/"compiler-*.jar >/dev/null 2>&1 || fail "no Graal compiler in edge-node/target/jit"

# 2. the two stages' steps, the final one with its ENV lines
env_value() { sed -n "s|^ENV $1=\"\{0,1\}\([^\"]*\)\"\{0,1\}\$|\1|p" "$dockerfile" | tail -1 | sed "s|/tmp/|$work/tmp/|g; s|/app/|$app/|g"; }
image_java_home=$(env_value JAVA_HOME)
image_java_opts=$(env_value JAVA_OPTS)
[ -n "$image_java_home" ] && [ -n "$image_java_opts" ] || fail "Dockerfile.edge sets no JAVA_HOME or JAVA_OPTS"
bash "$app/deploy/docker/edge-image.sh" link   # with the JDK deploy/lib/java.sh found
(cd "$app" && JAVA_HOME=$image_java_home JAVA_OPTS=$image_java_opts bash deploy/docker/edge-image.sh train)

# 3. the entry point's command (the sh -c string of its ENTRYPOINT), from /app
entry=$(sed -n 's/^ENTRYPOINT \["sh", "-c", "\(.*\)"\]$/\1/p' "$dockerfile" | sed 's/\\"/"/g')
[ -n "$entry" ] || fail "Dockerfile.edge's ENTRYPOINT is not [\"sh\", \"-c\", \"...\"]"
log=$work/edge.log
(cd "$app" && exec env JAVA_HOME="$image_java_home" JAVA_OPTS="$image_java_opts -XX:AOTMode=on" \
  EDGE_REDIS_URL=redis://127.0.0.1:1 QUARKUS_HTTP_PORT=0 EDGE_MANAGEMENT_PORT=0 EDGE_TLS_PORT=0 sh -c "$entry") >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
  grep -q "runtime warm-up done" "$log" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q "runtime warm-up done" "$log"; then
  tail -n 30 "$log" >&2; fail "the image's edge did not finish its runtime warm-up"
fi
grep -q "optimizing runtime active" "$log" || { tail -n 30 "$log" >&2; fail "the image's edge runs without the Graal JIT"; }
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""
echo "check-edge-image.sh: PASS: $(grep -o 'started in [0-9.]*s' "$log" | head -1) with the AOT cache (-XX:AOTMode=on) and the" \
  "Graal JIT, $(grep -o 'runtime warm-up done in [0-9]* ms' "$log" | head -1)"
