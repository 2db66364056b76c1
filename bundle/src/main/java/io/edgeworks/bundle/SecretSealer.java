package io.edgeworks.bundle;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Encrypts secret values with AES-256-GCM: a 32-byte key, a random 12-byte nonce per value and a
 * 128-bit tag. The associated data binds a sealed value to where it belongs (for example
 * {@code account/service/environment/NAME}), so a ciphertext moved elsewhere fails to open. Used for
 * secrets at rest in PostgreSQL and for secrets inside bundles. Thread-safe. Error messages never
 * contain plaintext or key material.
 */
public final class SecretSealer {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretSealer(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "secret key must be " + KEY_BYTES + " bytes (AES-256), got " + key.length + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** Reads a base64 key (for example the content of {@code secret-key.b64}); surrounding whitespace is ignored. */
    public static SecretSealer fromBase64(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException("secret key is empty: expected base64 of " + KEY_BYTES + " random bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secret key is not valid base64: " + e.getMessage(), e);
        }
        try {
            return new SecretSealer(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    public SealedSecret seal(String plaintext, String aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, aad);
            byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            return new SealedSecret(b64.encodeToString(nonce), b64.encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    public String open(SealedSecret sealed, String aad) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(aad, "aad");
        byte[] nonce = decode(sealed.nonce(), "nonce");
        byte[] ciphertext = decode(sealed.ciphertext(), "ciphertext");
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException(
                    "sealed secret nonce must be " + NONCE_BYTES + " bytes, got " + nonce.length + " bytes");
        }
        if (ciphertext.length < TAG_BITS / 8) {
            throw new IllegalArgumentException("sealed secret ciphertext is too short to hold the authentication tag");
        }
        try {
            byte[] plaintext = cipher(Cipher.DECRYPT_MODE, nonce, aad).doFinal(ciphertext);
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            // no cause attached: nothing about the data should leak into logs
            throw new IllegalArgumentException(
                    "sealed secret could not be opened: wrong key, wrong associated data, or tampered ciphertext");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sealed secret could not be opened: " + e.getClass().getSimpleName());
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static byte[] decode(String base64, String field) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed secret " + field + " is not valid base64");
        }
    }
}
