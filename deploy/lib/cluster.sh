#!/usr/bin/env bash
# Cluster mode of the local stack (up.sh --edges N --apis M): N edge-node and M platform-api replicas, each on its own
# ports (apps.sh replica_port) with its own pid file and log, behind HAProxy (haproxy.sh) on the usual ports;
# tenant-admin stays one process. What runs (replica counts, Sentinel and Keycloak modes) is recorded in
# $EDGEWORKS_STATE_DIR/cluster.env for rolling.sh, bench-rolling.sh and chaos.sh.
# Needs common.sh, apps.sh, haproxy.sh and keys.sh.

CLUSTER_FILE=$EDGEWORKS_STATE_DIR/cluster.env
CLUSTER_APPS=(platform-api edge-node)

# cluster_mode_defaults: cluster mode also runs what a cluster fails over to, unless the environment says otherwise:
# Redis with a replica and three Sentinels (redis.sh; EDGEWORKS_REDIS_SENTINEL=false turns it off) and Keycloak in
# production mode on its own database (keycloak.sh; KEYCLOAK_MODE=dev keeps development mode). common.sh gives both a
# default, so whether they came from the environment is read from its *_GIVEN flags.
cluster_mode_defaults() {
  [ -n "${EDGEWORKS_REDIS_SENTINEL_GIVEN:-}" ] || export EDGEWORKS_REDIS_SENTINEL=true
  [ -n "${EDGEWORKS_KEYCLOAK_MODE_GIVEN:-}" ] || export KEYCLOAK_MODE=production
}

