package io.edgeworks.edge.graph;

import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.EnvironmentRef;
import java.util.List;
import java.util.Map;

/**
 * Verified published state to build a graph from: the bundle of each deployed environment (keyed by
 * its root environment), the hostname table and the custom routes.
 */
public record GraphInput(long sequence, Map<EnvironmentRef, Bundle> bundles, Map<String, EnvironmentRef> hostnames,
                         List<RouteSpec> routes) {

    /** A custom route as published: id, pattern text and target environment. */
    public record RouteSpec(String id, String pattern, EnvironmentRef environment) {
    }

    public GraphInput {
        bundles = Map.copyOf(bundles);
        hostnames = Map.copyOf(hostnames);
        routes = List.copyOf(routes);
    }
}
