#!/usr/bin/env bash
# Redis for the local stack: reuse the server listening at PLATFORM_REDIS_HOST:PLATFORM_REDIS_PORT,
# or install redis-server with apt and run our own (loopback only, append-only file under
# $EDGEWORKS_STATE_DIR/redis). Needs common.sh.

redis_ping() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h "$PLATFORM_REDIS_HOST" -p "$PLATFORM_REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
  else
    port_open "$PLATFORM_REDIS_HOST" "$PLATFORM_REDIS_PORT"
  fi
}

ensure_redis() {
  step "Redis at $PLATFORM_REDIS_HOST:$PLATFORM_REDIS_PORT"
  local dir=$EDGEWORKS_STATE_DIR/redis log=$EDGEWORKS_LOGS/redis.log
  if owned redis && redis_ping; then
    ok "already running (our own, pid $(cat "$EDGEWORKS_PIDS/redis.pid"))"
    return 0
  fi
  if port_open "$PLATFORM_REDIS_HOST" "$PLATFORM_REDIS_PORT"; then
    redis_ping || fail "something listens at $PLATFORM_REDIS_HOST:$PLATFORM_REDIS_PORT but does not answer PING ($(who_listens "$PLATFORM_REDIS_PORT"))" \
      "free the port or set PLATFORM_REDIS_PORT to a free one"
    info "a server is listening and answers PING: reusing it (down.sh will leave it alone)"
    return 0
  fi
  [ "$PLATFORM_REDIS_HOST" = "127.0.0.1" ] || [ "$PLATFORM_REDIS_HOST" = "localhost" ] \
    || fail "nothing listens at $PLATFORM_REDIS_HOST:$PLATFORM_REDIS_PORT and it is not a local address" \
      "start that Redis, or unset PLATFORM_REDIS_HOST to let up.sh run one on 127.0.0.1"
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server
    if redis_ping; then
      info "the package started the distribution's Redis on port $PLATFORM_REDIS_PORT: reusing it"
      return 0
    fi
  fi
  mkdir -p "$dir"
  CURRENT_LOG=$log
  : >"$log"
  info "starting our own redis-server on $PLATFORM_REDIS_HOST:$PLATFORM_REDIS_PORT (data $dir)"
  redis-server --bind "$PLATFORM_REDIS_HOST" --port "$PLATFORM_REDIS_PORT" --protected-mode yes \
    --appendonly yes --dir "$dir" --daemonize yes --pidfile "$EDGEWORKS_PIDS/redis.pid" \
    --logfile "$log" >>"$log" 2>&1 \
    || fail "redis-server did not start" "see the log; is port $PLATFORM_REDIS_PORT free?"
  wait_until 20 "redis to answer" redis_ping \
    || fail "redis-server started but does not answer PING within 20 s" "see the log"
  wait_until 5 "redis pid file" test -s "$EDGEWORKS_PIDS/redis.pid" || true
  ok "redis ready (pid $(cat "$EDGEWORKS_PIDS/redis.pid" 2>/dev/null))"
}

stop_redis() {
  owned redis || { rm -f "$EDGEWORKS_PIDS/redis.pid"; return 0; }
  # TERM makes redis write its append-only file and remove the pid file itself
  stop_pidfile redis 30
}

# --- Sentinel mode (EDGEWORKS_REDIS_SENTINEL=true) ------------------------------------------------------------
# Next to the primary that ensure_redis runs on $PLATFORM_REDIS_PORT: a replica on $PLATFORM_REDIS_REPLICA_PORT and
# three Sentinels on $PLATFORM_REDIS_SENTINEL_PORTS (redis-server --sentinel, the same Debian package; the
# redis-sentinel package only adds a service unit), all on loopback, state in $EDGEWORKS_STATE_DIR/redis-replica and
# redis-sentinel-<n>. The Sentinels watch master set $PLATFORM_REDIS_MASTER_NAME (quorum 2) and promote the replica
# when the primary stays unreachable for $PLATFORM_REDIS_SENTINEL_DOWN_AFTER_MS. The apps then reach Redis through
# the Sentinels ($PLATFORM_REDIS_SENTINEL_URL, apps.sh). Which node is the primary changes with every failover: the
# Sentinels know it while they run, and stop_redis_sentinel records it (redis-sentinel/master-port) so the next
# start makes the same node primary and the other its replica (never the older data over the newer).

