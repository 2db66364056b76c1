#!/usr/bin/env bash
# A rolling restart under load, on a running cluster mode (deploy/local/up.sh --edges N --apis M):
#   - wrk (Debian package wrk) sends GET requests to a hello worker through HAProxy on the edge port, for the whole run;
#   - meanwhile a burst of deploys through HAProxy on the API port: a new version of one of four services, round robin
#     (under the quotas: 120 deploys a minute, 100 versions an environment), one after the other with a short pause;
#   - deploy/local/rolling.sh restarts every edge node and every platform-api replica one at a time.
# Then it prints: requests, non-2xx answers and socket errors (wrk), HAProxy's retries and redispatches, deploys
# attempted, acknowledged (201) and lost (acknowledged but not listed by the API, or a service's last one not served by
# every edge node within 20 s). It logs in as a demo user, creates a throw-away account "roll-…" and deletes it at the end.
# The load and the checks are deploy/lib/load.sh's (shared with chaos.sh, which runs this and other faults in turn).
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
source "$lib/load.sh"

connections=8
pause=0.5
settle=10
while [ $# -gt 0 ]; do
  case $1 in
    --connections) connections=${2:?--connections needs a number}; shift 2 ;;
    --pause) pause=${2:?--pause needs seconds}; shift 2 ;;
    --settle) settle=${2:?--settle needs seconds}; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done

[ -f "$CLUSTER_FILE" ] && owned haproxy \
  || fail "no cluster mode runs from $EDGEWORKS_STATE_DIR" "start it with deploy/local/up.sh --edges 2 --apis 2"
# shellcheck disable=SC1090
source "$CLUSTER_FILE"
need_tool wrk wrk

LOAD_WORK=$(mktemp -d)
loop_pid=
cleanup() {
  [ -z "$loop_pid" ] || kill "$loop_pid" 2>/dev/null || true
  rm -rf "$LOAD_WORK"
}
trap cleanup EXIT

services=(deploys-0 deploys-1 deploys-2 deploys-3)
load_account roll "rolling restart bench"
step "Account $LOAD_SLUG with services hello (the load) and ${services[*]} (the burst)"
for service in hello "${services[@]}"; do load_service "$service" "$(worker_body "$service")"; done
host=$(service_host hello)
wait_until 30 "hello served" edge_answers "$LOAD_EDGE/" "$host" hello \
  || fail "the edge does not serve $host within 30 s" "see the edge nodes' logs"
ok "hello served through HAProxy at $LOAD_EDGE (Host: $host)"

step "Load: wrk -t1 -c$connections on $host through HAProxy; deploys every ${pause}s; then deploy/local/rolling.sh"
: >"$LOAD_WORK/deploys"
wrk_start "$connections" "$host" "$LOAD_WORK/wrk"
deploy_loop "$LOAD_WORK/deploys" "$pause" "${services[@]}" &
loop_pid=$!
sleep "$settle"
rolling_started=$SECONDS
"$here/rolling.sh" >"$LOAD_WORK/rolling" 2>&1 || { cat "$LOAD_WORK/rolling"; fail "rolling.sh failed" "see its output above"; }
rolling_seconds=$((SECONDS - rolling_started))
sleep "$settle"
touch "$LOAD_WORK/stop"
wait "$loop_pid" || true
loop_pid=
wrk_stop

step "Deploys: every acknowledged version listed, each service's last one served by every edge node"
deploy_counts "$LOAD_WORK/deploys"
check_deploys "$LOAD_WORK/deploys" "$CLUSTER_EDGES" "${services[@]}"
wrk_summary "$LOAD_WORK/wrk"
retries=$(curl -s -m 3 "http://127.0.0.1:$HAPROXY_STATS_PORT/;csv" \
  | awk -F, '$2 == "BACKEND" { printf "%s%s retries %s, redispatches %s", sep, $1, $16, $17; sep="; " }')

load_delete_account
cat <<RESULT

${C_BOLD}Rolling restart of $CLUSTER_EDGES edge node(s) and $CLUSTER_APIS platform-api replica(s) under load${C_OFF} (took ${rolling_seconds} s)
  requests (wrk, GET through HAProxy)  $WRK_REQUESTS ($WRK_RATE/s), non-2xx: $WRK_NON2XX, socket errors: $WRK_SOCKET
  HAProxy (since its start)            $retries
  deploys                              attempted $DEPLOYS_ATTEMPTED, acknowledged $DEPLOYS_ACKED${DEPLOYS_REFUSED:+, not acknowledged: $DEPLOYS_REFUSED}, lost $DEPLOYS_LOST
RESULT
grep -E 'back in rotation|stopped after' "$LOAD_WORK/rolling" | sed 's/\x1b\[[0-9;]*m//g; s/^ */  /'
