#!/usr/bin/env bash
# The three Quarkus apps: build when the sources are newer than the packaged apps, start them in the
# background (logs in $EDGEWORKS_LOGS/<app>.log, pids in $EDGEWORKS_PIDS/<app>.pid), wait for
# /q/health/ready (the edge's on its management port). Needs common.sh, java.sh and keys.sh (export_key_env).
#
# Cluster mode (up.sh --edges N --apis M) runs replicas of edge-node and platform-api: replica i is the process
# <app>-<i> (edge-node-2: log logs/edge-node-2.log, pid pids/edge-node-2.pid) on the usual ports plus
# EDGEWORKS_REPLICA_PORT_STEP * i (deploy/README.md "Cluster mode"); HAProxy (haproxy.sh) takes the usual ports.

EDGEWORKS_APPS=(platform-api edge-node tenant-admin)
# replica i listens on <usual port> + step * i: 8090, 8100 … for platform-api, 8091, 8101 … for edge-node
export EDGEWORKS_REPLICA_PORT_STEP=${EDGEWORKS_REPLICA_PORT_STEP:-10}
# graceful shutdown of the apps (README "Cluster mode, graceful shutdown and rolling restarts"): on SIGTERM readiness goes down,
# the app serves on for the delay (HAProxy's checks notice), then waits for in-flight requests up to the timeout.
# One node alone has no load balancer to wait for: the delay is 0 there, 3 s in cluster mode (haproxy.sh: checks
# every second, down after two failures).
export EDGEWORKS_SHUTDOWN_TIMEOUT=${EDGEWORKS_SHUTDOWN_TIMEOUT:-30s}

app_port() {
  case $1 in
    platform-api) echo "$PLATFORM_API_PORT" ;;
    edge-node) echo "$EDGE_NODE_PORT" ;;
    tenant-admin) echo "$TENANT_ADMIN_PORT" ;;
  esac
}

# replica_port <usual port> [replica]: the port of replica i (none: the usual port itself).
replica_port() {
  if [ -z "${2:-}" ]; then echo "$1"; else echo $(($1 + EDGEWORKS_REPLICA_PORT_STEP * $2)); fi
}

# instance_name <app> [replica]: edge-node, or edge-node-2 for replica 2.
instance_name() {
  if [ -z "${2:-}" ]; then echo "$1"; else echo "$1-$2"; fi
}

# app_health_port <app> [replica]: where the app answers /q/health/*: the edge on its management port, the others
# on their HTTP port.
app_health_port() {
  case $1 in
    edge-node) replica_port "$EDGE_NODE_MANAGEMENT_PORT" "${2:-}" ;;
    *) replica_port "$(app_port "$1")" "${2:-}" ;;
  esac
}

