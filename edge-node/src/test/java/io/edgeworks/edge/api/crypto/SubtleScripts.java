package io.edgeworks.edge.api.crypto;

import java.util.Base64;
import java.util.HexFormat;

/** Helpers the crypto.subtle tests share: a JavaScript preamble and byte encodings for embedding Java-made data. */
final class SubtleScripts {
    /** Defines s (crypto.subtle), enc, hex(buffer), unhex(string), b64u(bytes) and errorName(promise) in a test body. */
    static final String PREAMBLE = """
            const s = crypto.subtle, enc = new TextEncoder();
            const hex = (b) => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
            const unhex = (h) => new Uint8Array(h.match(/../g) ? h.match(/../g).map(x => parseInt(x, 16)) : []);
            const errorName = (p) => p.then(() => 'resolved', e => e.name);
            """;

    private SubtleScripts() {
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static String b64u(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** An unsigned big-endian integer for a JWK (no leading zero byte). */
    static String b64u(java.math.BigInteger value) {
        byte[] raw = value.toByteArray();
        int skip = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        return b64u(java.util.Arrays.copyOfRange(raw, skip, raw.length));
    }
}
