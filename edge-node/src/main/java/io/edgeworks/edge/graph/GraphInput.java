package io.edgeworks.edge.graph;

import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.CronSchedule;
import io.edgeworks.bundle.EnvironmentRef;
import java.util.List;
import java.util.Map;

/**
 * Verified published state to build a graph from: the bundle of each deployed environment (keyed by
 * its root environment), the hostname table, the custom routes and the environments' cron triggers.
 */
public record GraphInput(long sequence, Map<EnvironmentRef, Bundle> bundles, Map<String, EnvironmentRef> hostnames,
                         List<RouteSpec> routes, Map<EnvironmentRef, List<CronSchedule>> crons) {

    /** A custom route as published: id, pattern text and target environment. */
    public record RouteSpec(String id, String pattern, EnvironmentRef environment) {
    }

    /** Published state without cron triggers. */
    public GraphInput(long sequence, Map<EnvironmentRef, Bundle> bundles, Map<String, EnvironmentRef> hostnames, List<RouteSpec> routes) {
        this(sequence, bundles, hostnames, routes, Map.of());
    }

    public GraphInput {
        bundles = Map.copyOf(bundles);
        hostnames = Map.copyOf(hostnames);
        routes = List.copyOf(routes);
        crons = Map.copyOf(crons);
    }
}
