package io.edgeworks.bundle;

import java.util.Objects;

/**
 * A secret value encrypted for edge nodes (AES-256-GCM with the bundle secret key, see
 * {@link SecretSealer}). Both fields are base64. The plaintext never appears in a bundle.
 */
public record SealedSecret(String nonce, String ciphertext) {
    public SealedSecret {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }
}
