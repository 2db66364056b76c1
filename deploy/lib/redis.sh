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
