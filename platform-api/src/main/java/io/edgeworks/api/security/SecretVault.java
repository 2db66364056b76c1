package io.edgeworks.api.security;

import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.bundle.SealedSecret;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Encrypts secret values at rest: AES-256-GCM, a random 96-bit nonce per value, 128-bit tag appended to the
 * ciphertext, both base64 in a {@link SealedSecret} (the form stored in {@code versions.secrets}). The key
 * is {@code platform.secrets.key}. Plaintexts are never logged.
 */
@ApplicationScoped
public class SecretVault {
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int TAG_BITS = 128;
    private static final int NONCE_BYTES = 12;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretVault(PlatformConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.secrets().key().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("platform.secrets.key (EDGEWORKS_SECRETS_KEY) must be base64", e);
        }
        if (raw.length != 32) {
            throw new IllegalStateException("platform.secrets.key (EDGEWORKS_SECRETS_KEY) must be 32 bytes in base64, got "
                    + raw.length + " bytes");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public SealedSecret seal(String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            return new SealedSecret(b64.encodeToString(nonce), b64.encodeToString(sealed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    public String open(SealedSecret sealed) {
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, b64.decode(sealed.nonce())));
            return new String(cipher.doFinal(b64.decode(sealed.ciphertext())), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decrypt a stored secret (wrong platform.secrets.key?)", e);
        }
    }

    /**
     * A keyed fingerprint of a secret (HMAC-SHA256 under a key derived from the secrets key), so content
     * digests change exactly when a value changes without exposing a plain hash of it.
     */
    public String fingerprint(String name, SealedSecret sealed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            mac.update(("edgeworks-secret-fingerprint\0" + name + "\0").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(open(sealed).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint a secret", e);
        }
    }
}
