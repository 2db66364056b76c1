#!/usr/bin/env bash
# Keycloak for the local stack: downloaded once from Maven Central through the Maven wrapper,
# unpacked under $EDGEWORKS_STATE_DIR/keycloak, with realm `platform` imported from
# deploy/keycloak/platform-realm.json. Two modes (KEYCLOAK_MODE):
#   dev (default)  kc.sh start-dev: its own file database (H2) under the unpacked server, built at every start
#                  (minutes on a busy machine)
#   production     kc.sh start --optimized: database $KEYCLOAK_DB_NAME (user $KEYCLOAK_DB_USER) in the stack's
#                  PostgreSQL (postgres.sh), built once with kc.sh build (db=postgres, health, local cache), HTTP on
#                  loopback, health on $KEYCLOAK_MANAGEMENT_PORT; the realm is imported at the first start and kept in
#                  the database, so a restart takes seconds
# Needs common.sh and java.sh (and postgres.sh for production).

KC_STATE=$EDGEWORKS_STATE_DIR/keycloak
KC_HOME=$KC_STATE/keycloak-$KEYCLOAK_VERSION
KC_REALM_FILE=$EDGEWORKS_ROOT/deploy/keycloak/platform-realm.json
KC_REALM_URL=http://127.0.0.1:$KEYCLOAK_PORT/realms/platform

kc_ready() { http_ok "$KC_REALM_URL/.well-known/openid-configuration"; }

kc_mode() {
  case ${KEYCLOAK_MODE:-dev} in
    dev|production) echo "${KEYCLOAK_MODE:-dev}" ;;
    *) fail "KEYCLOAK_MODE is '$KEYCLOAK_MODE'" "set KEYCLOAK_MODE to dev or production" ;;
  esac
}

# kc_realm_sum_file <mode>: where the sha256 of the realm file that mode's database holds is kept
kc_realm_sum_file() {
  if [ "$1" = production ]; then echo "$KC_STATE/production-realm.sha256"; else echo "$KC_STATE/realm.sha256"; fi
}

# the options fixed by kc.sh build in production mode; a change rebuilds once
KC_BUILD_OPTIONS=(--db=postgres --health-enabled=true --cache=local)

kc_db_url() { echo "jdbc:postgresql://$PLATFORM_DB_HOST:$PLATFORM_DB_PORT/$KEYCLOAK_DB_NAME"; }

# the runtime options of production mode (kc.sh start and kc.sh import)
kc_production_options() {
  printf '%s\n' --optimized "--db-url=$(kc_db_url)" "--db-username=$KEYCLOAK_DB_USER" "--db-password=$KEYCLOAK_DB_PASSWORD"
}

# kc_build_production: kc.sh build for the production options, unless the last build was exactly that
kc_build_production() {
  local log=$EDGEWORKS_LOGS/keycloak-build.log wanted
  wanted="${KC_BUILD_OPTIONS[*]}"
  if [ "$(cat "$KC_STATE/build.options" 2>/dev/null)" = "$wanted" ]; then
    return 0
  fi
  CURRENT_LOG=$log
  info "kc.sh build $wanted (once; log: $log)"
  rm -f "$KC_STATE/build.options"
  "$KC_HOME/bin/kc.sh" build "${KC_BUILD_OPTIONS[@]}" >"$log" 2>&1 \
    || fail "kc.sh build failed" "see the log"
  echo "$wanted" >"$KC_STATE/build.options"
}

# kc_import_production <realm file>: (re)imports the realm into the database, Keycloak stopped; an existing realm
# of that name is replaced (kc.sh import --override true)
kc_import_production() {
  local log=$EDGEWORKS_LOGS/keycloak-import.log opts=()
  mapfile -t opts < <(kc_production_options)
  CURRENT_LOG=$log
  info "importing the realm into database $KEYCLOAK_DB_NAME (kc.sh import --override true; log: $log)"
  "$KC_HOME/bin/kc.sh" import "${opts[@]}" --file "$1" --override true >"$log" 2>&1 \
    || fail "kc.sh import of $1 failed" "see the log"
}

