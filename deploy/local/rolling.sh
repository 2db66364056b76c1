#!/usr/bin/env bash
# Rolling restart of the local cluster (up.sh --edges N --apis M): every edge-node replica, then every platform-api
# replica, one at a time. Each gets SIGTERM (its readiness goes down, HAProxy stops sending to it, it finishes what is
# in flight and exits: README "Cluster mode, graceful shutdown and rolling restarts"), starts again from the packaged app, and the
# next one goes only when this one is ready and HAProxy routes to it again. --build packages the apps first, so the
# restart is an upgrade to the current sources. Settings: deploy/README.md.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lib=$here/../lib
source "$lib/common.sh"
source "$lib/keys.sh"
source "$lib/apps.sh"
source "$lib/haproxy.sh"
source "$lib/cluster.sh"

usage() {
  cat <<USAGE
Usage: deploy/local/rolling.sh [--build] [--edges-only | --apis-only]
  Restarts every replica of the running cluster mode one at a time, waiting for each to be back in HAProxy.
  --build       package the apps whose sources changed first (./mvnw package), then restart onto the new build
  --edges-only  only the edge nodes;  --apis-only  only the platform-api replicas
USAGE
}

build=false
apps=(edge-node platform-api)
for arg in "$@"; do
  case $arg in
    --build) build=true ;;
    --edges-only) apps=(edge-node) ;;
    --apis-only) apps=(platform-api) ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

step "Cluster mode"
[ -f "$CLUSTER_FILE" ] && owned haproxy \
  || fail "no cluster mode runs from $EDGEWORKS_STATE_DIR" "start it with deploy/local/up.sh --edges N --apis M"
# shellcheck disable=SC1090
source "$CLUSTER_FILE"
ok "$CLUSTER_EDGES edge node(s), $CLUSTER_APIS platform-api replica(s) behind HAProxy (stats http://127.0.0.1:$HAPROXY_STATS_PORT/)"
source "$lib/java.sh"
ensure_state_dirs
[ "$build" = false ] || build_apps
export_key_env

started=$SECONDS
for app in "${apps[@]}"; do
  count=$([ "$app" = edge-node ] && echo "$CLUSTER_EDGES" || echo "$CLUSTER_APIS")
  for ((i = 1; i <= count; i++)); do roll_replica "$app" "$i"; done
done
printf '\n%sRolling restart done in %d s:%s %s, one at a time, each back in HAProxy before the next.\n' \
  "$C_GREEN$C_BOLD" "$((SECONDS - started))" "$C_OFF" "${apps[*]}"
