#!/usr/bin/env bash
# Development keys in $EDGEWORKS_KEYS, generated once:
#   signing-key.pk8.b64 / signing-key.pub.b64 / signing-key.id  Ed25519 bundle signing key pair (KeyTool)
#   secret-key.b64                                              AES-256 key sealing secrets inside bundles (KeyTool)
#   secrets-at-rest.b64                                         AES-256 key for secrets in PostgreSQL
#   dev-ca.pem / dev-ca.key                                     development CA (EC P-256) from which the edge
#                                                               issues *.<account>.<base domain> certificates
# and the environment variables that hand them to the apps. Needs common.sh and java.sh.

BUNDLE_JAR=$EDGEWORKS_ROOT/bundle/target/bundle-0.1.0-SNAPSHOT.jar

ensure_keys() {
  step "Signing and encryption keys in $EDGEWORKS_KEYS"
  local log=$EDGEWORKS_LOGS/keytool.log f
  CURRENT_LOG=$log
  if [ ! -s "$EDGEWORKS_KEYS/signing-key.pk8.b64" ]; then
    [ -f "$BUNDLE_JAR" ] || fail "$BUNDLE_JAR is missing" "build it: ./mvnw -B -DskipTests -pl bundle package"
    info "generating a development key pair with io.edgeworks.bundle.KeyTool"
    java -cp "$BUNDLE_JAR" io.edgeworks.bundle.KeyTool generate "$EDGEWORKS_KEYS" >"$log" 2>&1 \
      || fail "KeyTool could not generate the keys" "see the log; rebuild the bundle module (./mvnw -B -DskipTests -pl bundle package)"
  fi
  if [ ! -s "$EDGEWORKS_KEYS/secrets-at-rest.b64" ]; then
    info "generating the at-rest secrets key"
    (umask 077 && head -c32 /dev/urandom | base64 -w0 >"$EDGEWORKS_KEYS/secrets-at-rest.b64")
  fi
  if [ ! -s "$EDGEWORKS_KEYS/dev-ca.pem" ] || [ ! -s "$EDGEWORKS_KEYS/dev-ca.key" ]; then
    need_tool openssl openssl
    info "generating the development CA (trust $EDGEWORKS_KEYS/dev-ca.pem to use https://<service>.<account>.$EDGEWORKS_BASE_DOMAIN:$EDGE_NODE_TLS_PORT)"
    (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
      -subj "/CN=Edgeworks Development CA" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout "$EDGEWORKS_KEYS/dev-ca.key" -out "$EDGEWORKS_KEYS/dev-ca.pem") >>"$log" 2>&1 \
      || fail "openssl could not generate the development CA" "see the log"
  fi
  for f in signing-key.pk8.b64 signing-key.pub.b64 signing-key.id secret-key.b64 secrets-at-rest.b64 dev-ca.pem dev-ca.key; do
    [ -s "$EDGEWORKS_KEYS/$f" ] || fail "$EDGEWORKS_KEYS/$f is missing or empty" \
      "remove $EDGEWORKS_KEYS and rerun to generate a complete set"
  done
  chmod 600 "$EDGEWORKS_KEYS"/*
  export_key_env
  ok "keys ready (signing key id $EDGEWORKS_SIGNING_KEY_ID)"
}

# export_key_env: the keys as the environment variables the apps read (deploy/README.md).
export_key_env() {
  local k=$EDGEWORKS_KEYS
  EDGEWORKS_SIGNING_PRIVATE_KEY=$(tr -d '\n' <"$k/signing-key.pk8.b64")
  EDGEWORKS_SIGNING_KEY_ID=$(tr -d '\n' <"$k/signing-key.id")
  EDGEWORKS_BUNDLE_SECRET_KEY=$(tr -d '\n' <"$k/secret-key.b64")
  EDGEWORKS_SECRETS_KEY=$(tr -d '\n' <"$k/secrets-at-rest.b64")
  EDGEWORKS_SIGNING_PUBLIC_KEYS="$EDGEWORKS_SIGNING_KEY_ID=$(tr -d '\n' <"$k/signing-key.pub.b64")"
}