kc_install() {
  local log=$EDGEWORKS_LOGS/keycloak-download.log zip
  CURRENT_LOG=$log
  zip=$KC_STATE/download/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip
  if [ ! -f "$zip" ]; then
    info "downloading org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip through Maven (~165 MB, once)"
    mkdir -p "$KC_STATE/download"
    (cd "$EDGEWORKS_ROOT" && ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
      "-DoutputDirectory=$KC_STATE/download") >"$log" 2>&1 \
      || fail "downloading Keycloak failed" "check access to Maven Central (https://repo.maven.apache.org)"
  fi
  info "unpacking Keycloak into $KC_STATE"
  rm -rf "$KC_HOME.tmp" && mkdir -p "$KC_HOME.tmp"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$zip" -d "$KC_HOME.tmp" >>"$log" 2>&1 || fail "unzip of $zip failed" "delete $zip and rerun"
  else
    (cd "$KC_HOME.tmp" && jar xf "$zip") >>"$log" 2>&1 || fail "unpacking $zip failed" "delete $zip and rerun"
  fi
  mv "$KC_HOME.tmp/keycloak-$KEYCLOAK_VERSION" "$KC_HOME" \
    || fail "unexpected layout in $zip (no keycloak-$KEYCLOAK_VERSION folder)" "delete $zip and rerun"
  rm -rf "$KC_HOME.tmp"
  chmod +x "$KC_HOME"/bin/*.sh
}

ensure_keycloak() {
  local mode
  mode=$(kc_mode)
  step "Keycloak $KEYCLOAK_VERSION at http://127.0.0.1:$KEYCLOAK_PORT (realm platform, $mode mode)"
  local log=$EDGEWORKS_LOGS/keycloak.log sum
  sum=$(sha256sum "$KC_REALM_FILE" | cut -d' ' -f1)
  if owned keycloak && [ "$(cat "$KC_STATE/running.mode" 2>/dev/null || echo dev)" != "$mode" ]; then
    info "the running Keycloak is in $(cat "$KC_STATE/running.mode" 2>/dev/null || echo dev) mode: restarting it in $mode mode"
    stop_keycloak
  fi
  if owned keycloak && kc_ready; then
    if [ "$(cat "$(kc_realm_sum_file "$mode")" 2>/dev/null)" = "$sum" ]; then
      ok "already running (pid $(cat "$EDGEWORKS_PIDS/keycloak.pid"))"
      return 0
    fi
    info "the realm file changed since this Keycloak imported it: restarting it to import the new realm"
    stop_keycloak
  fi
  if ! owned keycloak && port_open 127.0.0.1 "$KEYCLOAK_PORT"; then
    if kc_ready; then
      info "a Keycloak with realm platform already answers on port $KEYCLOAK_PORT: reusing it (down.sh will leave it alone)"
      return 0
    fi
    fail "port $KEYCLOAK_PORT is taken by something that is not a Keycloak with realm platform ($(who_listens "$KEYCLOAK_PORT"))" \
      "free the port or set KEYCLOAK_PORT to a free one"
  fi
  if ! owned keycloak && [ "$mode" = production ]; then
    kc_start_production "$sum"
  elif ! owned keycloak; then
    [ -x "$KC_HOME/bin/kc.sh" ] || kc_install
    mkdir -p "$KC_HOME/data/import"
    # a changed realm file is imported again: dev mode keeps its H2 database under data/h2
    if [ -d "$KC_HOME/data/h2" ] && [ "$(cat "$KC_STATE/realm.sha256" 2>/dev/null)" != "$sum" ]; then
      info "realm file changed since the last import: resetting Keycloak's dev database"
      rm -rf "$KC_HOME/data/h2"
    fi
    cp "$KC_REALM_FILE" "$KC_HOME/data/import/platform-realm.json"
    echo "$sum" >"$KC_STATE/realm.sha256"
    info "starting Keycloak (log: $log)"
    # start-dev builds for itself: the next production start must build again
    rm -f "$KC_STATE/build.options"
    echo dev >"$KC_STATE/running.mode"
    KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin} \
      KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin} \
      start_background keycloak "$log" "$KC_HOME/bin/kc.sh" start-dev --http-port "$KEYCLOAK_PORT" \
      --http-host 127.0.0.1 --import-realm
  fi
  CURRENT_LOG=$log
  info "waiting for $KC_REALM_URL (first start 20-120 s, up to ${EDGEWORKS_KEYCLOAK_TIMEOUT:-300} s)"
  wait_until "${EDGEWORKS_KEYCLOAK_TIMEOUT:-300}" "Keycloak" bash -c "kill -0 $(cat "$EDGEWORKS_PIDS/keycloak.pid") 2>/dev/null && curl -sf -o /dev/null -m 5 '$KC_REALM_URL/.well-known/openid-configuration'" \
    || { owned keycloak || fail "Keycloak exited during start" "see the log; remove $KC_HOME/data to start from a clean database";
         fail "Keycloak did not serve realm platform within ${EDGEWORKS_KEYCLOAK_TIMEOUT:-300} s" \
           "see the log; on a busy machine rerun up.sh (it keeps waiting for the same Keycloak) or raise EDGEWORKS_KEYCLOAK_TIMEOUT"; }
  ok "Keycloak ready (pid $(cat "$EDGEWORKS_PIDS/keycloak.pid"))"
}

# kc_start_production <realm sha256>: database, build, realm import when new or changed, then kc.sh start
kc_start_production() {
  local sum=$1 log=$EDGEWORKS_LOGS/keycloak.log opts=() imported
  [ -x "$KC_HOME/bin/kc.sh" ] || kc_install
  ensure_keycloak_database
  kc_build_production
  imported=$(cat "$KC_STATE/production-realm.sha256" 2>/dev/null || true)
  if [ -n "$imported" ] && [ "$imported" != "$sum" ]; then
    info "the realm file changed since it was imported into database $KEYCLOAK_DB_NAME"
    kc_import_production "$KC_REALM_FILE"
  fi
  # the first start imports the realm (--import-realm skips a realm that exists already)
  mkdir -p "$KC_HOME/data/import"
  cp "$KC_REALM_FILE" "$KC_HOME/data/import/platform-realm.json"
  echo "$sum" >"$KC_STATE/production-realm.sha256"
  echo production >"$KC_STATE/running.mode"
  mapfile -t opts < <(kc_production_options)
  info "starting Keycloak: kc.sh start --optimized on database $KEYCLOAK_DB_NAME at $PLATFORM_DB_HOST:$PLATFORM_DB_PORT (log: $log)"
  KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin} \
    KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin} \
    start_background keycloak "$log" "$KC_HOME/bin/kc.sh" start "${opts[@]}" \
    --http-enabled=true --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" --hostname-strict=false \
    --http-management-host=127.0.0.1 --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" --import-realm
}

stop_keycloak() { stop_pidfile keycloak 30; }