app_run_jar() { echo "$EDGEWORKS_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

# stale_apps: prints the apps whose packaged jar is missing or older than a pom.xml or a main source
# file of the app or of the bundle library it includes (test sources do not count).
stale_apps() {
  local app jar newer
  for app in "${EDGEWORKS_APPS[@]}"; do
    jar=$(app_run_jar "$app")
    if [ ! -f "$jar" ] || [ ! -f "$BUNDLE_JAR" ]; then echo "$app"; continue; fi
    newer=$(cd "$EDGEWORKS_ROOT" && find pom.xml bundle/pom.xml bundle/src/main "$app/pom.xml" "$app/src/main" \
      -type f -newer "$jar" 2>/dev/null | head -n1)
    [ -z "$newer" ] || echo "$app"
  done
}

build_apps() {
  step "Build (./mvnw -B -DskipTests package)"
  local log=$EDGEWORKS_LOGS/build.log app stale
  CURRENT_LOG=$log
  stale=$(stale_apps | paste -sd, -)
  if [ -z "$stale" ]; then
    ok "packaged apps are newer than their sources: skipping the build"
    return 0
  fi
  info "building $stale (and the bundle library) with ./mvnw -B -DskipTests package -pl $stale -am"
  info "log: $log; a cold build downloads ~250 MB"
  (cd "$EDGEWORKS_ROOT" && ./mvnw -B -DskipTests package -pl "$stale" -am) >"$log" 2>&1 \
    || fail "the Maven build failed" "see the log; fix the compile error, or run './mvnw -B -DskipTests package' to see it in full"
  for app in ${stale//,/ }; do
    # Quarkus may keep an unchanged quarkus-run.jar: touch so that the next run skips the build
    touch "$(app_run_jar "$app")"
  done
  ok "build done"
}

# JVM options for every app; --sun-misc-unsafe-memory-access exists from JDK 23 on.
app_jvm_options() {
  local opts=(--enable-native-access=ALL-UNNAMED)
  [ "$(java_major "$JAVA_HOME")" -ge 23 ] && opts+=(--sun-misc-unsafe-memory-access=allow)
  printf '%s\n' "${opts[@]}"
}

# app_redis_env <PLATFORM|EDGE>: in Sentinel mode (redis.sh) the app reaches Redis through the Sentinels, which name
# the current primary; else nothing (the app's own *_REDIS_URL stands)
app_redis_env() {
  [ "${EDGEWORKS_REDIS_SENTINEL:-false}" = "true" ] || return 0
  printf '%s\n' "$1_REDIS_URL=$PLATFORM_REDIS_SENTINEL_URL" "$1_REDIS_CLIENT_TYPE=sentinel" \
    "$1_REDIS_MASTER_NAME=$PLATFORM_REDIS_MASTER_NAME"
}

# app_env <app> [replica]: the environment variables of one app (or replica), one NAME=value per line.
app_env() {
  local replica=${2:-} delay
  # no flag: one node alone, no load balancer to wait for; a replica: long enough for HAProxy to notice
  delay=${EDGEWORKS_SHUTDOWN_DELAY:-$([ -n "$replica" ] && echo 3s || echo 0s)}
  case $1 in
    platform-api)
      printf '%s\n' "QUARKUS_HTTP_PORT=$(replica_port "$PLATFORM_API_PORT" "$replica")" \
        "PLATFORM_DB_USER=$PLATFORM_DB_USER" "PLATFORM_DB_PASSWORD=$PLATFORM_DB_PASSWORD" \
        "PLATFORM_DB_REACTIVE_URL=$PLATFORM_DB_REACTIVE_URL" "PLATFORM_DB_JDBC_URL=$PLATFORM_DB_JDBC_URL" \
        "PLATFORM_REDIS_URL=$PLATFORM_REDIS_URL" "PLATFORM_OIDC_URL=$PLATFORM_OIDC_URL" \
        "EDGEWORKS_BASE_DOMAIN=$EDGEWORKS_BASE_DOMAIN" \
        "PLATFORM_DOMAINS_RESOLVER=$PLATFORM_DOMAINS_RESOLVER" \
        "PLATFORM_DOMAINS_HTTP_PRIVATE_ADDRESSES=$PLATFORM_DOMAINS_HTTP_PRIVATE_ADDRESSES" \
        "PLATFORM_ACME_DIRECTORY_URL=$PLATFORM_ACME_DIRECTORY_URL" "PLATFORM_ACME_TRUST_CERTIFICATE=$PLATFORM_ACME_TRUST_CERTIFICATE" \
        "PLATFORM_ACME_CHECK_INTERVAL=$PLATFORM_ACME_CHECK_INTERVAL" \
        "EDGEWORKS_SIGNING_PRIVATE_KEY=$EDGEWORKS_SIGNING_PRIVATE_KEY" \
        "EDGEWORKS_SIGNING_KEY_ID=$EDGEWORKS_SIGNING_KEY_ID" \
        "EDGEWORKS_BUNDLE_SECRET_KEY=$EDGEWORKS_BUNDLE_SECRET_KEY" \
        "EDGEWORKS_SECRETS_KEY=$EDGEWORKS_SECRETS_KEY" \
        "PLATFORM_SHUTDOWN_DELAY=$delay" "PLATFORM_SHUTDOWN_TIMEOUT=$EDGEWORKS_SHUTDOWN_TIMEOUT"
      # the live tail's WebSocket URLs name the address clients use: the proxy's, not the replica's
      [ -z "$replica" ] || printf '%s\n' "PLATFORM_TAIL_PUBLIC_URL=${PLATFORM_TAIL_PUBLIC_URL:-ws://127.0.0.1:$PLATFORM_API_PORT}"
      app_redis_env PLATFORM ;;
    edge-node)
      printf '%s\n' "QUARKUS_HTTP_PORT=$(replica_port "$EDGE_NODE_PORT" "$replica")" \
        "EDGE_MANAGEMENT_PORT=$(replica_port "$EDGE_NODE_MANAGEMENT_PORT" "$replica")" "EDGE_REDIS_URL=$EDGE_REDIS_URL" \
        "EDGEWORKS_SIGNING_PUBLIC_KEYS=$EDGEWORKS_SIGNING_PUBLIC_KEYS" \
        "EDGEWORKS_BUNDLE_SECRET_KEY=$EDGEWORKS_BUNDLE_SECRET_KEY" \
        "EDGE_TLS_PORT=$(replica_port "$EDGE_NODE_TLS_PORT" "$replica")" "EDGE_TLS_DEV_BASE_DOMAIN=$EDGEWORKS_BASE_DOMAIN" \
        "EDGE_TLS_DEV_CA_CERTIFICATE=$EDGEWORKS_KEYS/dev-ca.pem" "EDGE_TLS_DEV_CA_KEY=$EDGEWORKS_KEYS/dev-ca.key" \
        "EDGE_ANALYTICS_FLUSH_INTERVAL=$EDGE_ANALYTICS_FLUSH_INTERVAL" \
        "EDGE_SHUTDOWN_DELAY=$delay" "EDGE_SHUTDOWN_TIMEOUT=$EDGEWORKS_SHUTDOWN_TIMEOUT"
      # cron run records name the node that ran a tick
      [ -z "$replica" ] || printf '%s\n' "EDGE_CRON_NODE_ID=$(instance_name edge-node "$replica")"
      app_redis_env EDGE ;;
    tenant-admin)
      printf '%s\n' "QUARKUS_HTTP_PORT=$TENANT_ADMIN_PORT" "ADMIN_OIDC_URL=$ADMIN_OIDC_URL" \
        "ADMIN_OIDC_CLIENT_ID=$ADMIN_OIDC_CLIENT_ID" \
        "ADMIN_OIDC_SECRET=$ADMIN_OIDC_SECRET" "ADMIN_API_URL=$ADMIN_API_URL" ;;
  esac
}

