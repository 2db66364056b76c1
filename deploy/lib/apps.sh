#!/usr/bin/env bash
# The three Quarkus apps: build when the sources are newer than the packaged apps, start them in the
# background (logs in $EDGEWORKS_LOGS/<app>.log, pids in $EDGEWORKS_PIDS/<app>.pid), wait for
# /q/health/ready (the edge's on its management port). Needs common.sh, java.sh and keys.sh (export_key_env).

EDGEWORKS_APPS=(platform-api edge-node tenant-admin)

app_port() {
  case $1 in
    platform-api) echo "$PLATFORM_API_PORT" ;;
    edge-node) echo "$EDGE_NODE_PORT" ;;
    tenant-admin) echo "$TENANT_ADMIN_PORT" ;;
  esac
}

# app_health_port <app>: where the app answers /q/health/*: the edge on its management port, the others on
# their HTTP port.
app_health_port() {
  case $1 in
    edge-node) echo "$EDGE_NODE_MANAGEMENT_PORT" ;;
    *) app_port "$1" ;;
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

app_env() { # the environment variables of one app, one NAME=value per line
  case $1 in
    platform-api)
      printf '%s\n' "QUARKUS_HTTP_PORT=$PLATFORM_API_PORT" \
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
        "EDGEWORKS_SECRETS_KEY=$EDGEWORKS_SECRETS_KEY" ;;
    edge-node)
      printf '%s\n' "QUARKUS_HTTP_PORT=$EDGE_NODE_PORT" "EDGE_MANAGEMENT_PORT=$EDGE_NODE_MANAGEMENT_PORT" "EDGE_REDIS_URL=$EDGE_REDIS_URL" \
        "EDGEWORKS_SIGNING_PUBLIC_KEYS=$EDGEWORKS_SIGNING_PUBLIC_KEYS" \
        "EDGEWORKS_BUNDLE_SECRET_KEY=$EDGEWORKS_BUNDLE_SECRET_KEY" \
        "EDGE_TLS_PORT=$EDGE_NODE_TLS_PORT" "EDGE_TLS_DEV_BASE_DOMAIN=$EDGEWORKS_BASE_DOMAIN" \
        "EDGE_TLS_DEV_CA_CERTIFICATE=$EDGEWORKS_KEYS/dev-ca.pem" "EDGE_TLS_DEV_CA_KEY=$EDGEWORKS_KEYS/dev-ca.key" \
        "EDGE_ANALYTICS_FLUSH_INTERVAL=$EDGE_ANALYTICS_FLUSH_INTERVAL" ;;
    tenant-admin)
      printf '%s\n' "QUARKUS_HTTP_PORT=$TENANT_ADMIN_PORT" "ADMIN_OIDC_URL=$ADMIN_OIDC_URL" \
        "ADMIN_OIDC_CLIENT_ID=$ADMIN_OIDC_CLIENT_ID" \
        "ADMIN_OIDC_SECRET=$ADMIN_OIDC_SECRET" "ADMIN_API_URL=$ADMIN_API_URL" ;;
  esac
}

start_app() {
  local app=$1 port jar log=$EDGEWORKS_LOGS/$1.log jvm=() envs=() extra extra_opts=() user_opts=()
  port=$(app_port "$app")
  jar=$(app_run_jar "$app")
  step "$app on http://127.0.0.1:$port"
  CURRENT_LOG=$log
  if app_outdated "$app"; then
    info "a newer build exists than the running one: restarting $app"
    stop_app "$app"
  fi
  if owned "$app" && port_open 127.0.0.1 "$port"; then
    ok "already running (pid $(cat "$EDGEWORKS_PIDS/$app.pid"))"
    return 0
  fi
  if owned "$app"; then
    info "pid $(cat "$EDGEWORKS_PIDS/$app.pid") is alive but port $port does not answer yet: waiting for it"
    return 0
  fi
  if port_open 127.0.0.1 "$port"; then
    warn "port $port is already served by a process up.sh did not start ($(who_listens "$port")); leaving it alone"
    rm -f "$EDGEWORKS_PIDS/$app.pid"
    return 0
  fi
  [ -f "$jar" ] || fail "$jar is missing" "build with ./mvnw -B -DskipTests package"
  mapfile -t jvm < <(app_jvm_options)
  if [ "$app" = edge-node ] && [ -f "$EDGEWORKS_ROOT/edge-node/jvm-options.sh" ]; then
    extra=$(cd "$EDGEWORKS_ROOT" && bash edge-node/jvm-options.sh) \
      || fail "edge-node/jvm-options.sh failed" "run 'bash edge-node/jvm-options.sh' to see why"
    # one option per whitespace-separated word, over any number of lines
    read -r -d '' -a extra_opts <<<"$extra" || true
    jvm+=("${extra_opts[@]}")
    info "edge-node JVM options from edge-node/jvm-options.sh: ${#extra_opts[@]} extra"
  fi
  mapfile -t envs < <(app_env "$app")
  read -r -d '' -a user_opts <<<"${EDGEWORKS_JAVA_OPTS:-}" || true
  if [ "$app" = edge-node ]; then
    # e.g. -Dpolyglot.engine.TraceCompilation=true -Dpolyglot.log.file=/tmp/compilations.log (platform-api's
    # GraalJS has no compiler and refuses engine options meant for the edge's)
    read -r -d '' -a edge_opts <<<"${EDGE_JAVA_OPTS:-}" || true
    user_opts+=("${edge_opts[@]}")
  fi
  info "starting java -jar ${jar#"$EDGEWORKS_ROOT"/} (log: $log)"
  (cd "$EDGEWORKS_ROOT" && start_background "$app" "$log" env "${envs[@]}" \
    java "${jvm[@]}" "${user_opts[@]}" -jar "$jar")
}

wait_app_ready() {
  local app=$1 port url log=$EDGEWORKS_LOGS/$1.log timeout=${EDGEWORKS_READY_TIMEOUT:-180} deadline code
  port=$(app_health_port "$app")
  url=http://127.0.0.1:$port/q/health/ready
  step "Waiting for $app ($url)"
  CURRENT_LOG=$log
  deadline=$((SECONDS + timeout))
  until http_ok "$url"; do
    if [ -f "$EDGEWORKS_PIDS/$app.pid" ] && ! owned "$app"; then
      fail "$app exited during start" \
        "see the log: it names the missing configuration or the unreachable PostgreSQL/Redis/Keycloak"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" || true)
      fail "$app did not answer 200 on $url within $timeout s (last answer: $code)" \
        "see the log; 'curl $url' shows which health check is down (EDGEWORKS_READY_TIMEOUT raises the limit)"
    fi
    sleep 1
  done
  ok "$app ready"
}

# app_outdated <app>: true when up.sh started the app and its packaged files changed since.
app_outdated() {
  owned "$1" || return 1
  [ -n "$(find "$EDGEWORKS_ROOT/$1/target/quarkus-app" -type f -newer "$EDGEWORKS_PIDS/$1.pid" 2>/dev/null | head -n1)" ]
}

stop_app() { stop_pidfile "$1" 30; }
