#!/usr/bin/env bash
# Sourced by the deploy scripts: paths, settings, output, process and port helpers.
# Everything up.sh starts is recorded as a pid file in $EDGEWORKS_PIDS; whatever has no pid file
# there was merely reused and is never stopped by down.sh.

EDGEWORKS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export EDGEWORKS_ROOT
export EDGEWORKS_STATE_DIR=${EDGEWORKS_STATE_DIR:-$EDGEWORKS_ROOT/.state}
EDGEWORKS_LOGS=$EDGEWORKS_STATE_DIR/logs
EDGEWORKS_PIDS=$EDGEWORKS_STATE_DIR/pids
EDGEWORKS_KEYS=$EDGEWORKS_STATE_DIR/keys

# Addresses (CONTRACT.md defaults); every one can be overridden from the environment.
export PLATFORM_DB_HOST=${PLATFORM_DB_HOST:-127.0.0.1}
export PLATFORM_DB_PORT=${PLATFORM_DB_PORT:-5432}
export PLATFORM_DB_USER=${PLATFORM_DB_USER:-platform}
export PLATFORM_DB_PASSWORD=${PLATFORM_DB_PASSWORD:-platform}
export PLATFORM_DB_NAME=${PLATFORM_DB_NAME:-platform}
export PLATFORM_DB_TEST_NAME=${PLATFORM_DB_TEST_NAME:-platform_test}
export PLATFORM_REDIS_HOST=${PLATFORM_REDIS_HOST:-127.0.0.1}
export PLATFORM_REDIS_PORT=${PLATFORM_REDIS_PORT:-6379}
# Sentinel mode (redis.sh, EDGEWORKS_REDIS_SENTINEL=true): a replica and three Sentinels beside the primary, on ports
# derived from PLATFORM_REDIS_PORT (6379: replica 6380, Sentinels 26379-26381); the apps then follow the primary
# whether EDGEWORKS_REDIS_SENTINEL came from the environment (cluster mode turns Sentinel mode on unless it did)
EDGEWORKS_REDIS_SENTINEL_GIVEN=${EDGEWORKS_REDIS_SENTINEL:+yes}
export EDGEWORKS_REDIS_SENTINEL=${EDGEWORKS_REDIS_SENTINEL:-false}
export PLATFORM_REDIS_REPLICA_PORT=${PLATFORM_REDIS_REPLICA_PORT:-$((PLATFORM_REDIS_PORT + 1))}
export PLATFORM_REDIS_SENTINEL_PORTS=${PLATFORM_REDIS_SENTINEL_PORTS:-"$((PLATFORM_REDIS_PORT + 20000)) $((PLATFORM_REDIS_PORT + 20001)) $((PLATFORM_REDIS_PORT + 20002))"}
export PLATFORM_REDIS_MASTER_NAME=${PLATFORM_REDIS_MASTER_NAME:-edgeworks}
export PLATFORM_REDIS_SENTINEL_DOWN_AFTER_MS=${PLATFORM_REDIS_SENTINEL_DOWN_AFTER_MS:-2000}
export KEYCLOAK_PORT=${KEYCLOAK_PORT:-8180}
export KEYCLOAK_VERSION=${KEYCLOAK_VERSION:-26.5.6}
# Keycloak's mode (keycloak.sh): dev (start-dev, its own file database) or production (start --optimized on database
# KEYCLOAK_DB_NAME of the stack's PostgreSQL, health on KEYCLOAK_MANAGEMENT_PORT)
# whether KEYCLOAK_MODE came from the environment (cluster mode turns production mode on unless it did)
EDGEWORKS_KEYCLOAK_MODE_GIVEN=${KEYCLOAK_MODE:+yes}
export KEYCLOAK_MODE=${KEYCLOAK_MODE:-dev}
export KEYCLOAK_MANAGEMENT_PORT=${KEYCLOAK_MANAGEMENT_PORT:-$((KEYCLOAK_PORT + 1000))}
export KEYCLOAK_DB_NAME=${KEYCLOAK_DB_NAME:-keycloak}
export KEYCLOAK_DB_USER=${KEYCLOAK_DB_USER:-keycloak}
export KEYCLOAK_DB_PASSWORD=${KEYCLOAK_DB_PASSWORD:-keycloak}
export PLATFORM_API_PORT=${PLATFORM_API_PORT:-8080}
export EDGE_NODE_PORT=${EDGE_NODE_PORT:-8081}
# HTTPS on the edge (SNI; generated hostnames get certificates from the development CA in $EDGEWORKS_KEYS)
export EDGE_NODE_TLS_PORT=${EDGE_NODE_TLS_PORT:-8443}
# the edge serves health and metrics on its management port only (the public port serves tenants)
export EDGE_NODE_MANAGEMENT_PORT=${EDGE_NODE_MANAGEMENT_PORT:-9000}
export TENANT_ADMIN_PORT=${TENANT_ADMIN_PORT:-8082}
# ACME test servers (pebble.sh): challtestsrv's mock DNS answers platform-api's domain verification
export CHALLTESTSRV_DNS_PORT=${CHALLTESTSRV_DNS_PORT:-8053}
export CHALLTESTSRV_MANAGEMENT_PORT=${CHALLTESTSRV_MANAGEMENT_PORT:-8055}
export PEBBLE_PORT=${PEBBLE_PORT:-14000}
export PEBBLE_MANAGEMENT_PORT=${PEBBLE_MANAGEMENT_PORT:-15000}
# platform-api orders custom domains' certificates from pebble (HTTP-01 answered by the edge on $EDGE_NODE_PORT),
# trusting pebble's own HTTPS certificate (made by pebble.sh); an empty directory URL turns certificates off
export PLATFORM_ACME_DIRECTORY_URL=${PLATFORM_ACME_DIRECTORY_URL-https://127.0.0.1:$PEBBLE_PORT/dir}
export PLATFORM_ACME_TRUST_CERTIFICATE=${PLATFORM_ACME_TRUST_CERTIFICATE-$EDGEWORKS_STATE_DIR/pebble/cert.pem}
export PLATFORM_ACME_CHECK_INTERVAL=${PLATFORM_ACME_CHECK_INTERVAL:-10s}
# the local stack's edge ships its per-minute analytics every 2 s (production: each minute once, the default 60s),
# so the walkthrough, AnalyticsIT and the portal's charts see traffic within seconds
export EDGE_ANALYTICS_FLUSH_INTERVAL=${EDGE_ANALYTICS_FLUSH_INTERVAL:-2s}

# Derived URLs handed to the apps (see deploy/README.md for the full table).
export PLATFORM_DB_REACTIVE_URL=${PLATFORM_DB_REACTIVE_URL:-postgresql://$PLATFORM_DB_HOST:$PLATFORM_DB_PORT/$PLATFORM_DB_NAME}
export PLATFORM_DB_JDBC_URL=${PLATFORM_DB_JDBC_URL:-jdbc:postgresql://$PLATFORM_DB_HOST:$PLATFORM_DB_PORT/$PLATFORM_DB_NAME}
export PLATFORM_REDIS_URL=${PLATFORM_REDIS_URL:-redis://$PLATFORM_REDIS_HOST:$PLATFORM_REDIS_PORT}
export EDGE_REDIS_URL=${EDGE_REDIS_URL:-$PLATFORM_REDIS_URL}
# the Sentinels the apps ask for the primary in Sentinel mode (replaces PLATFORM_REDIS_URL/EDGE_REDIS_URL for the apps)
PLATFORM_REDIS_SENTINEL_URL=${PLATFORM_REDIS_SENTINEL_URL:-$(for p in $PLATFORM_REDIS_SENTINEL_PORTS; do printf 'redis://127.0.0.1:%s,' "$p"; done)}
export PLATFORM_REDIS_SENTINEL_URL=${PLATFORM_REDIS_SENTINEL_URL%,}
export EDGEWORKS_BASE_DOMAIN=${EDGEWORKS_BASE_DOMAIN:-localhost}
export PLATFORM_OIDC_URL=${PLATFORM_OIDC_URL:-http://127.0.0.1:$KEYCLOAK_PORT/realms/platform}
export ADMIN_OIDC_URL=${ADMIN_OIDC_URL:-$PLATFORM_OIDC_URL}
export ADMIN_OIDC_CLIENT_ID=${ADMIN_OIDC_CLIENT_ID:-tenant-admin}
export ADMIN_OIDC_SECRET=${ADMIN_OIDC_SECRET:-tenant-admin-secret}
export ADMIN_API_URL=${ADMIN_API_URL:-http://127.0.0.1:$PLATFORM_API_PORT}
export PLATFORM_DOMAINS_RESOLVER=${PLATFORM_DOMAINS_RESOLVER:-127.0.0.1:$CHALLTESTSRV_DNS_PORT}
# challtestsrv resolves every name to 127.0.0.1: the local stack lets the HTTP proof connect there
export PLATFORM_DOMAINS_HTTP_PRIVATE_ADDRESSES=${PLATFORM_DOMAINS_HTTP_PRIVATE_ADDRESSES:-true}
export CHALLTESTSRV_URL=${CHALLTESTSRV_URL:-http://127.0.0.1:$CHALLTESTSRV_MANAGEMENT_PORT}

export DEBIAN_FRONTEND=noninteractive

CURRENT_STEP="start"
CURRENT_LOG=""

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ] && [ "${CI:-}" != "true" ]; then
  C_BOLD=$'\e[1m'; C_RED=$'\e[31m'; C_GREEN=$'\e[32m'; C_YELLOW=$'\e[33m'; C_OFF=$'\e[0m'
else
  C_BOLD=""; C_RED=""; C_GREEN=""; C_YELLOW=""; C_OFF=""
fi

step() { # step <name>: announces a step; fail() names it
  CURRENT_STEP=$1
  CURRENT_LOG=""
  printf '%s==> %s%s\n' "$C_BOLD" "$1" "$C_OFF"
}
info() { printf '    %s\n' "$*"; }
ok() { printf '    %s%s%s\n' "$C_GREEN" "$*" "$C_OFF"; }
warn() { printf '    %sWARNING: %s%s\n' "$C_YELLOW" "$*" "$C_OFF" >&2; }

# fail <what went wrong> <likely fix> [log file]: prints step, log tail and fix, then exits 1.
fail() {
  local log=${3:-$CURRENT_LOG}
  {
    printf '%sFAILED in step "%s": %s%s\n' "$C_RED" "$CURRENT_STEP" "$1" "$C_OFF"
    if [ -n "$log" ] && [ -f "$log" ]; then
      printf '    log: %s (last 25 lines below)\n' "$log"
      tail -n 25 "$log" | sed 's/^/    | /'
    fi
    printf '    likely fix: %s\n' "$2"
  } >&2
  exit 1
}

ensure_state_dirs() {
  mkdir -p "$EDGEWORKS_LOGS" "$EDGEWORKS_PIDS" "$EDGEWORKS_KEYS"
  chmod 700 "$EDGEWORKS_KEYS"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# as_root <cmd...>: runs a command as root (directly when root, else through sudo -n).
as_root() {
  if is_root; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else return 1
  fi
}

# apt_install <package...>: non-interactive apt install, logged to $EDGEWORKS_LOGS/apt.log.
apt_install() {
  local log=$EDGEWORKS_LOGS/apt.log
  CURRENT_LOG=$log
  command -v apt-get >/dev/null 2>&1 \
    || fail "apt-get not found, cannot install $*" "install $* with your system's package manager, then rerun"
  if ! is_root && ! sudo -n true 2>/dev/null; then
    fail "need root to install $* (not root, and sudo is not available without a password)" \
      "run 'sudo apt-get install -y $*' once, then rerun"
  fi
  info "installing with apt: $* (log: $log)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update >>"$log" 2>&1 \
    || fail "apt-get update failed" "check network access to the Debian/Ubuntu mirrors"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$log" 2>&1 \
    || fail "apt-get install $* failed" "see the log; 'apt-get install -y $*' by hand shows the reason"
}

# need_tool <command> <apt package>: installs the package when the command is missing.
need_tool() {
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}

# port_open <host> <port>: true when something accepts TCP connections there.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1
}

# pid_alive <pid file>: true when the file names a live process.
pid_alive() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# owned <component>: true when up.sh started this component and it is still running. The command
# line must match too, so that a pid reused by another process after a reboot is never touched.
owned() {
  local file="$EDGEWORKS_PIDS/$1.pid" pattern cmdline
  pid_alive "$file" || return 1
  case $1 in
    postgres) pattern=postgres ;;
    redis|redis-replica|redis-sentinel-*) pattern=redis-server ;;
    keycloak) pattern=keycloak ;;
    challtestsrv) pattern=pebble-challtestsrv ;;
    pebble) pattern="pebble -config" ;;
    haproxy) pattern=haproxy ;;
    *) pattern="$(instance_app "$1")/target/quarkus-app" ;; # an app, or one replica of it (edge-node-2)
  esac
  cmdline=$(tr '\0' ' ' <"/proc/$(cat "$file")/cmdline" 2>/dev/null) || return 0 # no /proc: trust the pid
  [[ $cmdline == *"$pattern"* ]]
}

