#!/usr/bin/env bash
# Faults under load, on a running cluster mode (deploy/local/up.sh --edges N --apis M: HAProxy, Redis with a replica
# and Sentinels, Keycloak in production mode). Each fault in turn, in a bounded window of its own:
#   edge-kill   kill -9 of edge-node-1, started again at once (as a supervisor would)
#   api-kill    kill -9 of platform-api-1 in the middle of a burst of concurrent deploys, started again at once
#   redis-kill  kill -9 of the Redis primary (the Sentinels promote the replica); the old one returns as a replica
#   flushall    Redis FLUSHALL on the primary
#   postgres    PostgreSQL restart (pg_ctl stop -m fast, start)
#   keycloak    Keycloak restart
#   rolling     deploy/local/rolling.sh: every edge node, then every API replica, one at a time
# During each window, through HAProxy (deploy/lib/load.sh): wrk GETs a hello worker on the edge; deploys of four
# services, round robin; KV writes of new keys, in turn through the API and through a worker bound to the namespace.
# After it: every acknowledged deploy must be listed by the API and each service's latest one served by every edge
# node; every acknowledged KV write must read back through the API and through the worker on the edge.
# It prints one Markdown table row per fault:
#   requests / errors     wrk's requests to the edge through HAProxy, and its non-2xx/3xx answers + socket errors
#   deploys acked / lost  201 answers; acknowledged but not listed afterwards, or the latest not served by every node
#   KV acked / lost       API 2xx / worker 200 "stored"; acknowledged but not read back (API or edge)
#   recovery              fault -> the faulted part is back (node ready and UP in HAProxy, a new primary, KV restored,
#                         a token from Keycloak, rolling.sh done) and a deploy made after the fault is served by every
#                         edge node and a worker's KV write succeeds
# Each fault gets a throw-away account "chaos-<fault>-…" (deleted at the end of its window).
#
# Usage: deploy/local/chaos.sh [--quick] [--only fault,fault] [--settle S] [--connections C] [--pause S] [--recover-timeout S]
#   --quick            3 s of load before and after each fault (default 10): the whole run in a few minutes
#   --only             a comma-separated subset of the faults above, in that order
#   --connections      wrk connections (default 4)      --pause  between two deploys, and two KV writes (default 0.6)
#   --recover-timeout  seconds a fault may take to recover before the row says so (default 120; rolling: per replica)
# Exit status: 0 when no fault lost an acknowledged deploy or KV write and every fault recovered, 1 otherwise.
# Environment: the usual ports (deploy/README.md); BENCH_USER / BENCH_PASSWORD [alice/alice].
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lib=$here/../lib
source "$lib/common.sh"
source "$lib/postgres.sh"
source "$lib/redis.sh"
source "$lib/keycloak.sh"
source "$lib/keys.sh"
source "$lib/apps.sh"
source "$lib/haproxy.sh"
source "$lib/cluster.sh"
source "$lib/load.sh"

CHAOS_FAULTS=(edge-kill api-kill redis-kill flushall postgres keycloak rolling)
settle=10
connections=4
pause=0.6
recover_timeout=120
only=
while [ $# -gt 0 ]; do
  case $1 in
    --quick) settle=3; shift ;;
    --only) only=${2:?--only needs fault names}; shift 2 ;;
    --settle) settle=${2:?--settle needs seconds}; shift 2 ;;
    --connections) connections=${2:?--connections needs a number}; shift 2 ;;
    --pause) pause=${2:?--pause needs seconds}; shift 2 ;;
    --recover-timeout) recover_timeout=${2:?--recover-timeout needs seconds}; shift 2 ;;
    -h|--help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done

