package io.edgeworks.bundle;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;

/** Signs bundles for edge nodes: canonical encoding, then Ed25519 over exactly those bytes. Thread-safe. */
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
        byte[] payload = BundleCodec.encode(bundle);
        try {
            Signature signature = Signature.getInstance(Ed25519Keys.ALGORITHM);
            signature.initSign(key);
            signature.update(payload);
            return new SignedBundle(keyId, payload, signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign bundle with key " + keyId + ": " + e.getMessage(), e);
        }
    }
}
