#!/usr/bin/env bash
# What the edge benchmark scripts share (bench-edge.sh, bench-pair.sh): a platform-api token of the benchmark user, and
# the wrk scripts of the scenarios. The caller sets `keycloak` (Keycloak's base URL) before calling bench_token.

# bench_token — an access token of BENCH_USER (alice), for platform-api's REST API
bench_token() {
  curl -fsS -d grant_type=password -d client_id=platform-cli -d username="${BENCH_USER:-alice}" \
    -d password="${BENCH_PASSWORD:-alice}" "$keycloak/realms/platform/protocol/openid-connect/token" \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}

# bench_wrk_scripts WORK SCENARIOS — writes the scenarios' wrk scripts into WORK (json.lua POSTs SCENARIOS/payload.json,
# auth.lua sends the token the gateway's auth worker checks) and sets the global map `script`: scenario → its wrk
# script ("" for a plain GET)
bench_wrk_scripts() {
  cat >"$1/json.lua" <<LUA
local f = assert(io.open("$2/payload.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
LUA
  echo 'wrk.headers["x-custom-token"] = "s3cr3t-bench-token"' >"$1/auth.lua"
  declare -gA script=([hello]="" [gateway]="$1/auth.lua" [rpc]="$1/auth.lua" [canary]="" [json]="$1/json.lua")
}