# instance_app <name>: the app a process name belongs to: edge-node-2 -> edge-node (a replica of cluster mode),
# edge-node -> edge-node.
instance_app() {
  if [[ $1 =~ ^(.*)-[0-9]+$ ]]; then echo "${BASH_REMATCH[1]}"; else echo "$1"; fi
}

# duration_seconds <duration>: a Quarkus duration (500ms, 3s, 2m, PT5S) in whole seconds, rounded up.
duration_seconds() {
  local d=${1,,}
  case $d in
    *ms) echo $(( (${d%ms} + 999) / 1000 )) ;;
    *s) echo "${d%s}" | sed 's/^pt//' ;;
    *m) echo $(( ${d%m} * 60 )) ;;
    *h) echo $(( ${d%h} * 3600 )) ;;
    *) echo "$d" ;;
  esac
}

# who_listens <port>: a short description of the process on a local port, when ss can tell.
who_listens() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\))).*/\1/p' | head -n1
}

# wait_until <seconds> <description> <command...>: polls every second.
wait_until() {
  local deadline=$((SECONDS + $1)) # $2 names what is awaited, for the reader
  shift 2
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then return 1; fi
    sleep 1
  done
  return 0
}

# http_ok <url>: true when the URL answers 200.
http_ok() {
  [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null)" = "200" ]
}

# stop_pidfile <component> [seconds]: TERM, wait, then KILL the process recorded by up.sh.
stop_pidfile() {
  local name=$1 grace=${2:-30} file="$EDGEWORKS_PIDS/$1.pid" pid
  if ! owned "$name"; then
    rm -f "$file"
    return 0
  fi
  pid=$(cat "$file")
  info "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_until "$grace" "$name to exit" bash -c "! kill -0 $pid 2>/dev/null"; then
    warn "$name (pid $pid) did not exit within ${grace}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$file"
}

# start_background <component> <log> <command...>: starts detached, records the pid.
start_background() {
  local name=$1 log=$2
  shift 2
  : >"$log"
  setsid nohup "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$EDGEWORKS_PIDS/$name.pid"
}