# check_cluster_ports <edges> <apis>: fails when two parts of the stack would share a port.
check_cluster_ports() {
  local edges=$1 apis=$2 i entry port name seen=() dup
  local -A owner=()
  seen+=("platform-api/HAProxy=$PLATFORM_API_PORT" "edge-node/HAProxy=$EDGE_NODE_PORT"
    "edge-node HTTPS/HAProxy=$EDGE_NODE_TLS_PORT" "edge-node management/HAProxy=$EDGE_NODE_MANAGEMENT_PORT"
    "HAProxy stats=$HAPROXY_STATS_PORT" "tenant-admin=$TENANT_ADMIN_PORT" "Keycloak=$KEYCLOAK_PORT"
    "PostgreSQL=$PLATFORM_DB_PORT" "Redis=$PLATFORM_REDIS_PORT" "challtestsrv DNS=$CHALLTESTSRV_DNS_PORT"
    "challtestsrv management=$CHALLTESTSRV_MANAGEMENT_PORT" "pebble=$PEBBLE_PORT" "pebble management=$PEBBLE_MANAGEMENT_PORT")
  if redis_sentinel_on; then
    seen+=("Redis replica=$PLATFORM_REDIS_REPLICA_PORT")
    for port in $PLATFORM_REDIS_SENTINEL_PORTS; do seen+=("Redis Sentinel=$port"); done
  fi
  [ "$KEYCLOAK_MODE" != production ] || seen+=("Keycloak management=$KEYCLOAK_MANAGEMENT_PORT")
  for ((i = 1; i <= apis; i++)); do
    seen+=("platform-api-$i=$(replica_port "$PLATFORM_API_PORT" "$i")")
  done
  for ((i = 1; i <= edges; i++)); do
    seen+=("edge-node-$i=$(replica_port "$EDGE_NODE_PORT" "$i")" "edge-node-$i HTTPS=$(replica_port "$EDGE_NODE_TLS_PORT" "$i")"
      "edge-node-$i management=$(replica_port "$EDGE_NODE_MANAGEMENT_PORT" "$i")")
  done
  for entry in "${seen[@]}"; do
    name=${entry%=*}
    port=${entry##*=}
    [ "$port" -le 65535 ] || fail "$name would listen on port $port (over 65535)" "lower the usual ports or the replica counts"
    dup=${owner[$port]:-}
    [ -z "$dup" ] || fail "$name and $dup would both listen on port $port" \
      "move one of them (deploy/README.md \"Cluster mode\": replica i takes the usual port + $EDGEWORKS_REPLICA_PORT_STEP * i)"
    owner[$port]=$name
  done
}

# start_cluster <edges> <apis>: the replicas, HAProxy and tenant-admin; waits until HAProxy routes to every replica.
start_cluster() {
  local edges=$1 apis=$2 app i backend
  step "Cluster mode: $edges edge node(s) and $apis platform-api replica(s) behind HAProxy"
  export_key_env
  for app in "${CLUSTER_APPS[@]}"; do
    if owned "$app"; then
      info "the single $app (no flags) makes way for the replicas and HAProxy"
      stop_app "$app"
    fi
  done
  for i in $(replicas_running edge-node); do [ "$i" -le "$edges" ] || stop_app "edge-node-$i"; done
  for i in $(replicas_running platform-api); do [ "$i" -le "$apis" ] || stop_app "platform-api-$i"; done
  # with the modes up.sh chose (Sentinel, Keycloak's): rolling.sh and chaos.sh read them, so that a replica they start
  # again gets the same Redis URLs as the others (the Sentinels, not the primary of the moment)
  printf 'CLUSTER_EDGES=%s\nCLUSTER_APIS=%s\nEDGEWORKS_REDIS_SENTINEL=%s\nKEYCLOAK_MODE=%s\n' "$edges" "$apis" \
    "$EDGEWORKS_REDIS_SENTINEL" "$KEYCLOAK_MODE" >"$CLUSTER_FILE"
  ensure_haproxy "$edges" "$apis"
  # the first API replica alone first (database migrations, start-up jobs), the others once it is ready
  EDGEWORKS_RESTART_OUTDATED=false start_app platform-api 1
  for ((i = 1; i <= edges; i++)); do EDGEWORKS_RESTART_OUTDATED=false start_app edge-node "$i"; done
  start_app tenant-admin
  wait_app_ready platform-api 1
  for ((i = 2; i <= apis; i++)); do EDGEWORKS_RESTART_OUTDATED=false start_app platform-api "$i"; done
  for ((i = 2; i <= apis; i++)); do wait_app_ready platform-api "$i"; done
  for ((i = 1; i <= edges; i++)); do wait_app_ready edge-node "$i"; done
  wait_app_ready tenant-admin
  step "Waiting for HAProxy to route to every replica"
  for ((i = 1; i <= apis; i++)); do wait_haproxy_up platform_api_replicas "platform-api-$i"; done
  for ((i = 1; i <= edges; i++)); do
    for backend in $(haproxy_backends_of edge-node); do wait_haproxy_up "$backend" "edge-node-$i"; done
  done
  ok "every replica is UP in HAProxy"
}

# stop_cluster_apps: HAProxy and every replica that up.sh started (all replicas at once: each drains on its own).
stop_cluster_apps() {
  local app i pids=()
  owned haproxy && stop_haproxy
  for app in "${CLUSTER_APPS[@]}"; do
    for i in $(replicas_running "$app"); do
      stop_app "$app-$i" &
      pids+=($!)
    done
  done
  [ ${#pids[@]} -eq 0 ] || wait "${pids[@]}"
  rm -f "$CLUSTER_FILE" "$EDGEWORKS_PIDS/haproxy.pid"
}

# roll_replica <app> <replica>: restarts one replica (SIGTERM: it drains, see stop_app) and waits until it is ready
# and HAProxy routes to it again before returning, so that the next one may go.
roll_replica() {
  local app=$1 i=$2 name start backend
  name=$(instance_name "$app" "$i")
  step "Rolling restart of $name"
  # a new build's AOT cache trained while the replica still serves
  [ "$app" != edge-node ] || edge_aot_cache "$i"
  start=$SECONDS
  stop_app "$name"
  info "$name stopped after $((SECONDS - start)) s (shutdown delay, then in-flight requests)"
  EDGEWORKS_RESTART_OUTDATED=true start_app "$app" "$i"
  wait_app_ready "$app" "$i"
  for backend in $(haproxy_backends_of "$app"); do wait_haproxy_up "$backend" "$name"; done
  ok "$name back in rotation $((SECONDS - start)) s after its SIGTERM"
}

# cluster_summary: the lines up.sh prints about cluster mode (nothing without it).
cluster_summary() {
  [ -f "$CLUSTER_FILE" ] || return 0
  # shellcheck disable=SC1090
  source "$CLUSTER_FILE"
  local i line
  printf '\n  Cluster mode: HAProxy on the usual ports (stats http://127.0.0.1:%s/), log %s' "$HAPROXY_STATS_PORT" "$EDGEWORKS_LOGS/haproxy.log"
  for ((i = 1; i <= CLUSTER_APIS; i++)); do
    printf '\n    platform-api-%d  http://127.0.0.1:%s' "$i" "$(replica_port "$PLATFORM_API_PORT" "$i")"
  done
  for ((i = 1; i <= CLUSTER_EDGES; i++)); do
    line=$(printf 'http://127.0.0.1:%s, https :%s, management :%s' "$(replica_port "$EDGE_NODE_PORT" "$i")" \
      "$(replica_port "$EDGE_NODE_TLS_PORT" "$i")" "$(replica_port "$EDGE_NODE_MANAGEMENT_PORT" "$i")")
    printf '\n    edge-node-%d     %s' "$i" "$line"
  done
  printf '\n  Rolling restart of every replica: deploy/local/rolling.sh\n'
}
