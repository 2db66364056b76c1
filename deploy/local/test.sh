#!/usr/bin/env bash
# The test command: starts what the tests need and runs every tier.
#   1. PostgreSQL and Redis (as up.sh: reused when listening, else our own)
#   2. fast tier: deploy/k8s/validate.sh     (Kubernetes overlays rendered and checked offline)
#                 ./mvnw -B verify            (*Test; platform-api uses database platform_test)
#                 deploy/docker/check-edge-image.sh (the edge's image built without Docker, and started)
#   3. the whole local stack with up.sh       (Keycloak and the packaged apps)
#   4. integration tier against that stack    (*IT through failsafe, base URLs as system properties)
# At the end it stops whatever this run started, and only that: a stack that was already up stays up.
# Options: --fast  (steps 1 and 2 only)
#          --it    (steps 1, 3 and 4: the integration tier against freshly packaged or running apps)
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

fast_only=false
it_only=false
for arg in "$@"; do
  case $arg in
    --fast) fast_only=true ;;
    --it) it_only=true ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

COMPONENTS=(postgres redis challtestsrv pebble keycloak "${EDGEWORKS_APPS[@]}")
declare -A was_running=()
declare -a summary=()
status=0
started_at=$SECONDS

ensure_state_dirs
for c in "${COMPONENTS[@]}"; do
  if owned "$c"; then was_running[$c]=1; else was_running[$c]=0; fi
done

