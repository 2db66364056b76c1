package io.edgeworks.edge.api.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;

/**
 * Host half of the Web Crypto API (crypto.js): secure random bytes and digests. Bytes cross the
 * boundary as binary strings (one char per byte).
 */
public final class CryptoHost {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> DIGESTS = Map.of("SHA-1", "SHA-1", "SHA-256", "SHA-256",
            "SHA-384", "SHA-384", "SHA-512", "SHA-512", "MD5", "MD5");

    private CryptoHost() {
    }

    public static String randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public static String randomUUID() {
        return UUID.randomUUID().toString();
    }

    /** Digest of the binary string, as a binary string; null for an unsupported algorithm. */
    public static String digest(String algorithm, String data) {
        String name = DIGESTS.get(algorithm);
        if (name == null) {
            return null;
        }
        try {
            byte[] out = MessageDigest.getInstance(name).digest(data.getBytes(StandardCharsets.ISO_8859_1));
            return new String(out, StandardCharsets.ISO_8859_1);
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }
}
