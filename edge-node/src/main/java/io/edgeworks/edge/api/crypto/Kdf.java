package io.edgeworks.edge.api.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) and PBKDF2 (RFC 8018) over HMAC-SHA-1/256/384/512 for crypto.subtle deriveBits. Both
 * are written over {@link Mac} because the JDK's PBKDF2 takes the password as chars, not arbitrary bytes.
 */
final class Kdf {
    /** PBKDF2 iterations above this are refused, as workerd does: they hold the host thread outside the request's CPU limit. */
    static final int MAX_PBKDF2_ITERATIONS = 100_000;
    /** Blocks × iterations one PBKDF2 call may compute (16 hash-sized blocks at the most iterations). */
    static final long MAX_PBKDF2_WORK = 16L * MAX_PBKDF2_ITERATIONS;

    private Kdf() {
    }

    static byte[] hkdf(String hash, byte[] ikm, byte[] salt, byte[] info, int bits) {
        Mac mac = mac(hash);
        int hashLength = mac.getMacLength();
        if (bits % 8 != 0) {
            throw CryptoFailure.operation("HKDF derives whole bytes: length must be a multiple of 8");
        }
        int length = bits / 8;
        if (length > 255 * hashLength) {
            throw CryptoFailure.operation("HKDF-" + hash + " derives at most " + 255 * hashLength * 8 + " bits");
        }
        byte[] prk = hmac(mac, salt.length == 0 ? new byte[hashLength] : salt, ikm);
        init(mac, prk);
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        for (int i = 1, at = 0; at < length; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - at);
            System.arraycopy(t, 0, out, at, n);
            at += n;
        }
        return out;
    }

    static byte[] pbkdf2(String hash, byte[] password, byte[] salt, int iterations, int bits) {
        if (iterations < 1) {
            throw CryptoFailure.operation("PBKDF2 needs at least one iteration");
        }
        if (iterations > MAX_PBKDF2_ITERATIONS) {
            throw new CryptoFailure("NotSupportedError", "PBKDF2 with more than " + MAX_PBKDF2_ITERATIONS + " iterations is not supported");
        }
        if (bits % 8 != 0) {
            throw CryptoFailure.operation("PBKDF2 derives whole bytes: length must be a multiple of 8");
        }
        int length = bits / 8;
        Mac mac = mac(hash);
        long blocks = (length + mac.getMacLength() - 1L) / mac.getMacLength();
        if (blocks * iterations > MAX_PBKDF2_WORK) {
            throw new CryptoFailure("NotSupportedError", "PBKDF2 with " + iterations + " iterations derives at most "
                    + MAX_PBKDF2_WORK / iterations * mac.getMacLength() * 8 + " bits");
        }
        init(mac, password.length == 0 ? null : password);
        byte[] out = new byte[length];
        for (int block = 1, at = 0; at < length; block++) {
            mac.update(salt);
            mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
            byte[] u = mac.doFinal();
            byte[] f = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < f.length; j++) {
                    f[j] ^= u[j];
                }
            }
            int n = Math.min(f.length, length - at);
            System.arraycopy(f, 0, out, at, n);
            at += n;
        }
        return out;
    }

    private static Mac mac(String hash) {
        try {
            return Mac.getInstance("Hmac" + hash.replace("-", ""));
        } catch (GeneralSecurityException e) {
            throw new CryptoFailure("NotSupportedError", "unsupported hash " + hash);
        }
    }

    private static byte[] hmac(Mac mac, byte[] key, byte[] data) {
        init(mac, key);
        return mac.doFinal(data);
    }

    /** Initialises with {@code key}; null or empty stands for the empty key, which SecretKeySpec refuses. */
    private static void init(Mac mac, byte[] key) {
        try {
            mac.init(key == null || key.length == 0 ? new RawSecret(mac.getAlgorithm(), new byte[0]) : new SecretKeySpec(key, mac.getAlgorithm()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC init failed", e);
        }
    }
}
