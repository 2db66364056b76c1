package io.edgeworks.api.publish;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What Redis must hold for one account (or, merged, for all): the entries of
 * {@link io.edgeworks.bundle.RedisLayout#ENVIRONMENTS} (environment key to bundle digest),
 * {@link io.edgeworks.bundle.RedisLayout#HOSTNAMES} and {@link io.edgeworks.bundle.RedisLayout#ROUTES},
 * plus the envelopes those digests address.
 */
record PublishedState(Map<String, String> environments, Map<String, String> hostnames, Map<String, String> routes,
                      Map<String, byte[]> bundles) {

    PublishedState {
        environments = sorted(environments);
        hostnames = sorted(hostnames);
        routes = sorted(routes);
        bundles = sorted(bundles);
        for (String digest : environments.values()) {
            if (!bundles.containsKey(digest)) {
                throw new IllegalArgumentException("state references bundle " + digest + " without its envelope");
            }
        }
    }

    static PublishedState empty() {
        return new PublishedState(Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** This state and {@code other} side by side (accounts never share keys). */
    PublishedState merge(PublishedState other) {
        return new PublishedState(union(environments, other.environments), union(hostnames, other.hostnames),
                union(routes, other.routes), union(bundles, other.bundles));
    }

    private static <V> Map<String, V> union(Map<String, V> a, Map<String, V> b) {
        Map<String, V> all = new TreeMap<>(a);
        b.forEach((k, v) -> {
            if (all.putIfAbsent(k, v) != null && !Objects.equals(all.get(k), v) && !(v instanceof byte[])) {
                throw new IllegalArgumentException("two accounts publish the same entry '" + k + "'");
            }
        });
        return all;
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
