#!/usr/bin/env bash
# Brings up the whole local stack: PostgreSQL, Redis, Keycloak, platform-api, edge-node and
# tenant-admin, reusing whatever already runs. Safe to run again. Stop with deploy/local/down.sh.
# --edges N --apis M: cluster mode, N edge nodes and M platform-api replicas behind HAProxy on the usual ports.
# Settings (environment variables) and the state folder are described in deploy/README.md.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lib=$here/../lib
source "$lib/common.sh"
source "$lib/postgres.sh"
source "$lib/redis.sh"
source "$lib/pebble.sh"
source "$lib/keycloak.sh"
source "$lib/keys.sh"
source "$lib/apps.sh"
source "$lib/haproxy.sh"
source "$lib/cluster.sh"

usage() {
  cat <<USAGE
Usage: deploy/local/up.sh [--no-apps] [--no-build] [--edges N] [--apis M]
  Starts PostgreSQL, Redis, Keycloak and the three apps (state in $EDGEWORKS_STATE_DIR).
  --no-apps   only the servers the apps need (PostgreSQL, Redis, Keycloak) and the keys
  --no-build  start the apps as last packaged even when their sources are newer
  --edges N   cluster mode: N edge nodes (default 1) behind HAProxy on the usual edge ports
  --apis M    cluster mode: M platform-api replicas (default 1) behind HAProxy on the usual API port
              (either flag turns cluster mode on; without both, one of each and no proxy, as always)
USAGE
}

with_apps=true
with_build=true
cluster=false
edges=1
apis=1
count_arg() { # count_arg <flag> <value>: a whole number from 1 to 9
  [[ ${2:-} =~ ^[1-9]$ ]] || { echo "$1 needs a number from 1 to 9, got '${2:-}'" >&2; usage >&2; exit 2; }
}
while [ $# -gt 0 ]; do
  case $1 in
    --no-apps) with_apps=false ;;
    --no-build) with_build=false ;;
    --edges) count_arg "$1" "${2:-}"; edges=$2; cluster=true; shift ;;
    --edges=*) count_arg --edges "${1#*=}"; edges=${1#*=}; cluster=true ;;
    --apis) count_arg "$1" "${2:-}"; apis=$2; cluster=true; shift ;;
    --apis=*) count_arg --apis "${1#*=}"; apis=${1#*=}; cluster=true ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

if [ "$cluster" = true ]; then
  cluster_mode_defaults
  check_cluster_ports "$edges" "$apis"
fi

step "JDK 21+"
source "$lib/java.sh"
ok "JAVA_HOME=$JAVA_HOME (Java $(java_major "$JAVA_HOME"))"
ensure_state_dirs
need_tool curl curl

ensure_postgres
ensure_redis
redis_sentinel_on && ensure_redis_sentinel
ensure_challtestsrv
ensure_pebble
ensure_keycloak
if [ "$with_apps" = true ] && [ "$with_build" = true ]; then
  build_apps
elif [ ! -f "$BUNDLE_JAR" ]; then
  step "Build the bundle library (for KeyTool)"
  CURRENT_LOG=$EDGEWORKS_LOGS/build.log
  (cd "$EDGEWORKS_ROOT" && ./mvnw -B -DskipTests package -pl bundle) >"$CURRENT_LOG" 2>&1 \
    || fail "the Maven build of bundle failed" "see the log"
fi
ensure_keys

if [ "$with_apps" = true ] && [ "$cluster" = false ]; then
  stop_cluster_apps # one of each again, as without flags: replicas and HAProxy of an earlier cluster mode go
  export_key_env
  for app in "${EDGEWORKS_APPS[@]}"; do start_app "$app"; done
  for app in "${EDGEWORKS_APPS[@]}"; do wait_app_ready "$app"; done
elif [ "$with_apps" = true ]; then
  start_cluster "$edges" "$apis"
fi

cat <<DONE

${C_GREEN}${C_BOLD}Edgeworks local stack is up.${C_OFF}$(cluster_summary)
  platform-api  http://127.0.0.1:$PLATFORM_API_PORT   (OpenAPI: http://127.0.0.1:$PLATFORM_API_PORT/q/openapi)
  edge-node     http://127.0.0.1:$EDGE_NODE_PORT   (e.g. curl http://hello.acme.localhost:$EDGE_NODE_PORT/)
                https://127.0.0.1:$EDGE_NODE_TLS_PORT  (curl --cacert $EDGEWORKS_KEYS/dev-ca.pem https://hello.acme.localhost:$EDGE_NODE_TLS_PORT/)
                health and metrics: http://127.0.0.1:$EDGE_NODE_MANAGEMENT_PORT/q/health/ready, /q/metrics
  tenant-admin  http://127.0.0.1:$TENANT_ADMIN_PORT
  Keycloak      http://127.0.0.1:$KEYCLOAK_PORT   (admin console: admin/admin; realm platform: alice/alice, bob/bob, carol/carol)
  PostgreSQL    $PLATFORM_DB_HOST:$PLATFORM_DB_PORT   (database $PLATFORM_DB_NAME, user $PLATFORM_DB_USER)
  Redis         $PLATFORM_REDIS_HOST:$PLATFORM_REDIS_PORT$(redis_sentinel_on && printf '%s' " (Sentinel mode: the apps follow the primary through $PLATFORM_REDIS_SENTINEL_URL, master set $PLATFORM_REDIS_MASTER_NAME)")
  DNS (domains) 127.0.0.1:$CHALLTESTSRV_DNS_PORT, records set at $CHALLTESTSRV_URL (pebble-challtestsrv)
  ACME (pebble) https://127.0.0.1:$PEBBLE_PORT/dir
  Logs and pids in $EDGEWORKS_STATE_DIR/{logs,pids}; stop with deploy/local/down.sh

Get a token and create an account:
  TOKEN=\$(curl -s -d grant_type=password -d client_id=platform-cli -d username=alice -d password=alice \\
    http://127.0.0.1:$KEYCLOAK_PORT/realms/platform/protocol/openid-connect/token | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  curl -s -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"slug":"acme","name":"Acme Inc."}' http://127.0.0.1:$PLATFORM_API_PORT/api/accounts
DONE
