#!/usr/bin/env bash
# Creates the Secrets the manifests in deploy/k8s reference, with values generated here (openssl), never
# committed, then applies an overlay. Idempotent: a Secret that already exists is kept as it is (the
# databases keep the passwords they were initialised with), so running it again only adds what is missing.
#
#   deploy/k8s/install.sh                        missing Secrets in namespace edgeworks, then
#                                                kubectl apply -k deploy/k8s/overlays/development
#   deploy/k8s/install.sh --overlay production   the same with the production overlay (its databases come from
#                                                operators: deploy/k8s/README.md, "Production")
#   deploy/k8s/install.sh --secrets              only the Secrets
#   deploy/k8s/install.sh --print                print every Secret as YAML with fresh values, touch nothing (no kubectl)
#
# Needs: openssl, base64, sha256sum; kubectl except with --print. Environment: EDGEWORKS_NAMESPACE (edgeworks).
set -euo pipefail

NAMESPACE=${EDGEWORKS_NAMESPACE:-edgeworks}
HERE=$(cd "$(dirname "$0")" && pwd)
MODE=apply
OVERLAY=development
usage() { echo "usage: $0 [--overlay development|production] [--secrets|--print]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --secrets) MODE=secrets ;;
    --print) MODE=print ;;
    --overlay) [ $# -ge 2 ] || usage; OVERLAY=$2; shift ;;
    *) usage ;;
  esac
  shift
done
[ -f "$HERE/overlays/$OVERLAY/kustomization.yaml" ] || { echo "install.sh: no overlay '$OVERLAY' (deploy/k8s/overlays/)" >&2; exit 2; }

for tool in openssl base64 sha256sum; do
  command -v "$tool" >/dev/null || { echo "install.sh: $tool is required" >&2; exit 1; }
done
if [ "$MODE" != print ]; then
  command -v kubectl >/dev/null || { echo "install.sh: kubectl is required (or use --print)" >&2; exit 1; }
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
chmod 700 "$WORK"

# a random password: hex, so it is safe in URLs, ACL files and connection strings
password() { openssl rand -hex 24; }

# one Secret as YAML: secret_yaml <name> <key>=<file with the value>...
secret_yaml() {
  local name=$1 pair key file
  shift
  printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: %s\n  labels:\n    app.kubernetes.io/part-of: edgeworks\ntype: Opaque\ndata:\n' "$name" "$NAMESPACE"
  for pair in "$@"; do
    key=${pair%%=*}
    file=${pair#*=}
    printf '  %s: %s\n' "$key" "$(base64 -w0 <"$file")"
  done
}

# emit <name> <key>=<file>...: print it, or create it unless it exists
emit() {
  local name=$1
  if [ "$MODE" = print ]; then
    echo "---"
    secret_yaml "$@"
  elif kubectl -n "$NAMESPACE" get secret "$name" >/dev/null 2>&1; then
    echo "secret $name exists: kept" >&2
  else
    secret_yaml "$@" | kubectl apply -f - >&2
    echo "secret $name created" >&2
  fi
}

value() { printf '%s' "$2" >"$WORK/$1"; echo "$WORK/$1"; }

# Bundle signing (Ed25519): PKCS#8 private key for platform-api, X.509 public key for the edge nodes; key id as
# io.edgeworks.bundle.Ed25519Keys.keyId (first 16 hex digits of SHA-256 over the X.509 encoding).
openssl genpkey -algorithm ed25519 -out "$WORK/signing.pem" 2>/dev/null
openssl pkey -in "$WORK/signing.pem" -outform DER -out "$WORK/signing.pk8"
openssl pkey -in "$WORK/signing.pem" -pubout -outform DER -out "$WORK/signing.pub"
KEY_ID=$(sha256sum "$WORK/signing.pub" | cut -c1-16)
SIGNING_KEY=$(value signing-key "$(base64 -w0 <"$WORK/signing.pk8")")
SIGNING_KEY_ID=$(value signing-key-id "$KEY_ID")
PUBLIC_KEYS=$(value public-keys "$KEY_ID=$(base64 -w0 <"$WORK/signing.pub")")
BUNDLE_SECRET=$(value bundle-secret "$(openssl rand -base64 32)")
SECRETS_KEY=$(value secrets-key "$(openssl rand -base64 32)")

DB_PASSWORD=$(value db-password "$(password)")
KC_DB_PASSWORD=$(value kc-db-password "$(password)")
KC_ADMIN_PASSWORD=$(value kc-admin-password "$(password)")
ADMIN_SECRET=$(value admin-secret "$(password)")
CSRF_KEY=$(value csrf-key "$(openssl rand -hex 32)")

# Redis ACL users: the default user is off; each app has its own user and password; 'healthcheck' may only PING
REDIS_API_PASSWORD=$(password)
REDIS_EDGE_PASSWORD=$(password)
{
  echo "user default off"
  echo "user healthcheck on nopass -@all +ping"
  echo "user platform-api on >$REDIS_API_PASSWORD ~* &* +@all -@dangerous +info"
  echo "user edge-node on >$REDIS_EDGE_PASSWORD ~* &* +@all -@dangerous"
} >"$WORK/users.acl"

if [ "$MODE" != print ]; then
  kubectl apply -f "$HERE/base/namespace.yaml" >&2
fi

if [ "$MODE" != print ] && kubectl -n "$NAMESPACE" get secret platform-api-keys >/dev/null 2>&1 \
  && ! kubectl -n "$NAMESPACE" get secret edge-node-keys >/dev/null 2>&1; then
  echo "install.sh: secret platform-api-keys exists but edge-node-keys does not: they must hold one key pair;" \
    "delete platform-api-keys too (a key rotation, see deploy/README.md) and run again" >&2
  exit 1
fi
emit platform-api-keys EDGEWORKS_SIGNING_PRIVATE_KEY="$SIGNING_KEY" EDGEWORKS_SIGNING_KEY_ID="$SIGNING_KEY_ID" \
  EDGEWORKS_BUNDLE_SECRET_KEY="$BUNDLE_SECRET" EDGEWORKS_SECRETS_KEY="$SECRETS_KEY"
# Created together with platform-api-keys: the public half of the same key pair and the same bundle secret key.
# When platform-api-keys already exists, this is kept too; delete both to rotate (see deploy/README.md).
emit edge-node-keys EDGEWORKS_SIGNING_PUBLIC_KEYS="$PUBLIC_KEYS" EDGEWORKS_BUNDLE_SECRET_KEY="$BUNDLE_SECRET"
emit postgres-credentials PLATFORM_DB_PASSWORD="$DB_PASSWORD"
emit keycloak-db-credentials KC_DB_PASSWORD="$KC_DB_PASSWORD"
emit keycloak-credentials KC_BOOTSTRAP_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD"
emit tenant-admin-credentials ADMIN_OIDC_SECRET="$ADMIN_SECRET" ADMIN_CSRF_KEY="$CSRF_KEY"
emit redis-acl users.acl="$WORK/users.acl"
emit platform-api-redis PLATFORM_REDIS_PASSWORD="$(value api-redis "$REDIS_API_PASSWORD")"
emit edge-node-redis EDGE_REDIS_PASSWORD="$(value edge-redis "$REDIS_EDGE_PASSWORD")"

if [ "$MODE" = apply ]; then
  kubectl apply -k "$HERE/overlays/$OVERLAY" >&2
fi
