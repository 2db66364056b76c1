package io.edgeworks.api.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The account API token format: {@code ewt_<lookup id>_<secret>}, both parts base62 from {@link SecureRandom}:
 * a 16-character lookup id (not secret; indexed, so authentication finds the row with one lookup) and a
 * 43-character secret (256 bits). The prefix makes leaked tokens recognisable to secret scanners and lets
 * authentication tell them from JWTs without parsing. At rest only {@link #hash} of the whole token is stored:
 * SHA-256 suffices for a 256-bit random secret (no dictionary to attack, so no slow hash), and {@link #matches}
 * compares in constant time.
 */
record ApiTokenSecret(String token, String lookupId) {
    public static final String PREFIX = "ewt_";
    static final int LOOKUP_CHARS = 16;
    static final int SECRET_CHARS = 43;

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern FORMAT = Pattern.compile(
            "ewt_([0-9A-Za-z]{" + LOOKUP_CHARS + "})_[0-9A-Za-z]{" + SECRET_CHARS + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new random token. */
    static ApiTokenSecret generate() {
        String lookup = random(LOOKUP_CHARS);
        return new ApiTokenSecret(PREFIX + lookup + "_" + random(SECRET_CHARS), lookup);
    }

    /** Whether a bearer credential is meant as an API token (then no other mechanism should try it). */
    static boolean looksLikeToken(String credential) {
        return credential != null && credential.startsWith(PREFIX);
    }

    /** The lookup id of a well-formed token; empty when the token is malformed. */
    static Optional<String> lookupIdOf(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(token);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    byte[] hash() {
        return hash(token);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Constant-time comparison of the presented token's hash with the stored one. */
    static boolean matches(String presented, byte[] storedHash) {
        return storedHash != null && MessageDigest.isEqual(hash(presented), storedHash);
    }

    private static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "ApiTokenSecret[lookupId=" + lookupId + "]";
    }
}
