#!/usr/bin/env bash
# A rolling restart under load, on a running cluster mode (deploy/local/up.sh --edges N --apis M):
#   - wrk (Debian package wrk) sends GET requests to a hello worker through HAProxy on the edge port, for the whole run;
#   - meanwhile a burst of deploys through HAProxy on the API port: a new version of one of four services, round robin
#     (under the quotas: 120 deploys a minute, 100 versions an environment), one after the other with a short pause;
#   - deploy/local/rolling.sh restarts every edge node and every platform-api replica one at a time.
# Then it prints: requests, non-2xx answers and socket errors (wrk), HAProxy's retries and redispatches, deploys
# attempted, acknowledged (201) and lost (acknowledged but not listed by the API, or a service's last one not served by
# every edge node within 20 s). It logs in as a demo user, creates a throw-away account "roll-…" and deletes it at the end.
#
# Usage: deploy/local/bench-rolling.sh [--connections C] [--pause SECONDS] [--settle SECONDS]
#   --connections  wrk connections (default 8, one wrk thread)     --pause  between two deploys (default 0.5)
#   --settle       load before and after the rolling restart (default 10)
# Environment: the usual ports (deploy/README.md); BENCH_USER / BENCH_PASSWORD [alice/alice].
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lib=$here/../lib
source "$lib/common.sh"
source "$lib/apps.sh"
source "$lib/haproxy.sh"
source "$lib/cluster.sh"

connections=8
pause=0.5
settle=10
while [ $# -gt 0 ]; do
  case $1 in
    --connections) connections=${2:?--connections needs a number}; shift 2 ;;
    --pause) pause=${2:?--pause needs seconds}; shift 2 ;;
    --settle) settle=${2:?--settle needs seconds}; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done

[ -f "$CLUSTER_FILE" ] && owned haproxy \
  || fail "no cluster mode runs from $EDGEWORKS_STATE_DIR" "start it with deploy/local/up.sh --edges 2 --apis 2"
# shellcheck disable=SC1090
source "$CLUSTER_FILE"
need_tool wrk wrk

