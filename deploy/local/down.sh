#!/usr/bin/env bash
# Stops exactly what deploy/local/up.sh started (by the pid files in the state folder):
# the apps (in cluster mode HAProxy and every replica), Keycloak, and our own Redis and PostgreSQL.
# Servers up.sh merely reused keep running.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lib=$here/../lib
source "$lib/common.sh"
source "$lib/postgres.sh"
source "$lib/redis.sh"
source "$lib/pebble.sh"
source "$lib/keycloak.sh"
source "$lib/keys.sh"
source "$lib/apps.sh"
source "$lib/haproxy.sh"
source "$lib/cluster.sh"

step "Stopping what up.sh started (pid files in $EDGEWORKS_PIDS)"
[ -d "$EDGEWORKS_PIDS" ] || { ok "nothing to stop"; exit 0; }
stopped=0
owned haproxy && stopped=$((stopped + 1))
for app in "${CLUSTER_APPS[@]}"; do stopped=$((stopped + $(replicas_running "$app" | wc -l))); done
stop_cluster_apps
for app in tenant-admin edge-node platform-api; do
  owned "$app" && stopped=$((stopped + 1))
  stop_app "$app"
done
owned keycloak && stopped=$((stopped + 1))
stop_keycloak
owned pebble && stopped=$((stopped + 1))
stop_pebble
owned challtestsrv && stopped=$((stopped + 1))
stop_challtestsrv
for part in redis-sentinel-1 redis-sentinel-2 redis-sentinel-3 redis-replica; do
  owned "$part" && stopped=$((stopped + 1))
done
stop_redis_sentinel
owned redis && stopped=$((stopped + 1))
stop_redis
owned postgres && stopped=$((stopped + 1))
stop_postgres
ok "stopped $stopped process(es); servers that up.sh reused were left running"
