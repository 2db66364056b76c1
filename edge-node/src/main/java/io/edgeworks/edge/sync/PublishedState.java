package io.edgeworks.edge.sync;

import java.util.HashMap;
import java.util.Map;

/**
 * The published state as read from Redis (see {@link io.edgeworks.bundle.RedisLayout}): sequence,
 * environment key to bundle digest, hostname to environment key, route id to route JSON.
 */
record PublishedState(long sequence, Map<String, String> environments, Map<String, String> hostnames,
                      Map<String, String> routes) {

    PublishedState {
        environments = Map.copyOf(environments);
        hostnames = Map.copyOf(hostnames);
        routes = Map.copyOf(routes);
    }

    static final PublishedState EMPTY = new PublishedState(0, Map.of(), Map.of(), Map.of());

    /** This state with the given entries replaced (a null value removes the entry). */
    PublishedState patch(long newSequence, Map<String, String> envChanges, Map<String, String> hostChanges,
                         Map<String, String> routeChanges) {
        return new PublishedState(newSequence, apply(environments, envChanges), apply(hostnames, hostChanges),
                apply(routes, routeChanges));
    }

    private static Map<String, String> apply(Map<String, String> base, Map<String, String> changes) {
        Map<String, String> out = new HashMap<>(base);
        changes.forEach((k, v) -> {
            if (v == null) {
                out.remove(k);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }
}
