#!/usr/bin/env bash
# Brings up the whole local stack: PostgreSQL, Redis, Keycloak, platform-api, edge-node and
# tenant-admin, reusing whatever already runs. Safe to run again. Stop with deploy/local/down.sh.
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

usage() {
  cat <<USAGE
Usage: deploy/local/up.sh [--no-apps] [--no-build]
  Starts PostgreSQL, Redis, Keycloak and the three apps (state in $EDGEWORKS_STATE_DIR).
  --no-apps   only the servers the apps need (PostgreSQL, Redis, Keycloak) and the keys
  --no-build  start the apps as last packaged even when their sources are newer
USAGE
}

with_apps=true
with_build=true
for arg in "$@"; do
  case $arg in
    --no-apps) with_apps=false ;;
    --no-build) with_build=false ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

step "JDK 21+"
source "$lib/java.sh"
ok "JAVA_HOME=$JAVA_HOME (Java $(java_major "$JAVA_HOME"))"
ensure_state_dirs
need_tool curl curl

ensure_postgres
ensure_redis
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

if [ "$with_apps" = true ]; then
  export_key_env
  for app in "${EDGEWORKS_APPS[@]}"; do start_app "$app"; done
  for app in "${EDGEWORKS_APPS[@]}"; do wait_app_ready "$app"; done
fi

cat <<DONE

${C_GREEN}${C_BOLD}Edgeworks local stack is up.${C_OFF}
  platform-api  http://127.0.0.1:$PLATFORM_API_PORT   (OpenAPI: http://127.0.0.1:$PLATFORM_API_PORT/q/openapi)
  edge-node     http://127.0.0.1:$EDGE_NODE_PORT   (e.g. curl http://hello.acme.localhost:$EDGE_NODE_PORT/)
                https://127.0.0.1:$EDGE_NODE_TLS_PORT  (curl --cacert $EDGEWORKS_KEYS/dev-ca.pem https://hello.acme.localhost:$EDGE_NODE_TLS_PORT/)
                health and metrics: http://127.0.0.1:$EDGE_NODE_MANAGEMENT_PORT/q/health/ready, /q/metrics
  tenant-admin  http://127.0.0.1:$TENANT_ADMIN_PORT
  Keycloak      http://127.0.0.1:$KEYCLOAK_PORT   (admin console: admin/admin; realm platform: alice/alice, bob/bob, carol/carol)
  PostgreSQL    $PLATFORM_DB_HOST:$PLATFORM_DB_PORT   (database $PLATFORM_DB_NAME, user $PLATFORM_DB_USER)
  Redis         $PLATFORM_REDIS_HOST:$PLATFORM_REDIS_PORT
  DNS (domains) 127.0.0.1:$CHALLTESTSRV_DNS_PORT, records set at $CHALLTESTSRV_URL (pebble-challtestsrv)
  ACME (pebble) https://127.0.0.1:$PEBBLE_PORT/dir
  Logs and pids in $EDGEWORKS_STATE_DIR/{logs,pids}; stop with deploy/local/down.sh

Get a token and create an account:
  TOKEN=\$(curl -s -d grant_type=password -d client_id=platform-cli -d username=alice -d password=alice \\
    http://127.0.0.1:$KEYCLOAK_PORT/realms/platform/protocol/openid-connect/token | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  curl -s -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"slug":"acme","name":"Acme Inc."}' http://127.0.0.1:$PLATFORM_API_PORT/api/accounts
DONE
