package io.edgeworks.edge.api.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

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

    /** The host functions crypto.js calls: random values, digests, HMAC, ECDSA and the rest of crypto.subtle. */
    public static Map<String, ProxyExecutable> functions() {
        return Map.of(
                "randomBytes", a -> randomBytes(a[0].asInt()),
                "randomUUID", a -> randomUUID(),
                "hmac", a -> hmac(a[0].asString(), a[1].asString(), a[2].asString()),
                "digest", a -> digest(a[0].asString(), a[1].asString()),
                "ecdsa", a -> {
                    String[] args = new String[a.length - 1];
                    for (int i = 1; i < a.length; i++) {
                        args[i - 1] = a[i].isNull() ? null : a[i].asString();
                    }
                    return ProxyArray.fromArray(Ecdsa.call(a[0].asString(), args));
                },
                "subtle", a -> {
                    Object[] args = new Object[a.length - 1];
                    for (int i = 1; i < a.length; i++) {
                        args[i - 1] = hostValue(a[i]);
                    }
                    return ProxyArray.fromArray(SubtleHost.call(a[0].asString(), args));
                });
    }

    /** A prelude argument as a plain host value: null, String, Integer/Double, Boolean or the host's own proxy. */
    private static Object hostValue(Value v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isString()) {
            return v.asString();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.fitsInInt() ? (Object) v.asInt() : (Object) v.asDouble();
        }
        if (v.isProxyObject()) {
            return v.asProxyObject();
        }
        throw new IllegalArgumentException("unexpected host argument " + v);
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
