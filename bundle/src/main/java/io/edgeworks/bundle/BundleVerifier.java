package io.edgeworks.bundle;

import io.edgeworks.bundle.BundleVerificationException.Reason;

import java.security.PublicKey;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks signed bundles (and account manifests, {@link #verifyManifest}) against a set of trusted Ed25519 public keys (key id to key), then decodes them.
 * Order of checks: envelope well formed, key id trusted, signature valid, payload a valid bundle; the
 * payload is never parsed before its signature has been checked. Thread-safe.
 */
public final class BundleVerifier {
    private final Map<String, PublicKey> keys;
    private final Map<String, Ed25519Signatures.Verifier> verifiers;

    public BundleVerifier(Map<String, PublicKey> trustedKeys) {
        if (trustedKeys == null || trustedKeys.isEmpty()) {
            throw new IllegalArgumentException("a bundle verifier needs at least one trusted public key");
        }
        trustedKeys.forEach((id, key) -> {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("trusted key ids must not be blank");
            }
            Ed25519Keys.requireEd25519(key, "trusted key " + id);
        });
        this.keys = Map.copyOf(trustedKeys);
        Map<String, Ed25519Signatures.Verifier> verifiers = new java.util.HashMap<>();
        keys.forEach((id, key) -> verifiers.put(id, new Ed25519Signatures.Verifier(key)));
        this.verifiers = Map.copyOf(verifiers);
    }

    /** Parses the envelope bytes, then {@link #verify(SignedBundle)}. */
    public Bundle verify(byte[] envelope) {
        return verify(SignedBundle.fromBytes(envelope));
    }

    public Bundle verify(SignedBundle signed) {
        checkSignature(signed, "bundle");
        try {
            return BundleCodec.decode(signed.payload());
        } catch (BundleFormatException e) {
            throw new BundleVerificationException(e.unsupportedFormat() ? Reason.UNSUPPORTED_FORMAT : Reason.MALFORMED,
                    "bundle " + signed.digest() + ": " + e.getMessage(), e);
        }
    }

    /** Parses the envelope bytes, checks the signature like {@link #verify(SignedBundle)}, then decodes an account manifest. */
    public AccountManifest verifyManifest(byte[] envelope) {
        return verifyManifest(SignedBundle.fromBytes(envelope));
    }

    public AccountManifest verifyManifest(SignedBundle signed) {
        checkSignature(signed, "manifest");
        try {
            return ManifestCodec.decode(signed.payload());
        } catch (BundleFormatException e) {
            throw new BundleVerificationException(e.unsupportedFormat() ? Reason.UNSUPPORTED_FORMAT : Reason.MALFORMED,
                    "manifest " + signed.digest() + ": " + e.getMessage(), e);
        }
    }

    private void checkSignature(SignedBundle signed, String what) {
        if (signed == null) {
            throw new BundleVerificationException(Reason.MALFORMED, "no signed " + what + " given");
        }
        PublicKey key = keys.get(signed.keyId());
        if (key == null) {
            throw new BundleVerificationException(Reason.UNKNOWN_KEY,
                    what + " " + signed.digest() + " is signed with key id '" + signed.keyId()
                            + "', which is not trusted here (trusted: " + new TreeMap<>(keys).keySet() + ")");
        }
        if (!verifiers.get(signed.keyId()).verify(signed.payload(), signed.signature())) {
            throw new BundleVerificationException(Reason.BAD_SIGNATURE,
                    what + " " + signed.digest() + ": signature does not match the payload under key " + signed.keyId());
        }
    }

}
