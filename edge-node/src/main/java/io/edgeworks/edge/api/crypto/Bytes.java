package io.edgeworks.edge.api.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Bytes cross the host boundary as binary strings (one char per byte); conversions and JWK integers. */
final class Bytes {
    private Bytes() {
    }

    static byte[] of(String binary) {
        return binary == null ? null : binary.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String binary(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** An unsigned big-endian integer without leading zero bytes (JWK's Base64urlUInt). */
    static String unsigned(BigInteger value) {
        byte[] raw = value.toByteArray();
        int skip = 0;
        while (skip < raw.length - 1 && raw[skip] == 0) {
            skip++;
        }
        return new String(raw, skip, raw.length - skip, StandardCharsets.ISO_8859_1);
    }

    static BigInteger integer(String binary, String what) {
        if (binary == null || binary.isEmpty()) {
            throw CryptoFailure.data(what + " is missing or empty");
        }
        return new BigInteger(1, of(binary));
    }
}
