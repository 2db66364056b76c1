#!/usr/bin/env bash
# Keycloak for the local stack: downloaded once from Maven Central through the Maven wrapper,
# unpacked under $EDGEWORKS_STATE_DIR/keycloak, started in dev mode with realm `platform` imported
# from deploy/keycloak/platform-realm.json. Needs common.sh and java.sh.

KC_STATE=$EDGEWORKS_STATE_DIR/keycloak
KC_HOME=$KC_STATE/keycloak-$KEYCLOAK_VERSION
KC_REALM_FILE=$EDGEWORKS_ROOT/deploy/keycloak/platform-realm.json
KC_REALM_URL=http://127.0.0.1:$KEYCLOAK_PORT/realms/platform

kc_ready() { http_ok "$KC_REALM_URL/.well-known/openid-configuration"; }

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
  step "Keycloak $KEYCLOAK_VERSION at http://127.0.0.1:$KEYCLOAK_PORT (realm platform)"
  local log=$EDGEWORKS_LOGS/keycloak.log sum
  sum=$(sha256sum "$KC_REALM_FILE" | cut -d' ' -f1)
  if owned keycloak && kc_ready; then
    if [ "$(cat "$KC_STATE/realm.sha256" 2>/dev/null)" = "$sum" ]; then
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
  if ! owned keycloak; then
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

stop_keycloak() { stop_pidfile keycloak 30; }
