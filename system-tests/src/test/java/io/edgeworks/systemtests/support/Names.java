package io.edgeworks.systemtests.support;

import java.security.SecureRandom;

/** Unique names per run, so that ITs never collide with each other, earlier runs or other users of the stack. */
public final class Names {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Names() {
    }

    /** An account slug such as {@code it-flow-k3x9q2m1}: a valid DNS label, unique per call. */
    public static String account(String purpose) {
        return "it-" + purpose + "-" + random(8);
    }

    public static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
