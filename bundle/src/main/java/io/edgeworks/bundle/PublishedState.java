package io.edgeworks.bundle;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The published state as a whole: the global publication {@code sequence} ({@link RedisLayout#SEQUENCE})
 * and each account's verified {@link AccountManifest}, by slug. Edge nodes hold one; platform-api builds the
 * manifests it publishes from the same type.
 */
public record PublishedState(long sequence, Map<String, AccountManifest> accounts) {
    public static final PublishedState EMPTY = new PublishedState(0, Map.of());

    public PublishedState {
        accounts = Collections.unmodifiableMap(new TreeMap<>(accounts));
        accounts.forEach((slug, manifest) -> {
            if (!manifest.account().equals(slug)) {
                throw new IllegalArgumentException("manifest of account " + manifest.account() + " filed under " + slug);
            }
        });
    }

    /** Every account's environment key to bundle digest (accounts never share environment keys). */
    public Map<String, String> environments() {
        Map<String, String> all = new TreeMap<>();
        accounts.values().forEach(m -> all.putAll(m.environments()));
        return all;
    }

    /** This state at {@code newSequence} with the given accounts replaced (a null manifest removes the account). */
    public PublishedState patch(long newSequence, Map<String, AccountManifest> changes) {
        Map<String, AccountManifest> next = new TreeMap<>(accounts);
        changes.forEach((slug, manifest) -> {
            if (manifest == null) {
                next.remove(slug);
            } else {
                next.put(slug, manifest);
            }
        });
        return new PublishedState(newSequence, next);
    }
}
