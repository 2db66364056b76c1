package io.edgeworks.edge.sync;

import io.edgeworks.bundle.Ed25519Keys;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the trusted signing keys setting: {@code keyid=base64-public-key,keyid2=…}. */
public final class TrustedKeys {
    private TrustedKeys() {
    }

    public static Map<String, PublicKey> parse(String setting) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        if (setting == null || setting.isBlank()) {
            return keys;
        }
        for (String entry : setting.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new IllegalArgumentException("signing key entry '" + trimmed + "' is not keyid=base64-public-key");
            }
            String id = trimmed.substring(0, eq).trim();
            try {
                keys.put(id, Ed25519Keys.publicKeyFromBase64(trimmed.substring(eq + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("signing key '" + id + "': " + e.getMessage(), e);
            }
        }
        return keys;
    }
}
