package io.edgeworks.api.security;

import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.bundle.SealedSecret;
import io.edgeworks.bundle.SecretSealer;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Secret values at rest: {@link SecretSealer} (AES-256-GCM, random nonce) under {@code platform.secrets.key},
 * with the secret's NAME as associated data. The name (not the environment) is bound so that clone, promote
 * and rename can copy sealed values between environments unchanged. This is the form stored in
 * {@code versions.secrets}: {@code {"NAME": {"nonce": b64, "ciphertext": b64}}}; publication opens values
 * with {@link #open(String, SealedSecret)} and re-seals them for bundles. Plaintexts are never logged.
 */
@ApplicationScoped
public class SecretVault {
    private final SecretSealer sealer;
    private final SecretKeySpec fingerprintKey;

    public SecretVault(PlatformConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.secrets().key().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("platform.secrets.key (EDGEWORKS_SECRETS_KEY) must be base64 of 32 bytes", e);
        }
        if (raw.length != SecretSealer.KEY_BYTES) {
            throw new IllegalStateException("platform.secrets.key (EDGEWORKS_SECRETS_KEY) must be base64 of 32 bytes, got "
                    + raw.length + " bytes");
        }
        this.sealer = new SecretSealer(raw);
        this.fingerprintKey = new SecretKeySpec(derive(raw), "HmacSHA256");
        Arrays.fill(raw, (byte) 0);
    }

    /** Encrypts the value of secret {@code name}. */
    public SealedSecret seal(String name, String plaintext) {
        return sealer.seal(plaintext, name);
    }

    /** Decrypts the stored value of secret {@code name}. */
    public String open(String name, SealedSecret sealed) {
        return sealer.open(sealed, name);
    }

    /**
     * A keyed fingerprint of a secret (HMAC-SHA256 under a key derived from the secrets key), so content
     * digests change exactly when a value changes without exposing a plain hash of it.
     */
    public String fingerprint(String name, SealedSecret sealed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(fingerprintKey);
            mac.update((name + "\0").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(open(name, sealed).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint a secret", e);
        }
    }

    private static byte[] derive(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal("edgeworks secret fingerprint key".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
