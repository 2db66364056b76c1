#!/usr/bin/env bash
# Load and bookkeeping for the scripts that break or restart the cluster under load (bench-rolling.sh, chaos.sh):
# a token of a demo user, a throw-away account with services, wrk through HAProxy and its summary, a burst of deploys
# recorded one line per attempt and the check that every acknowledged deploy is listed and served, KV writes through
# the API and through a worker and the check that every acknowledged one reads back. Everything goes to the usual
# ports (HAProxy in cluster mode). Needs common.sh and apps.sh (replica_port); the caller sets LOAD_WORK (a scratch
# folder) before using it.

LOAD_API=http://127.0.0.1:$PLATFORM_API_PORT
LOAD_EDGE=http://127.0.0.1:$EDGE_NODE_PORT
LOAD_USER=${BENCH_USER:-alice}
LOAD_PASSWORD=${BENCH_PASSWORD:-alice}
TOKEN=${TOKEN:-}
LOAD_ACCOUNT=
LOAD_SLUG=

# load_token: an access token of $LOAD_USER from Keycloak (empty when Keycloak does not give one).
load_token() {
  curl -s -m 10 -d grant_type=password -d client_id=platform-cli -d "username=$LOAD_USER" -d "password=$LOAD_PASSWORD" \
    "http://127.0.0.1:$KEYCLOAK_PORT/realms/platform/protocol/openid-connect/token" 2>/dev/null \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

# api_call <method> <url> [json]: prints the status code (000: no answer); the body goes to $LOAD_WORK/body.
api_call() {
  curl -s -o "$LOAD_WORK/body" -w '%{http_code}' -m 30 -X "$1" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' ${3:+-d "$3"} "$2" 2>/dev/null || true
}

# worker_body <text>: a version body whose worker answers <text> (no double quotes in <text>).
worker_body() {
  printf '{"modules":{"worker.js":"export default { fetch() { return new Response(\\"%s\\"); } }"}}' "$1"
}

# A worker bound to KV namespace <ns> as CACHE: GET /<key>?set=<value> puts (and answers once the put resolved, i.e.
# once platform-api committed it in PostgreSQL), GET /<key> answers the value or 404.
KV_WORKER_JS="export default { async fetch(request, env) { const url = new URL(request.url); const key = url.pathname.slice(1); const set = url.searchParams.get('set'); if (set !== null) { await env.CACHE.put(key, set); return new Response('stored ' + key); } const value = await env.CACHE.get(key); if (value === null) return new Response('missing', { status: 404 }); return new Response(value); } }"
kv_worker_body() { # kv_worker_body <namespace>
  printf '{"modules":{"worker.js":"%s"},"bindings":[{"type":"kv","name":"CACHE","namespace":"%s"}]}' "$KV_WORKER_JS" "$1"
}

# service_host <service>: the edge hostname of the service's production environment in the current account.
service_host() { echo "$1.$LOAD_SLUG.$EDGEWORKS_BASE_DOMAIN"; }

# load_account <prefix> <name>: logs in and creates a throw-away account <prefix>-<random> (LOAD_SLUG, LOAD_ACCOUNT).
load_account() {
  TOKEN=$(load_token)
  [ -n "$TOKEN" ] || fail "no token for $LOAD_USER from Keycloak on port $KEYCLOAK_PORT" "is the stack up (deploy/local/up.sh)?"
  LOAD_SLUG=$1-$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
  LOAD_ACCOUNT=$LOAD_API/api/accounts/$LOAD_SLUG
  [ "$(api_call POST "$LOAD_API/api/accounts" "{\"slug\":\"$LOAD_SLUG\",\"name\":\"$2\"}")" = 201 ] \
    || fail "cannot create account $LOAD_SLUG: $(cat "$LOAD_WORK/body")" "see platform-api's logs"
}

# load_delete_account: deletes the account of load_account (with its services and KV values).
load_delete_account() {
  [ -n "$LOAD_ACCOUNT" ] || return 0
  [ -n "$TOKEN" ] || TOKEN=$(load_token)
  api_call DELETE "$LOAD_ACCOUNT" >/dev/null
  LOAD_ACCOUNT=
}

# load_service <name> <version body>: creates the service and deploys the body to its production environment.
load_service() {
  [ "$(api_call POST "$LOAD_ACCOUNT/services" "{\"name\":\"$1\"}")" = 201 ] \
    || fail "cannot create service $1: $(cat "$LOAD_WORK/body")" "see platform-api's logs"
  [ "$(api_call POST "$LOAD_ACCOUNT/services/$1/environments/production/versions" "$2")" = 201 ] \
    || fail "cannot deploy $1: $(cat "$LOAD_WORK/body")" "see platform-api's logs"
}

# edge_answers <url> <host> <text>: true when the edge at <url> answers exactly <text> for Host <host>.
edge_answers() { [ "$(curl -s -m 5 -H "Host: $2" "$1" 2>/dev/null)" = "$3" ]; }

# edge_replica_url <i>: the public URL of edge node i (not through HAProxy).
edge_replica_url() { echo "http://127.0.0.1:$(replica_port "$EDGE_NODE_PORT" "$1")/"; }

# --- wrk ---------------------------------------------------------------------------------------------------
# wrk_start <connections> <host> <output file>: GET / with Host <host> through HAProxy until wrk_stop (WRK_PID).
wrk_start() {
  # wrk needs its duration up front: an hour, stopped by wrk_stop
  wrk -t1 -c"$1" -d3600s --timeout 10s -H "Host: $2" "$LOAD_EDGE/" >"$3" 2>&1 &
  WRK_PID=$!
}

# wrk_stop: SIGINT makes wrk print its summary.
wrk_stop() {
  kill -INT "$WRK_PID" 2>/dev/null || true
  wait "$WRK_PID" 2>/dev/null || true
}

# wrk_summary <wrk output>: sets WRK_REQUESTS, WRK_RATE, WRK_NON2XX, WRK_SOCKET (wrk's text, "none" without) and
# WRK_ERRORS (non-2xx/3xx answers + every socket error: connect, read, write, timeout).
wrk_summary() {
  WRK_REQUESTS=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$1")
  WRK_RATE=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1")
  WRK_NON2XX=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$1")
  WRK_SOCKET=$(sed -n 's/^ *Socket errors: *\(.*\)$/\1/p' "$1")
  local socket_sum
  socket_sum=$({ grep -o '[0-9][0-9]*' <<<"${WRK_SOCKET:-}" || true; } | awk '{ s += $1 } END { print s + 0 }')
  WRK_REQUESTS=${WRK_REQUESTS:-0}
  WRK_RATE=${WRK_RATE:-0}
  WRK_NON2XX=${WRK_NON2XX:-0}
  WRK_SOCKET=${WRK_SOCKET:-none}
  WRK_ERRORS=$((WRK_NON2XX + socket_sum))
}

# --- deploys -----------------------------------------------------------------------------------------------
# deploy_loop <file> <pause> <service...>: a new version of one service after the other (round robin), every <pause>
# seconds, until $LOAD_WORK/stop exists; one line per attempt in <file>: <n> <service> <status> <version number>
# (each version answers "deploy <n>").
deploy_loop() {
  local file=$1 pause=$2 n=0 service status version
  shift 2
  local services=("$@")
  while [ ! -f "$LOAD_WORK/stop" ]; do
    n=$((n + 1))
    service=${services[$((n % ${#services[@]}))]}
    status=$(curl -s -o "$LOAD_WORK/deploy-body" -w '%{http_code}' -m 30 -X POST -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' -d "$(worker_body "deploy $n")" \
      "$LOAD_ACCOUNT/services/$service/environments/production/versions" 2>/dev/null || true)
    version=$(sed -n 's/.*"number":\([0-9]*\).*/\1/p' "$LOAD_WORK/deploy-body" 2>/dev/null | head -n1)
    echo "$n $service $status ${version:-?}" >>"$file"
    sleep "$pause"
  done
}

# deploy_counts <file>: sets DEPLOYS_ATTEMPTED, DEPLOYS_ACKED (201) and DEPLOYS_REFUSED ("503 x2, 000 x1", answers
# other than 201 and how often; 000 = no answer) from deploy_loop's lines.
deploy_counts() {
  DEPLOYS_ATTEMPTED=$(wc -l <"$1" | tr -d ' ')
  DEPLOYS_ACKED=$(awk '$3 == 201' "$1" | wc -l | tr -d ' ')
  DEPLOYS_REFUSED=$(awk '$3 != 201 { print $3 }' "$1" | sort | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep=", " }')
}

# check_deploys <file> <edges> <service...>: sets DEPLOYS_LOST: acknowledged versions the API does not list, plus,
# per service, its latest acknowledged deploy not served by every edge node (own port, not through HAProxy) within 20 s.
check_deploys() {
  local file=$1 edges=$2 service listed status version last i host
  shift 2
  DEPLOYS_LOST=0
  for service in "$@"; do
    [ "$(api_call GET "$LOAD_ACCOUNT/services/$service/environments/production/versions?limit=100")" = 200 ] \
      || fail "cannot list the versions of $service: $(cat "$LOAD_WORK/body")" "see the logs"
    listed=$(grep -o '"number":[0-9]*' "$LOAD_WORK/body" | cut -d: -f2 | sort -n)
    while read -r _ _ status version; do
      [ "$status" = 201 ] || continue
      grep -qx "$version" <<<"$listed" || { warn "$service version $version was acknowledged but is not listed"; DEPLOYS_LOST=$((DEPLOYS_LOST + 1)); }
    done < <(awk -v s="$service" '$2 == s' "$file")
    # the latest deploy is the acknowledged one with the highest version number (deploys may overlap)
    last=$(awk -v s="$service" '$2 == s && $3 == 201 && $4 + 0 >= v { v = $4 + 0; n = $1 } END { print n }' "$file")
    [ -n "$last" ] || continue
    host=$(service_host "$service")
    for ((i = 1; i <= edges; i++)); do
      wait_until 20 "deploy $last on edge-node-$i" edge_answers "$(edge_replica_url "$i")" "$host" "deploy $last" \
        || { warn "$service: deploy $last (acknowledged) is not served by edge-node-$i"; DEPLOYS_LOST=$((DEPLOYS_LOST + 1)); }
    done
  done
}

# --- KV ----------------------------------------------------------------------------------------------------
# kv_loop <file> <pause> <namespace> <worker service> <tag>: until $LOAD_WORK/stop exists, writes a new key, in turn
# through the API (PUT …/values/<key>, acknowledged: 2xx) and through the worker (GET /<key>?set=<value> on the edge
# through HAProxy, acknowledged: 200 "stored <key>"); one line per attempt: <n> <api|worker> <key> <value> <status>.
kv_loop() {
  local file=$1 pause=$2 ns=$3 host n=0 key value status via
  host=$(service_host "$4")
  while [ ! -f "$LOAD_WORK/stop" ]; do
    n=$((n + 1))
    key=$5-$n
    value=v$n-$RANDOM
    if ((n % 2)); then
      via=api
      status=$(curl -s -o /dev/null -w '%{http_code}' -m 30 -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/plain' \
        --data-binary "$value" "$LOAD_ACCOUNT/kv/namespaces/$ns/values/$key" 2>/dev/null || true)
    else
      via=worker
      status=$(curl -s -o "$LOAD_WORK/kv-body" -w '%{http_code}' -m 30 -H "Host: $host" "$LOAD_EDGE/$key?set=$value" 2>/dev/null || true)
      [ "$status" != 200 ] || [ "$(cat "$LOAD_WORK/kv-body")" = "stored $key" ] || status=200-unexpected
    fi
    echo "$n $via $key $value $status" >>"$file"
    sleep "$pause"
  done
}

# kv_acknowledged <line fields via status>: true for an acknowledged write.
kv_acknowledged() {
  case $1 in
    api) [[ $2 == 2[0-9][0-9] ]] ;;
    worker) [ "$2" = 200 ] ;;
    *) return 1 ;;
  esac
}

# kv_counts <file>: sets KV_ATTEMPTED, KV_ACKED and KV_REFUSED ("api 503 x3, worker 500 x2") from kv_loop's lines.
kv_counts() {
  local via status
  KV_ATTEMPTED=$(wc -l <"$1" | tr -d ' ')
  KV_ACKED=0
  : >"$LOAD_WORK/kv-refused"
  while read -r _ via _ _ status; do
    if kv_acknowledged "$via" "$status"; then KV_ACKED=$((KV_ACKED + 1)); else echo "$via $status" >>"$LOAD_WORK/kv-refused"; fi
  done <"$1"
  KV_REFUSED=$(sort "$LOAD_WORK/kv-refused" | uniq -c | awk '{ printf "%s%s %s x%s", sep, $2, $3, $1; sep=", " }')
}

# check_kv <file> <namespace> <worker service>: sets KV_LOST: acknowledged writes whose value the API (PostgreSQL, or
# Redis) does not return, or the worker on the edge (Redis, the edge's read path) does not return within 10 s.
check_kv() {
  local file=$1 ns=$2 host via key value status got
  host=$(service_host "$3")
  KV_LOST=0
  while read -r _ via key value status; do
    kv_acknowledged "$via" "$status" || continue
    got=$(curl -s -m 10 -H "Authorization: Bearer $TOKEN" "$LOAD_ACCOUNT/kv/namespaces/$ns/values/$key" 2>/dev/null || true)
    if [ "$got" != "$value" ]; then
      warn "KV $key ($via, acknowledged) reads '${got:0:80}' through the API instead of '$value'"
      KV_LOST=$((KV_LOST + 1))
    elif ! wait_until 10 "KV $key on the edge" edge_answers "$LOAD_EDGE/$key" "$host" "$value"; then
      warn "KV $key ($via, acknowledged) is not read back by the worker on the edge"
      KV_LOST=$((KV_LOST + 1))
    fi
  done <"$file"
}

# haproxy_retry_count: HAProxy's retries + redispatches over every backend since its start.
haproxy_retry_count() {
  curl -s -m 3 "http://127.0.0.1:$HAPROXY_STATS_PORT/;csv" 2>/dev/null \
    | awk -F, '$2 == "BACKEND" { s += $16 + $17 } END { print s + 0 }'
}