redis_sentinel_on() { [ "${EDGEWORKS_REDIS_SENTINEL:-false}" = "true" ]; }

# the redis-server ports of the two data nodes
redis_data_ports() { echo "$PLATFORM_REDIS_PORT $PLATFORM_REDIS_REPLICA_PORT"; }

redis_cli_at() { # redis_cli_at <port> <command...>: one command to a loopback Redis or Sentinel, 2 s at most
  local port=$1
  shift
  timeout 2 redis-cli -h 127.0.0.1 -p "$port" "$@" 2>/dev/null
}

redis_port_answers() { [ "$(redis_cli_at "$1" ping)" = "PONG" ]; }

# redis_role <port>: "master", "slave <master port>", or nothing when the node does not answer
redis_role() {
  local out role=()
  out=$(redis_cli_at "$1" role) || return 0
  mapfile -t role <<<"$out"
  case ${role[0]:-} in
    master) echo master ;;
    slave) echo "slave ${role[2]:-}" ;;
  esac
}

# sentinel_master_port: the primary's port as a running Sentinel of ours knows it, else as recorded at the last stop,
# else $PLATFORM_REDIS_PORT
sentinel_master_port() {
  local i=0 port out
  for port in $PLATFORM_REDIS_SENTINEL_PORTS; do
    i=$((i + 1))
    owned "redis-sentinel-$i" || continue
    out=$(redis_cli_at "$port" sentinel get-master-addr-by-name "$PLATFORM_REDIS_MASTER_NAME" | sed -n 2p)
    if [ -n "$out" ]; then echo "$out"; return 0; fi
  done
  out=$(cat "$EDGEWORKS_STATE_DIR/redis-sentinel/master-port" 2>/dev/null || true)
  case " $(redis_data_ports) " in
    *" $out "*) [ -n "$out" ] && { echo "$out"; return 0; } ;;
  esac
  echo "$PLATFORM_REDIS_PORT"
}

sentinel_running() { # true when at least one of our Sentinels runs
  local i
  for i in 1 2 3; do owned "redis-sentinel-$i" && return 0; done
  return 1
}