# Stops, in reverse order, every component this run started; reused or earlier ones stay.
cleanup() {
  local rc=$? c stopped=() children
  trap - EXIT
  # interrupted mid-tier: end the Maven run this script started (its direct children, by pid)
  children=$(pgrep -P $$ 2>/dev/null || true)
  if [ -n "$children" ]; then
    # shellcheck disable=SC2086 # one pid per word
    kill -TERM $children 2>/dev/null || true
  fi
  for c in "${EDGEWORKS_APPS[@]}" keycloak pebble challtestsrv redis postgres; do
    if [ "${was_running[$c]}" = 0 ] && owned "$c"; then
      case $c in
        postgres) stop_postgres ;;
        redis) stop_redis ;;
        pebble) stop_pebble ;;
        challtestsrv) stop_challtestsrv ;;
        keycloak) stop_keycloak ;;
        *) stop_app "$c" ;;
      esac
      stopped+=("$c")
    fi
  done
  [ ${#stopped[@]} -eq 0 ] || info "stopped what this run started: ${stopped[*]}"
  exit "$rc"
}
trap cleanup EXIT

# record <tier> <PASS|FAIL|SKIPPED> <detail>
record() {
  summary+=("$(printf '%-26s %-8s %s' "$1" "$2" "$3")")
  [ "$2" != FAIL ] || status=1
}

# run_tier <name> <log> <command...>: shows Maven's output and keeps it in the log.
run_tier() {
  local name=$1 log=$2 t0=$SECONDS
  shift 2
  step "$name: $*"
  info "log: $log"
  if "$@" 2>&1 | tee "$log"; then
    tier_result=PASS
    record "$name" PASS "$((SECONDS - t0)) s"
  else
    tier_result=FAIL
    record "$name" FAIL "$((SECONDS - t0)) s, see $log"
  fi
}

summary_and_exit() {
  echo
  printf '%s==> Test summary (%d s)%s\n' "$C_BOLD" "$((SECONDS - started_at))" "$C_OFF"
  printf '    %s\n' "${summary[@]}"
  if [ "$status" -eq 0 ]; then ok "all tiers passed"; else printf '    %sSOME TIERS FAILED%s\n' "$C_RED" "$C_OFF"; fi
  exit "$status"
}

step "Scripts (shellcheck)"
if command -v shellcheck >/dev/null 2>&1; then
  if (cd "$EDGEWORKS_ROOT/deploy" && shellcheck -x -S warning local/*.sh lib/*.sh k8s/*.sh docker/*.sh ../.ci/run); then
    record "scripts (shellcheck)" PASS "deploy/local, deploy/lib, deploy/k8s, deploy/docker, .ci/run"
  else
    record "scripts (shellcheck)" FAIL "see the findings above"
  fi
else
  record "scripts (shellcheck)" SKIPPED "shellcheck not installed (apt-get install shellcheck)"
fi

step "JDK 21+"
source "$lib/java.sh"
ok "JAVA_HOME=$JAVA_HOME"
need_tool curl curl
# the ACME tests run a real Pebble (Let's Encrypt's test CA) and its DNS test server
need_tool pebble pebble
ensure_postgres
ensure_redis
# domain verification: platform-api tests publish TXT records through challtestsrv and resolve at its DNS
ensure_challtestsrv
ensure_pebble

# The tests get the test database, never the one the running stack uses (tests clean it).
test_db_env=(
  "PLATFORM_DOMAINS_RESOLVER=$PLATFORM_DOMAINS_RESOLVER" "CHALLTESTSRV_URL=$CHALLTESTSRV_URL"
  "PLATFORM_DB_REACTIVE_URL=postgresql://$PLATFORM_DB_HOST:$PLATFORM_DB_PORT/$PLATFORM_DB_TEST_NAME"
  "PLATFORM_DB_JDBC_URL=jdbc:postgresql://$PLATFORM_DB_HOST:$PLATFORM_DB_PORT/$PLATFORM_DB_TEST_NAME"
  # and Redis database 1, not the stack's 0 (a running platform-api shares the analytics consumer group with the tests')
  "PLATFORM_TEST_REDIS_URL=${PLATFORM_TEST_REDIS_URL:-redis://$PLATFORM_REDIS_HOST:$PLATFORM_REDIS_PORT/1}"
)
fast_tier=SKIPPED
if [ "$it_only" = true ]; then
  record "Kubernetes manifests" SKIPPED "--it"
  record "fast tier (*Test)" SKIPPED "--it"
  record "edge image" SKIPPED "--it"
else
  # every overlay rendered and checked against the Kubernetes schemas and the project's rules, offline once the
  # pinned tools are cached under $EDGEWORKS_STATE_DIR/tools (deploy/k8s/README.md)
  need_tool node nodejs
  need_tool npm npm
  run_tier "Kubernetes manifests" "$EDGEWORKS_LOGS/test-k8s.log" "$EDGEWORKS_ROOT/deploy/k8s/validate.sh"
  run_tier "fast tier (*Test)" "$EDGEWORKS_LOGS/test-fast.log" \
    env "${test_db_env[@]}" bash -c 'cd "$EDGEWORKS_ROOT" && ./mvnw -B -fae verify'
  fast_tier=$tier_result
  # the edge's image (deploy/docker/Dockerfile.edge) built without Docker from what the fast tier packaged, and started
  if [ "$fast_tier" = PASS ]; then
    run_tier "edge image" "$EDGEWORKS_LOGS/test-edge-image.log" "$EDGEWORKS_ROOT/deploy/docker/check-edge-image.sh"
  else
    record "edge image" SKIPPED "the fast tier failed"
  fi
fi

if [ "$fast_only" = true ]; then
  record "integration tier (*IT)" SKIPPED "--fast"
  summary_and_exit
fi
if [ "$fast_tier" = FAIL ]; then
  record "integration tier (*IT)" SKIPPED "the fast tier failed"
  summary_and_exit
fi

step "Headless Chromium for the portal's browser tests"
need_tool chromium chromium
need_tool chromedriver chromium-driver
ok "$(chromium --version 2>/dev/null | head -n1)"

step "Local stack for the integration tier (deploy/local/up.sh)"
if "$here/up.sh"; then
  record "local stack (up.sh)" PASS "all /q/health/ready answer 200"
else
  record "local stack (up.sh)" FAIL "see the messages above and $EDGEWORKS_LOGS"
  record "integration tier (*IT)" SKIPPED "the local stack did not come up"
  summary_and_exit
fi

# failsafe straight after test-compile: the apps keep running from the jars the fast tier packaged
run_tier "integration tier (*IT)" "$EDGEWORKS_LOGS/test-it.log" \
  env "${test_db_env[@]}" bash -c 'cd "$EDGEWORKS_ROOT" && ./mvnw -B -fae test-compile failsafe:integration-test failsafe:verify "$@"' -- \
  -DskipITs=false \
  "-Dedgeworks.it.api-url=http://127.0.0.1:$PLATFORM_API_PORT" \
  "-Dedgeworks.it.edge-url=http://127.0.0.1:$EDGE_NODE_PORT" \
  "-Dedgeworks.it.edge-management-url=http://127.0.0.1:$EDGE_NODE_MANAGEMENT_PORT" \
  "-Dedgeworks.it.admin-url=http://127.0.0.1:$TENANT_ADMIN_PORT" \
  "-Dedgeworks.it.keycloak-url=http://127.0.0.1:$KEYCLOAK_PORT" \
  "-Dedgeworks.it.redis-url=$PLATFORM_REDIS_URL" \
  "-Dedgeworks.it.challtestsrv-url=$CHALLTESTSRV_URL" \
  "-Dedgeworks.it.pebble-tls-certificate=$PLATFORM_ACME_TRUST_CERTIFICATE" \
  "-Dedgeworks.it.keys-dir=$EDGEWORKS_KEYS" \
  "-Dedgeworks.it.base-domain=$EDGEWORKS_BASE_DOMAIN" \
  "-Dedgeworks.it.db-url=jdbc:postgresql://$PLATFORM_DB_HOST:$PLATFORM_DB_PORT/$PLATFORM_DB_NAME" \
  "-Dedgeworks.it.db-user=$PLATFORM_DB_USER" \
  "-Dedgeworks.it.db-password=$PLATFORM_DB_PASSWORD"

summary_and_exit
