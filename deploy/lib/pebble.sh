#!/usr/bin/env bash
# ACME test servers for the local stack, from the Debian package 'pebble' (installed with apt when
# missing): pebble-challtestsrv, a mock DNS server whose records are set over HTTP, and pebble, a small
# ACME CA that resolves names through it. platform-api's domain verification looks its TXT and A records
# up at challtestsrv (PLATFORM_DOMAINS_RESOLVER), and tests publish records through its management API:
#   curl -d '{"host":"_edgeworks.example.com.","value":"<token>"}' http://127.0.0.1:8055/set-txt
#   (/clear-txt {"host"}, /add-a {"host","addresses":["127.0.0.1"]}, /clear-a {"host"})
# Both listen on loopback only; their HTTP-01/TLS-ALPN-01 challenge servers are off (they would take
# 5001-5003). Pid files and logs like the other servers; pebble's config and TLS key under
# $EDGEWORKS_STATE_DIR/pebble. Needs common.sh.

challtestsrv_ready() {
  [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' -d '{"host":"edgeworks-probe.invalid."}' \
    "http://127.0.0.1:$CHALLTESTSRV_MANAGEMENT_PORT/clear-txt" 2>/dev/null)" = "200" ]
}

ensure_challtestsrv() {
  step "pebble-challtestsrv (DNS 127.0.0.1:$CHALLTESTSRV_DNS_PORT, management 127.0.0.1:$CHALLTESTSRV_MANAGEMENT_PORT)"
  local log=$EDGEWORKS_LOGS/challtestsrv.log
  if owned challtestsrv && challtestsrv_ready; then
    ok "already running (our own, pid $(cat "$EDGEWORKS_PIDS/challtestsrv.pid"))"
    return 0
  fi
  if port_open 127.0.0.1 "$CHALLTESTSRV_MANAGEMENT_PORT"; then
    challtestsrv_ready || fail "something listens at 127.0.0.1:$CHALLTESTSRV_MANAGEMENT_PORT but is not pebble-challtestsrv ($(who_listens "$CHALLTESTSRV_MANAGEMENT_PORT"))" \
      "free the port or set CHALLTESTSRV_MANAGEMENT_PORT to a free one"
    info "a pebble-challtestsrv is listening: reusing it (down.sh will leave it alone)"
    return 0
  fi
  need_tool pebble-challtestsrv pebble
  CURRENT_LOG=$log
  info "starting pebble-challtestsrv (log: $log)"
  start_background challtestsrv "$log" pebble-challtestsrv \
    -dns01 "127.0.0.1:$CHALLTESTSRV_DNS_PORT" -management "127.0.0.1:$CHALLTESTSRV_MANAGEMENT_PORT" \
    -http01 "" -https01 "" -tlsalpn01 "" -defaultIPv4 127.0.0.1 -defaultIPv6 ""
  wait_until 15 "challtestsrv to answer" challtestsrv_ready \
    || fail "pebble-challtestsrv did not answer within 15 s" "see the log; are ports $CHALLTESTSRV_DNS_PORT (udp/tcp) and $CHALLTESTSRV_MANAGEMENT_PORT free?"
  ok "challtestsrv ready (pid $(cat "$EDGEWORKS_PIDS/challtestsrv.pid"))"
}

# A pebble this checkout did not start (another checkout's, or an operator's) serves a TLS certificate that is
# not our $dir/cert.pem: platform-api and the tests then trust the one it serves (a loopback test CA), saved
# to $dir/served-cert.pem, unless PLATFORM_ACME_TRUST_CERTIFICATE was set to something else.
trust_running_pebble() {
  local dir=$1 served=$1/served-cert.pem
  [ "$PLATFORM_ACME_TRUST_CERTIFICATE" = "$dir/cert.pem" ] || return 0
  need_tool openssl openssl
  mkdir -p "$dir"
  if openssl s_client -connect "127.0.0.1:$PEBBLE_PORT" -servername localhost </dev/null 2>/dev/null \
      | openssl x509 -outform PEM >"$served.tmp" 2>/dev/null && [ -s "$served.tmp" ]; then
    mv "$served.tmp" "$served"
    if ! cmp -s "$served" "$dir/cert.pem"; then
      export PLATFORM_ACME_TRUST_CERTIFICATE=$served
      info "trusting the TLS certificate it serves ($served)"
    fi
  else
    rm -f "$served.tmp"
    warn "could not read the TLS certificate of the ACME server at 127.0.0.1:$PEBBLE_PORT; certificate orders will fail to connect"
  fi
}

pebble_ready() {
  [ "$(curl -sk -o /dev/null -m 2 -w '%{http_code}' "https://127.0.0.1:$PEBBLE_PORT/dir" 2>/dev/null)" = "200" ]
}

ensure_pebble() {
  step "pebble ACME directory https://127.0.0.1:$PEBBLE_PORT/dir"
  local dir=$EDGEWORKS_STATE_DIR/pebble log=$EDGEWORKS_LOGS/pebble.log
  if owned pebble && pebble_ready; then
    ok "already running (our own, pid $(cat "$EDGEWORKS_PIDS/pebble.pid"))"
    return 0
  fi
  if port_open 127.0.0.1 "$PEBBLE_PORT"; then
    pebble_ready || fail "something listens at 127.0.0.1:$PEBBLE_PORT but serves no ACME directory ($(who_listens "$PEBBLE_PORT"))" \
      "free the port or set PEBBLE_PORT to a free one"
    info "an ACME server is listening: reusing it (down.sh will leave it alone)"
    trust_running_pebble "$dir"
    return 0
  fi
  need_tool pebble pebble
  need_tool openssl openssl
  mkdir -p "$dir"
  CURRENT_LOG=$log
  if [ ! -s "$dir/cert.pem" ] || [ ! -s "$dir/key.pem" ]; then
    info "creating pebble's TLS certificate for 127.0.0.1/localhost ($dir/cert.pem)"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj "/CN=pebble" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$dir/key.pem" -out "$dir/cert.pem" >>"$log" 2>&1 \
      || fail "openssl could not create pebble's certificate" "see the log"
    chmod 600 "$dir/key.pem"
  fi
  # pebble validates HTTP-01 / TLS-ALPN-01 challenges on the edge node's ports: the edge answers HTTP-01 for
  # platform-api's certificate orders (PLATFORM_ACME_DIRECTORY_URL) from Redis
  cat >"$dir/pebble-config.json" <<JSON
{
  "pebble": {
    "listenAddress": "127.0.0.1:$PEBBLE_PORT",
    "managementListenAddress": "127.0.0.1:$PEBBLE_MANAGEMENT_PORT",
    "certificate": "$dir/cert.pem",
    "privateKey": "$dir/key.pem",
    "httpPort": $EDGE_NODE_PORT,
    "tlsPort": $EDGE_NODE_TLS_PORT,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
JSON
  info "starting pebble with DNS at 127.0.0.1:$CHALLTESTSRV_DNS_PORT (log: $log)"
  start_background pebble "$log" env PEBBLE_VA_NOSLEEP=1 pebble -config "$dir/pebble-config.json" \
    -dnsserver "127.0.0.1:$CHALLTESTSRV_DNS_PORT"
  wait_until 15 "pebble to answer" pebble_ready \
    || fail "pebble did not serve its directory within 15 s" "see the log; is port $PEBBLE_PORT free?"
  ok "pebble ready (pid $(cat "$EDGEWORKS_PIDS/pebble.pid"))"
}

stop_pebble() {
  stop_pidfile pebble 10
}

stop_challtestsrv() {
  stop_pidfile challtestsrv 10
}