ensure_redis_sentinel() {
  redis_sentinel_on || return 0
  step "Redis Sentinel: replica on $PLATFORM_REDIS_REPLICA_PORT, Sentinels on ${PLATFORM_REDIS_SENTINEL_PORTS// /, } (master set $PLATFORM_REDIS_MASTER_NAME)"
  [ "$PLATFORM_REDIS_HOST" = "127.0.0.1" ] || [ "$PLATFORM_REDIS_HOST" = "localhost" ] \
    || fail "Sentinel mode runs the replica and the Sentinels next to a local primary, but PLATFORM_REDIS_HOST is $PLATFORM_REDIS_HOST" \
      "unset PLATFORM_REDIS_HOST, or run Sentinel yourself and point PLATFORM_REDIS_SENTINEL_URL at it"
  local master replica port dir log i=0 role sentinels_were_running=false
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  command -v redis-cli >/dev/null 2>&1 || apt_install redis-tools
  for port in $PLATFORM_REDIS_REPLICA_PORT $PLATFORM_REDIS_SENTINEL_PORTS; do
    [ "$port" -gt 0 ] 2>/dev/null && [ "$port" -le 65535 ] \
      || fail "Sentinel mode port '$port' is not a TCP port (PLATFORM_REDIS_PORT=$PLATFORM_REDIS_PORT + 20000..20002?)" \
        "set PLATFORM_REDIS_REPLICA_PORT and PLATFORM_REDIS_SENTINEL_PORTS (three ports) explicitly"
  done
  [ "$(wc -w <<<"$PLATFORM_REDIS_SENTINEL_PORTS")" -eq 3 ] \
    || fail "PLATFORM_REDIS_SENTINEL_PORTS must name three ports, not '$PLATFORM_REDIS_SENTINEL_PORTS'" "e.g. PLATFORM_REDIS_SENTINEL_PORTS='26379 26380 26381'"
  sentinel_running && sentinels_were_running=true
  master=$(sentinel_master_port)
  replica=$PLATFORM_REDIS_REPLICA_PORT
  [ "$master" = "$replica" ] && replica=$PLATFORM_REDIS_PORT
  info "primary: port $master (from $([ "$sentinels_were_running" = true ] && echo "the running Sentinels" || echo "the last stop, or the default"))"

  # the data node up.sh's ensure_redis does not run: port $PLATFORM_REDIS_REPLICA_PORT
  port=$PLATFORM_REDIS_REPLICA_PORT
  dir=$EDGEWORKS_STATE_DIR/redis-replica
  log=$EDGEWORKS_LOGS/redis-replica.log
  if owned redis-replica && redis_port_answers "$port"; then
    ok "redis on $port already running (pid $(cat "$EDGEWORKS_PIDS/redis-replica.pid"))"
  else
    port_open 127.0.0.1 "$port" && fail "port $port (the Redis replica) is taken by a process up.sh did not start ($(who_listens "$port"))" \
      "free the port or set PLATFORM_REDIS_REPLICA_PORT to a free one"
    mkdir -p "$dir"
    CURRENT_LOG=$log
    : >"$log"
    local follow=()
    [ "$port" = "$replica" ] && follow=(--replicaof 127.0.0.1 "$master")
    info "starting redis-server on 127.0.0.1:$port ${follow[*]:+(replica of $master)} (data $dir)"
    redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --appendonly yes --dir "$dir" \
      --daemonize yes --pidfile "$EDGEWORKS_PIDS/redis-replica.pid" --logfile "$log" "${follow[@]}" >>"$log" 2>&1 \
      || fail "redis-server on $port did not start" "see the log"
    wait_until 20 "redis on $port" redis_port_answers "$port" || fail "redis-server on $port does not answer PING within 20 s" "see the log"
    wait_until 5 "pid file" test -s "$EDGEWORKS_PIDS/redis-replica.pid" || true
  fi

  # one primary, one replica of it (the Sentinels, when they run, agree: the primary came from them)
  redis_port_answers "$master" || fail "the primary (port $master) does not answer PING" "see $EDGEWORKS_LOGS/redis*.log"
  if [ "$sentinels_were_running" = false ] && [ "$(redis_role "$master")" != master ]; then
    info "making port $master the primary again (REPLICAOF NO ONE)"
    redis_cli_at "$master" replicaof no one >/dev/null || fail "REPLICAOF NO ONE on port $master failed" "see $EDGEWORKS_LOGS/redis*.log"
  fi
  role=$(redis_role "$replica")
  if [ "$role" != "slave $master" ]; then
    info "making port $replica a replica of port $master (it was: ${role:-not answering})"
    redis_cli_at "$replica" replicaof 127.0.0.1 "$master" >/dev/null || fail "REPLICAOF on port $replica failed" "see $EDGEWORKS_LOGS/redis*.log"
  fi
  mkdir -p "$EDGEWORKS_STATE_DIR/redis-sentinel"
  echo "$master" >"$EDGEWORKS_STATE_DIR/redis-sentinel/master-port"

  for port in $PLATFORM_REDIS_SENTINEL_PORTS; do
    i=$((i + 1))
    dir=$EDGEWORKS_STATE_DIR/redis-sentinel-$i
    log=$EDGEWORKS_LOGS/redis-sentinel-$i.log
    if owned "redis-sentinel-$i" && redis_port_answers "$port"; then
      ok "Sentinel $i on $port already running (pid $(cat "$EDGEWORKS_PIDS/redis-sentinel-$i.pid"))"
      continue
    fi
    port_open 127.0.0.1 "$port" && fail "port $port (Sentinel $i) is taken by a process up.sh did not start ($(who_listens "$port"))" \
      "free the port or set PLATFORM_REDIS_SENTINEL_PORTS to three free ones"
    mkdir -p "$dir"
    CURRENT_LOG=$log
    : >"$log"
    # a fresh configuration each start, naming the current primary: a Sentinel rewrites its file as it learns the
    # topology (other Sentinels, replicas, failovers), and finds the rest again within seconds through the primary
    cat >"$dir/sentinel.conf" <<CONF
bind 127.0.0.1
port $port
daemonize yes
pidfile $EDGEWORKS_PIDS/redis-sentinel-$i.pid
logfile $log
dir $dir
sentinel monitor $PLATFORM_REDIS_MASTER_NAME 127.0.0.1 $master 2
sentinel down-after-milliseconds $PLATFORM_REDIS_MASTER_NAME $PLATFORM_REDIS_SENTINEL_DOWN_AFTER_MS
sentinel failover-timeout $PLATFORM_REDIS_MASTER_NAME 10000
sentinel parallel-syncs $PLATFORM_REDIS_MASTER_NAME 1
CONF
    info "starting Sentinel $i on 127.0.0.1:$port (log: $log)"
    redis-server "$dir/sentinel.conf" --sentinel >>"$log" 2>&1 || fail "Sentinel $i did not start" "see the log"
    wait_until 20 "Sentinel $i" redis_port_answers "$port" || fail "Sentinel $i on $port does not answer PING within 20 s" "see the log"
    wait_until 5 "pid file" test -s "$EDGEWORKS_PIDS/redis-sentinel-$i.pid" || true
  done
  CURRENT_LOG=$EDGEWORKS_LOGS/redis-sentinel-1.log
  wait_until 30 "the Sentinels to see each other and the replica" sentinel_settled \
    || fail "the Sentinels do not agree on primary $master with a replica and 3 Sentinels within 30 s" \
      "see the logs redis-sentinel-<n>.log; 'redis-cli -p ${PLATFORM_REDIS_SENTINEL_PORTS%% *} sentinel master $PLATFORM_REDIS_MASTER_NAME' shows what they see"
  ok "Sentinel ready: primary 127.0.0.1:$master, replica 127.0.0.1:$replica; apps use $PLATFORM_REDIS_SENTINEL_URL"
}

# sentinel_settled: the first Sentinel sees the primary, one replica and two other Sentinels
sentinel_settled() {
  local port=${PLATFORM_REDIS_SENTINEL_PORTS%% *} out
  out=$(redis_cli_at "$port" sentinel master "$PLATFORM_REDIS_MASTER_NAME") || return 1
  [ "$(sed -n '/^num-slaves$/{n;p}' <<<"$out")" = "1" ] && [ "$(sed -n '/^num-other-sentinels$/{n;p}' <<<"$out")" = "2" ] \
    && [ "$(sed -n '/^flags$/{n;p}' <<<"$out")" = "master" ]
}

stop_redis_sentinel() {
  local i master
  if sentinel_running; then
    master=$(sentinel_master_port)
    mkdir -p "$EDGEWORKS_STATE_DIR/redis-sentinel"
    echo "$master" >"$EDGEWORKS_STATE_DIR/redis-sentinel/master-port"
    info "the primary is on port $master (recorded for the next start)"
  fi
  for i in 1 2 3; do stop_pidfile "redis-sentinel-$i" 10; done
  # TERM makes redis write its append-only file and remove the pid file itself
  stop_pidfile redis-replica 30
}