# app_user_options <app>: the JVM options of EDGEWORKS_JAVA_OPTS, for the edge those of EDGE_JAVA_OPTS too, one per line
app_user_options() {
  local opts=() edge_opts=()
  read -r -d '' -a opts <<<"${EDGEWORKS_JAVA_OPTS:-}" || true
  if [ "$1" = edge-node ]; then
    # e.g. -Dpolyglot.engine.TraceCompilation=true -Dpolyglot.log.file=/tmp/compilations.log (platform-api's
    # GraalJS has no compiler and refuses engine options meant for the edge's)
    read -r -d '' -a edge_opts <<<"${EDGE_JAVA_OPTS:-}" || true
    opts+=("${edge_opts[@]}")
  fi
  [ ${#opts[@]} -eq 0 ] || printf '%s\n' "${opts[@]}"
}

# edge_aot_cache [replica]: trains the edge's AOT cache for this build unless it is fresh (edge-node/aot-cache.sh: ~20 s
# after a build, at once otherwise), with the JVM options and environment start_app gives the edge (the training run
# takes ports of its own and no Redis). start_app runs it; rolling.sh too, before it stops an edge replica, so that
# the replica is not down while the cache trains.
edge_aot_cache() {
  local jvm=() envs=() user_opts=()
  [ -f "$EDGEWORKS_ROOT/edge-node/aot-cache.sh" ] || return 0
  mapfile -t jvm < <(app_jvm_options)
  mapfile -t envs < <(app_env edge-node "${1:-}")
  mapfile -t user_opts < <(app_user_options edge-node)
  (cd "$EDGEWORKS_ROOT" && env "${envs[@]}" bash edge-node/aot-cache.sh "${jvm[@]}" "${user_opts[@]}") \
    || fail "edge-node/aot-cache.sh failed" "see edge-node/target/aot-training.log, or set EDGEWORKS_EDGE_AOT_CACHE=false"
}

# start_app <app> [replica]: starts the app (or its replica i) unless it already runs. With
# EDGEWORKS_RESTART_OUTDATED=false a running process is kept even when a newer build exists (cluster mode: rolling.sh
# restarts replicas one at a time instead).
start_app() {
  local app=$1 replica=${2:-} name port jar log jvm=() envs=() extra extra_opts=() user_opts=()
  name=$(instance_name "$app" "$replica")
  log=$EDGEWORKS_LOGS/$name.log
  port=$(replica_port "$(app_port "$app")" "$replica")
  jar=$(app_run_jar "$app")
  step "$name on http://127.0.0.1:$port"
  CURRENT_LOG=$log
  if app_outdated "$name"; then
    if [ "${EDGEWORKS_RESTART_OUTDATED:-true}" = true ]; then
      info "a newer build exists than the running one: restarting $name"
      stop_app "$name"
    else
      warn "$name runs an older build than the packaged one: deploy/local/rolling.sh restarts the replicas one at a time"
    fi
  fi
  if owned "$name" && port_open 127.0.0.1 "$port"; then
    ok "already running (pid $(cat "$EDGEWORKS_PIDS/$name.pid"))"
    return 0
  fi
  if owned "$name"; then
    info "pid $(cat "$EDGEWORKS_PIDS/$name.pid") is alive but port $port does not answer yet: waiting for it"
    return 0
  fi
  if port_open 127.0.0.1 "$port"; then
    warn "port $port is already served by a process up.sh did not start ($(who_listens "$port")); leaving it alone"
    rm -f "$EDGEWORKS_PIDS/$name.pid"
    return 0
  fi
  [ -f "$jar" ] || fail "$jar is missing" "build with ./mvnw -B -DskipTests package"
  mapfile -t jvm < <(app_jvm_options)
  mapfile -t envs < <(app_env "$app" "$replica")
  mapfile -t user_opts < <(app_user_options "$app")
  local java_bin=java
  if [ "$app" = edge-node ] && [ -f "$EDGEWORKS_ROOT/edge-node/jvm-options.sh" ]; then
    # the edge's runtime image (the JDK without its empty compiler module, so that the JVM shares classes) and,
    # trained once per build, the AOT cache of its start; with EDGEWORKS_EDGE_AOT_CACHE=false the JDK's java
    java_bin=$(cd "$EDGEWORKS_ROOT" && bash edge-node/jvm-options.sh --java) \
      || fail "edge-node/jvm-options.sh failed" "run 'bash edge-node/jvm-options.sh --java' to see why"
    edge_aot_cache "$replica"
    extra=$(cd "$EDGEWORKS_ROOT" && bash edge-node/jvm-options.sh) \
      || fail "edge-node/jvm-options.sh failed" "run 'bash edge-node/jvm-options.sh' to see why"
    # one option per whitespace-separated word, over any number of lines
    read -r -d '' -a extra_opts <<<"$extra" || true
    jvm+=("${extra_opts[@]}")
    info "edge-node: ${java_bin#"$EDGEWORKS_ROOT"/} with ${#extra_opts[@]} JVM options from edge-node/jvm-options.sh"
  fi
  info "starting java -jar ${jar#"$EDGEWORKS_ROOT"/} (log: $log)"
  (cd "$EDGEWORKS_ROOT" && start_background "$name" "$log" env "${envs[@]}" \
    "$java_bin" "${jvm[@]}" "${user_opts[@]}" -jar "$jar")
}

# wait_app_ready <app> [replica]
wait_app_ready() {
  local app=$1 replica=${2:-} name port url log timeout=${EDGEWORKS_READY_TIMEOUT:-180} deadline code
  name=$(instance_name "$app" "$replica")
  log=$EDGEWORKS_LOGS/$name.log
  port=$(app_health_port "$app" "$replica")
  url=http://127.0.0.1:$port/q/health/ready
  step "Waiting for $name ($url)"
  CURRENT_LOG=$log
  deadline=$((SECONDS + timeout))
  until http_ok "$url"; do
    if [ -f "$EDGEWORKS_PIDS/$name.pid" ] && ! owned "$name"; then
      fail "$name exited during start" \
        "see the log: it names the missing configuration or the unreachable PostgreSQL/Redis/Keycloak"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" || true)
      fail "$name did not answer 200 on $url within $timeout s (last answer: $code)" \
        "see the log; 'curl $url' shows which health check is down (EDGEWORKS_READY_TIMEOUT raises the limit)"
    fi
    sleep 1
  done
  ok "$name ready"
}

# app_outdated <name>: true when up.sh started the app (or replica) and its packaged files changed since.
app_outdated() {
  owned "$1" || return 1
  [ -n "$(find "$EDGEWORKS_ROOT/$(instance_app "$1")/target/quarkus-app" -type f -newer "$EDGEWORKS_PIDS/$1.pid" 2>/dev/null | head -n1)" ]
}

# stop_app <name>: SIGTERM, then up to the shutdown delay + timeout + 15 s for the graceful exit before SIGKILL.
stop_app() {
  local grace
  grace=$(( $(duration_seconds "${EDGEWORKS_SHUTDOWN_DELAY:-3s}") + $(duration_seconds "$EDGEWORKS_SHUTDOWN_TIMEOUT") + 15 ))
  stop_pidfile "$1" "$grace"
}

# replicas_running <app>: the replica numbers of <app> that up.sh started and that still run, ascending.
replicas_running() {
  local file name
  for file in "$EDGEWORKS_PIDS/$1"-*.pid; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .pid)
    [[ ${name#"$1"-} =~ ^[0-9]+$ ]] || continue
    owned "$name" && echo "${name#"$1"-}"
  done | sort -n
}