# chaos_selected <only>: the faults to run, in the order of CHAOS_FAULTS; fails on an unknown name.
chaos_selected() {
  local wanted=$1 name known
  if [ -z "$wanted" ]; then printf '%s\n' "${CHAOS_FAULTS[@]}"; return 0; fi
  for name in ${wanted//,/ }; do
    known=false
    for f in "${CHAOS_FAULTS[@]}"; do [ "$f" != "$name" ] || known=true; done
    [ "$known" = true ] || { echo "unknown fault '$name' (known: ${CHAOS_FAULTS[*]})" >&2; return 2; }
  done
  for f in "${CHAOS_FAULTS[@]}"; do
    [[ ",$wanted," == *",$f,"* ]] && echo "$f"
  done
  return 0
}

# chaos_row <fault> <requests> <errors> <deploys acked> <deploys lost> <kv acked> <kv lost> <recovery s|""> <notes>:
# one Markdown table row (recovery empty: "not within <timeout> s").
chaos_row() {
  local recovery
  if [ -n "$8" ]; then recovery="$8 s"; else recovery="**not within ${recover_timeout} s**"; fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$(chaos_mark "$3")" "$4" "$(chaos_mark "$5")" \
    "$6" "$(chaos_mark "$7")" "$recovery" "$9"
}
chaos_mark() { if [ "$1" = 0 ]; then echo 0; else echo "**$1**"; fi; } # a non-zero loss or error stands out
CHAOS_HEADER='| fault | requests | errors | deploys acked | deploys lost | KV writes acked | KV writes lost | recovery | notes |
|---|---|---|---|---|---|---|---|---|'

# elapsed_since <EPOCHREALTIME value>: seconds since then, one decimal.
elapsed_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

if [ "${CHAOS_SOURCE_ONLY:-}" = true ]; then return 0 2>/dev/null || exit 0; fi # the unit test's entry
# the rest in one block: bash reads it whole before running it, so editing this file during a run changes nothing
{
faults=$(chaos_selected "$only") || exit 2

step "Cluster mode"
[ -f "$CLUSTER_FILE" ] && owned haproxy \
  || fail "no cluster mode runs from $EDGEWORKS_STATE_DIR" "start it with deploy/local/up.sh --edges 2 --apis 2"
# shellcheck disable=SC1090
source "$CLUSTER_FILE"
redis_sentinel_on || [[ " $faults " != *redis-kill* ]] \
  || fail "redis-kill needs Sentinel mode (EDGEWORKS_REDIS_SENTINEL=true, the cluster mode's default)" "restart with up.sh --edges N --apis M, or --only other faults"
source "$lib/java.sh"
need_tool wrk wrk
export_key_env
ok "$CLUSTER_EDGES edge node(s), $CLUSTER_APIS platform-api replica(s) behind HAProxy; Keycloak $KEYCLOAK_MODE mode; Sentinel $EDGEWORKS_REDIS_SENTINEL"

LOAD_WORK=$(mktemp -d)
RESULTS=$LOAD_WORK/rows
: >"$RESULTS"
bg_pids=()
cleanup() {
  local pid
  touch "$LOAD_WORK/stop"
  for pid in "${bg_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -z "${WRK_PID:-}" ] || kill "$WRK_PID" 2>/dev/null || true
  load_delete_account 2>/dev/null || true
  rm -rf "$LOAD_WORK"
}
trap cleanup EXIT

deploy_services=(deploys-0 deploys-1 deploys-2 deploys-3)
# setup_account <fault>: the account of one window: hello (wrk's target), the four deploy services, probe (recovery),
# KV namespace cache and the worker kv bound to it.
setup_account() {
  load_account "chaos-$1" "chaos $1"
  for service in hello "${deploy_services[@]}"; do load_service "$service" "$(worker_body "$service")"; done
  load_service probe "$(worker_body "probe 0")"
  [ "$(api_call POST "$LOAD_ACCOUNT/kv/namespaces" '{"name":"cache"}')" = 201 ] \
    || fail "cannot create KV namespace cache: $(cat "$LOAD_WORK/body")" "see platform-api's logs"
  load_service kv "$(kv_worker_body cache)"
  wait_until 30 "hello served" edge_answers "$LOAD_EDGE/" "$(service_host hello)" hello \
    || fail "the edge does not serve $(service_host hello) within 30 s" "see the edge nodes' logs"
  wait_until 30 "the KV worker served" edge_answers "$LOAD_EDGE/none" "$(service_host kv)" missing \
    || fail "the edge does not serve the KV worker of $LOAD_SLUG within 30 s" "see the edge nodes' logs"
}

# --- recovery probe: a deploy made after the fault, served by every edge node, and a worker's KV write ---------------
PROBE_N=0
PROBE_PENDING=
probe_ok() {
  local i status
  if [ -z "$PROBE_PENDING" ]; then
    PROBE_N=$((PROBE_N + 1))
    status=$(api_call POST "$LOAD_ACCOUNT/services/probe/environments/production/versions" "$(worker_body "probe $PROBE_N")")
    [ "$status" = 201 ] || return 1
    PROBE_PENDING=$PROBE_N
  fi
  for ((i = 1; i <= CLUSTER_EDGES; i++)); do
    edge_answers "$(edge_replica_url "$i")" "$(service_host probe)" "probe $PROBE_PENDING" || return 1
  done
  [ "$(curl -s -o /dev/null -w '%{http_code}' -m 10 -H "Host: $(service_host kv)" "$LOAD_EDGE/probe-$PROBE_N?set=ok" 2>/dev/null)" = 200 ] \
    || return 1
  PROBE_PENDING=
  return 0
}

# --- the faults: fault_<name> breaks (and starts again what a supervisor would); part_back_<name> is true once the
# faulted part is back; after_<name> restores what the next window needs ------------------------------------------
KILLED_REDIS_PORT=
FAULT_PID=

edge_ready() { http_ok "http://127.0.0.1:$(app_health_port edge-node "$1")/q/health/ready"; }
api_ready() { http_ok "http://127.0.0.1:$(app_health_port platform-api "$1")/q/health/ready"; }
haproxy_up() { [[ $(haproxy_server_status "$1" "$2") == UP* ]]; }

fault_edge-kill() {
  kill -KILL "$(cat "$EDGEWORKS_PIDS/edge-node-1.pid")"
  info "kill -9 edge-node-1; starting it again"
  start_app edge-node 1 >>"$LOAD_WORK/actions.log" 2>&1
}
part_back_edge-kill() { edge_ready 1 && haproxy_up edge_nodes edge-node-1; }
after_edge-kill() { :; }

fault_api-kill() {
  local k service
  info "a burst of 8 concurrent deploys, then kill -9 platform-api-1 while they run; starting it again"
  for ((k = 1; k <= 8; k++)); do
    service=${deploy_services[$((k % ${#deploy_services[@]}))]}
    (
      status=$(curl -s -o "$LOAD_WORK/burst-$k" -w '%{http_code}' -m 30 -X POST -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' -d "$(worker_body "deploy $((10000 + k))")" \
        "$LOAD_ACCOUNT/services/$service/environments/production/versions" 2>/dev/null || true)
      version=$(sed -n 's/.*"number":\([0-9]*\).*/\1/p' "$LOAD_WORK/burst-$k" 2>/dev/null | head -n1)
      echo "$((10000 + k)) $service $status ${version:-?}" >>"$LOAD_WORK/deploys"
    ) &
  done
  sleep 0.15
  kill -KILL "$(cat "$EDGEWORKS_PIDS/platform-api-1.pid")"
  start_app platform-api 1 >>"$LOAD_WORK/actions.log" 2>&1
  wait_until 40 "the burst" bash -c "[ \$(ls '$LOAD_WORK'/burst-* 2>/dev/null | wc -l) -ge 8 ]" || true
}
part_back_api-kill() { api_ready 1 && haproxy_up platform_api_replicas platform-api-1; }
after_api-kill() { :; }

fault_redis-kill() {
  KILLED_REDIS_PORT=$(sentinel_master_port)
  local pidfile=redis-replica
  [ "$KILLED_REDIS_PORT" != "$PLATFORM_REDIS_PORT" ] || pidfile=redis
  info "kill -9 of the Redis primary (port $KILLED_REDIS_PORT, $pidfile)"
  kill -KILL "$(cat "$EDGEWORKS_PIDS/$pidfile.pid")"
}
part_back_redis-kill() {
  local port
  port=$(sentinel_master_port)
  [ "$port" != "$KILLED_REDIS_PORT" ] && [ "$(redis_role "$port")" = master ]
}
after_redis-kill() {
  info "the old primary (port $KILLED_REDIS_PORT) starts again and becomes a replica"
  ( [ "$KILLED_REDIS_PORT" != "$PLATFORM_REDIS_PORT" ] || ensure_redis; ensure_redis_sentinel ) >>"$LOAD_WORK/actions.log" 2>&1 \
    || { tail -n 20 "$LOAD_WORK/actions.log" >&2; fail "the killed Redis did not come back" "see $LOAD_WORK/actions.log above"; }
}

fault_flushall() {
  local port
  port=$(sentinel_master_port)
  info "FLUSHALL on the Redis primary (port $port)"
  [ "$(redis_cli_at "$port" flushall)" = OK ] || fail "FLUSHALL on port $port failed" "see the Redis logs"
}
part_back_flushall() { [ -n "$(redis_cli_at "$(sentinel_master_port)" get edgeworks:kv-restored)" ]; }
after_flushall() { :; }

fault_postgres() {
  info "PostgreSQL restart (stop -m fast, start)"
  ( stop_postgres; ensure_postgres ) >>"$LOAD_WORK/actions.log" 2>&1 &
  FAULT_PID=$!
}
part_back_postgres() { ! kill -0 "$FAULT_PID" 2>/dev/null && port_open "$PLATFORM_DB_HOST" "$PLATFORM_DB_PORT"; }
after_postgres() { wait "$FAULT_PID" || fail "PostgreSQL did not start again" "see $EDGEWORKS_LOGS/postgres.log"; }

fault_keycloak() {
  info "Keycloak restart ($KEYCLOAK_MODE mode)"
  ( stop_keycloak; ensure_keycloak ) >>"$LOAD_WORK/actions.log" 2>&1 &
  FAULT_PID=$!
}
part_back_keycloak() { ! kill -0 "$FAULT_PID" 2>/dev/null && [ -n "$(load_token)" ]; }
after_keycloak() { wait "$FAULT_PID" || fail "Keycloak did not start again" "see $EDGEWORKS_LOGS/keycloak.log"; }

fault_rolling() {
  info "deploy/local/rolling.sh (every edge node, then every API replica)"
  "$here/rolling.sh" >>"$LOAD_WORK/actions.log" 2>&1 &
  FAULT_PID=$!
}
part_back_rolling() { ! kill -0 "$FAULT_PID" 2>/dev/null; }
after_rolling() { wait "$FAULT_PID" || { tail -n 20 "$LOAD_WORK/actions.log" >&2; fail "rolling.sh failed" "see its output above"; }; }

# run_fault <fault>: one window; appends its row to $RESULTS.
run_fault() {
  local fault=$1 started recovery='' retries_before notes part_back=false pid bound=$recover_timeout
  # a rolling restart recovers once every replica did: the bound is per replica
  [ "$fault" != rolling ] || bound=$((recover_timeout * (CLUSTER_EDGES + CLUSTER_APIS)))
  step "Fault $fault: account, then load for ${settle}s, the fault, recovery (at most ${bound}s), load for ${settle}s"
  rm -f "$LOAD_WORK/stop" "$LOAD_WORK"/burst-*
  : >"$LOAD_WORK/deploys"
  : >"$LOAD_WORK/kv"
  : >"$LOAD_WORK/actions.log"
  setup_account "$fault"
  PROBE_PENDING=
  wrk_start "$connections" "$(service_host hello)" "$LOAD_WORK/wrk"
  deploy_loop "$LOAD_WORK/deploys" "$pause" "${deploy_services[@]}" &
  bg_pids=($!)
  kv_loop "$LOAD_WORK/kv" "$pause" cache kv "$fault" &
  bg_pids+=($!)
  sleep "$settle"
  retries_before=$(haproxy_retry_count)
  started=$EPOCHREALTIME
  "fault_$fault"
  while :; do
    if [ "$part_back" = true ] || "part_back_$fault"; then
      part_back=true
      if probe_ok; then recovery=$(elapsed_since "$started"); break; fi
    fi
    [ "$(elapsed_since "$started" | cut -d. -f1)" -lt "$bound" ] || break
    sleep 0.3
  done
  if [ -n "$recovery" ]; then ok "recovered after $recovery s"; else warn "$fault: not recovered within $bound s"; fi
  "after_$fault"
  sleep "$settle"
  touch "$LOAD_WORK/stop"
  for pid in "${bg_pids[@]}"; do wait "$pid" || true; done
  bg_pids=()
  wrk_stop
  WRK_PID=

  info "checking: acknowledged deploys listed and served, acknowledged KV writes read back"
  TOKEN=$(load_token)
  [ -n "$TOKEN" ] || fail "no token from Keycloak after $fault" "see $EDGEWORKS_LOGS/keycloak.log"
  wrk_summary "$LOAD_WORK/wrk"
  deploy_counts "$LOAD_WORK/deploys"
  check_deploys "$LOAD_WORK/deploys" "$CLUSTER_EDGES" "${deploy_services[@]}"
  kv_counts "$LOAD_WORK/kv"
  check_kv "$LOAD_WORK/kv" cache kv
  notes="$DEPLOYS_ATTEMPTED deploys${DEPLOYS_REFUSED:+, not acked: $DEPLOYS_REFUSED}; $KV_ATTEMPTED KV writes${KV_REFUSED:+, not acked: $KV_REFUSED}"
  notes+="; HAProxy retries $(( $(haproxy_retry_count) - retries_before ))"
  [ "$WRK_SOCKET" = none ] || notes+="; socket errors: $WRK_SOCKET"
  recover_timeout=$bound chaos_row "$fault" "$WRK_REQUESTS" "$WRK_ERRORS" "$DEPLOYS_ACKED" "$DEPLOYS_LOST" "$KV_ACKED" "$KV_LOST" "$recovery" "$notes" \
    | tee -a "$RESULTS"
  [ -n "$recovery" ] && [ "$DEPLOYS_LOST" = 0 ] && [ "$KV_LOST" = 0 ] || touch "$LOAD_WORK/failed"
  load_delete_account
}

run_started=$SECONDS
for fault in $faults; do run_fault "$fault"; done

printf '\n%sFaults under load%s: %s edge node(s), %s API replica(s) behind HAProxy, wrk -c%s, a deploy and a KV write every %s s, %s s of load around each fault; whole run %d s\n\n' \
  "$C_BOLD" "$C_OFF" "$CLUSTER_EDGES" "$CLUSTER_APIS" "$connections" "$pause" "$settle" "$((SECONDS - run_started))"
echo "$CHAOS_HEADER"
cat "$RESULTS"
if [ -f "$LOAD_WORK/failed" ]; then
  printf '\n%sA fault lost acknowledged data or did not recover (marked above).%s\n' "$C_RED" "$C_OFF"
  exit 1
fi
exit 0
}