api=http://127.0.0.1:$PLATFORM_API_PORT
edge=http://127.0.0.1:$EDGE_NODE_PORT
user=${BENCH_USER:-alice}
password=${BENCH_PASSWORD:-alice}
work=$(mktemp -d)
loop_pid=
cleanup() {
  [ -z "$loop_pid" ] || kill "$loop_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

token() {
  curl -s -d grant_type=password -d client_id=platform-cli -d "username=$user" -d "password=$password" \
    "http://127.0.0.1:$KEYCLOAK_PORT/realms/platform/protocol/openid-connect/token" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
TOKEN=$(token)
[ -n "$TOKEN" ] || fail "no token for $user from Keycloak on port $KEYCLOAK_PORT" "is the stack up (deploy/local/up.sh)?"
slug=roll-$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
account=$api/api/accounts/$slug
call() { # call <method> <url> [json]: prints the status code, the body goes to $work/body
  curl -s -o "$work/body" -w '%{http_code}' -m 30 -X "$1" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' ${3:+-d "$3"} "$2" || true
}
worker() { # worker <text>: a version body whose worker answers <text>
  printf '{"modules":{"worker.js":"export default { fetch() { return new Response(\\"%s\\"); } }"}}' "$1"
}

services=(deploys-0 deploys-1 deploys-2 deploys-3)
step "Account $slug with services hello (the load) and ${services[*]} (the burst)"
[ "$(call POST "$api/api/accounts" "{\"slug\":\"$slug\",\"name\":\"rolling restart bench\"}")" = 201 ] \
  || fail "cannot create account $slug: $(cat "$work/body")" "see platform-api's logs"
for service in hello "${services[@]}"; do
  [ "$(call POST "$account/services" "{\"name\":\"$service\"}")" = 201 ] || fail "cannot create service $service: $(cat "$work/body")" "see the logs"
done
[ "$(call POST "$account/services/hello/environments/production/versions" "$(worker hello)")" = 201 ] \
  || fail "cannot deploy hello: $(cat "$work/body")" "see the logs"
host=hello.$slug.$EDGEWORKS_BASE_DOMAIN
wait_until 30 "hello served" bash -c "[ \"\$(curl -s -m 5 -H 'Host: $host' $edge/)\" = hello ]" \
  || fail "the edge does not serve $host within 30 s" "see the edge nodes' logs"
ok "hello served through HAProxy at $edge (Host: $host)"

# the deploy burst: one version after the other until told to stop; one line per attempt:
# <n> <service> <status> <version>
deploy_loop() {
  local n=0 service status version
  while [ ! -f "$work/stop" ]; do
    n=$((n + 1))
    service=${services[$((n % ${#services[@]}))]}
    status=$(curl -s -o "$work/deploy-body" -w '%{http_code}' -m 30 -X POST -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' -d "$(worker "deploy $n")" \
      "$account/services/$service/environments/production/versions" || true)
    version=$(sed -n 's/.*"number":\([0-9]*\).*/\1/p' "$work/deploy-body" | head -n1)
    echo "$n $service $status ${version:-?}" >>"$work/deploys"
    sleep "$pause"
  done
}

step "Load: wrk -t1 -c$connections on $host through HAProxy; deploys every ${pause}s; then deploy/local/rolling.sh"
: >"$work/deploys"
# wrk needs its duration up front: long enough for the restart (measured below), stopped when it is over
wrk -t1 -c"$connections" -d3600s --timeout 10s -H "Host: $host" "$edge/" >"$work/wrk" 2>&1 &
wrk_pid=$!
deploy_loop &
loop_pid=$!
sleep "$settle"
rolling_started=$SECONDS
"$here/rolling.sh" >"$work/rolling" 2>&1 || { cat "$work/rolling"; fail "rolling.sh failed" "see its output above"; }
rolling_seconds=$((SECONDS - rolling_started))
sleep "$settle"
touch "$work/stop"
wait "$loop_pid" || true
loop_pid=
# wrk prints its summary on SIGINT
kill -INT "$wrk_pid"
wait "$wrk_pid" || true

step "Deploys: every acknowledged version listed, each service's last one served by every edge node"
attempted=$(wc -l <"$work/deploys")
acknowledged=$(awk '$3 == 201' "$work/deploys" | wc -l)
refused=$(awk '$3 != 201 { print $3 }' "$work/deploys" | sort | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep=", " }')
lost=0
unserved=()
for service in "${services[@]}"; do
  [ "$(call GET "$account/services/$service/environments/production/versions?limit=100")" = 200 ] \
    || fail "cannot list the versions of $service: $(cat "$work/body")" "see the logs"
  listed=$(grep -o '"number":[0-9]*' "$work/body" | cut -d: -f2 | sort -n)
  while read -r _ _ status version; do
    [ "$status" = 201 ] || continue
    grep -qx "$version" <<<"$listed" || { warn "$service version $version was acknowledged but is not listed"; lost=$((lost + 1)); }
  done < <(awk -v s="$service" '$2 == s' "$work/deploys")
  last=$(awk -v s="$service" '$2 == s && $3 == 201 { n = $1 } END { print n }' "$work/deploys")
  [ -n "$last" ] || continue
  for ((i = 1; i <= CLUSTER_EDGES; i++)); do
    url=http://127.0.0.1:$(replica_port "$EDGE_NODE_PORT" "$i")/
    wait_until 20 "deploy $last on edge-node-$i" \
      bash -c "[ \"\$(curl -s -m 5 -H 'Host: $service.$slug.$EDGEWORKS_BASE_DOMAIN' $url)\" = 'deploy $last' ]" \
      || { unserved+=("$service deploy $last on edge-node-$i"); lost=$((lost + 1)); }
  done
done
[ ${#unserved[@]} -eq 0 ] || warn "acknowledged deploys not served: ${unserved[*]}"

requests=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$work/wrk")
non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$work/wrk")
socket=$(sed -n 's/^ *Socket errors: *\(.*\)$/\1/p' "$work/wrk")
rate=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$work/wrk")
retries=$(curl -s -m 3 "http://127.0.0.1:$HAPROXY_STATS_PORT/;csv" \
  | awk -F, '$2 == "BACKEND" { printf "%s%s retries %s, redispatches %s", sep, $1, $16, $17; sep="; " }')

call DELETE "$account" >/dev/null
cat <<RESULT

${C_BOLD}Rolling restart of $CLUSTER_EDGES edge node(s) and $CLUSTER_APIS platform-api replica(s) under load${C_OFF} (took ${rolling_seconds} s)
  requests (wrk, GET through HAProxy)  ${requests:-?} (${rate:-?}/s), non-2xx: ${non2xx:-0}, socket errors: ${socket:-none}
  HAProxy (since its start)            $retries
  deploys                              attempted $attempted, acknowledged $acknowledged${refused:+, not acknowledged: $refused}, lost $lost
RESULT
grep -E 'back in rotation|stopped after' "$work/rolling" | sed 's/\x1b\[[0-9;]*m//g; s/^ */  /'
