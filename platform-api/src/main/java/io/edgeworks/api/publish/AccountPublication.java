package io.edgeworks.api.publish;

import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.Digests;
import io.edgeworks.bundle.ManifestCodec;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What Redis must hold for one account: its signed manifest ({@link io.edgeworks.bundle.RedisLayout#MANIFESTS})
 * and the bundle envelopes the manifest's digests address. {@code manifest} and {@code envelope} are null when
 * the account has nothing to serve (deleted, or nothing deployed): then its manifest is removed.
 */
record AccountPublication(String slug, AccountManifest manifest, byte[] envelope, Map<String, byte[]> bundles) {

    AccountPublication {
        Objects.requireNonNull(slug, "slug");
        if ((manifest == null) != (envelope == null)) {
            throw new IllegalArgumentException("a manifest and its envelope come together");
        }
        bundles = Collections.unmodifiableMap(new TreeMap<>(bundles));
        if (manifest != null) {
            for (String digest : manifest.environments().values()) {
                if (!bundles.containsKey(digest)) {
                    throw new IllegalArgumentException("manifest of " + slug + " references bundle " + digest + " without its envelope");
                }
            }
        }
    }

    static AccountPublication none(String slug) {
        return new AccountPublication(slug, null, null, Map.of());
    }

    /** Environment key to bundle digest (empty without a manifest). */
    Map<String, String> environments() {
        return manifest == null ? Map.of() : manifest.environments();
    }

    /**
     * What decides whether the manifest needs a new sequence: the signing key id and the manifest's bytes
     * with the sequence fixed at 1. Equal digests sign to identical envelopes (Ed25519 is deterministic).
     */
    static String contentDigest(String keyId, AccountManifest draft) {
        byte[] content = ManifestCodec.encode(draft.withSequence(1));
        byte[] key = (keyId + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[key.length + content.length];
        System.arraycopy(key, 0, all, 0, key.length);
        System.arraycopy(content, 0, all, key.length, content.length);
        return Digests.sha256Hex(all);
    }
}
