package io.edgeworks.bundle;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * Signs bundles and account manifests for edge nodes: canonical encoding, then Ed25519 over exactly those
 * bytes, in the same envelope ({@link SignedBundle}). Ed25519 is deterministic, so signing the same
 * content twice gives the same envelope. Thread-safe.
 */
public final class BundleSigner {
    private final String keyId;
    private final PrivateKey key;

    public BundleSigner(String keyId, PrivateKey ed25519) {
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("keyId must not be blank");
        }
        Ed25519Keys.requireEd25519(ed25519, "signing key");
        this.keyId = keyId;
        this.key = ed25519;
    }

    public String keyId() {
        return keyId;
    }

    public SignedBundle sign(Bundle bundle) {
        return signPayload(BundleCodec.encode(bundle));
    }

    /** Signs an account manifest ({@link ManifestCodec}); the envelope's digest identifies the manifest. */
    public SignedBundle sign(AccountManifest manifest) {
        return signPayload(ManifestCodec.encode(manifest));
    }

    private SignedBundle signPayload(byte[] payload) {
        return new SignedBundle(keyId, payload, Ed25519Signatures.sign(key, payload));
    }
}
