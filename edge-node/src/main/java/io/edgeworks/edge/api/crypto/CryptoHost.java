package io.edgeworks.edge.api.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;

/**
 * Host half of the Web Crypto API (crypto.js): secure random bytes, digests and HMAC. Bytes cross the
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

    /** HMAC of {@code data} under {@code key} (binary strings) with SHA-1/256/384/512; null for another hash. */
    public static String hmac(String hash, String key, String data) {
        String name = switch (hash) {
            case "SHA-1" -> "HmacSHA1";
            case "SHA-256" -> "HmacSHA256";
            case "SHA-384" -> "HmacSHA384";
            case "SHA-512" -> "HmacSHA512";
            default -> null;
        };
        if (name == null) {
            return null;
        }
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance(name);
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.ISO_8859_1), name));
            return new String(mac.doFinal(data.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC " + hash + " failed", e);
        }
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
