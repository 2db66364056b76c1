package io.edgeworks.api.publish;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.SealedSecret;
import io.edgeworks.bundle.SecretSealer;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Seals secret values for edge nodes with the bundle secret key. The result opens with
 * {@link SecretSealer#open} under the same key and the associated data {@link #aad} ({@link io.edgeworks.bundle.SecretContext#bundle}):
 * {@code "<account>/<service>/<environment>:<version number>:<NAME>"}, e.g. {@code "acme/hello/production:3:API_KEY"}.
 *
 * <p>Unlike {@link SecretSealer#seal}, the nonce is synthetic (first 12 bytes of HMAC-SHA256 over the
 * associated data and the plaintext, under a key derived from the bundle key), so sealing the same
 * value for the same place twice gives the same bytes. That keeps bundles content-addressed: a
 * republication that changes nothing produces the same digest, and edge nodes see no change.
 * Distinct (aad, plaintext) pairs get distinct nonces, so no nonce is reused with different data.
 */
final class BundleSecrets {
    private final SecretKeySpec aesKey;
    private final SecretKeySpec nonceKey;

    BundleSecrets(byte[] key) {
        if (key.length != SecretSealer.KEY_BYTES) {
            throw new IllegalArgumentException("bundle secret key must be " + SecretSealer.KEY_BYTES + " bytes");
        }
        aesKey = new SecretKeySpec(key.clone(), "AES");
        nonceKey = new SecretKeySpec(hmac(new SecretKeySpec(key, "HmacSHA256"),
                "edgeworks bundle secret nonce".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    }

    /** The associated data binding a sealed secret to its environment, version and name. */
    static String aad(EnvironmentRef environment, int versionNumber, String name) {
        return io.edgeworks.bundle.SecretContext.bundle(environment, versionNumber, name);
    }

    SealedSecret seal(String plaintext, String aad) {
        byte[] aadBytes = aad.getBytes(StandardCharsets.UTF_8);
        byte[] text = plaintext.getBytes(StandardCharsets.UTF_8);
        byte[] material = new byte[aadBytes.length + 1 + text.length];
        System.arraycopy(aadBytes, 0, material, 0, aadBytes.length);
        System.arraycopy(text, 0, material, aadBytes.length + 1, text.length);
        byte[] nonce = Arrays.copyOf(hmac(nonceKey, material), SecretSealer.NONCE_BYTES);
        Arrays.fill(material, (byte) 0);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(SecretSealer.TAG_BITS, nonce));
            cipher.updateAAD(aadBytes);
            byte[] ciphertext = cipher.doFinal(text);
            Base64.Encoder b64 = Base64.getEncoder();
            return new SealedSecret(b64.encodeToString(nonce), b64.encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
