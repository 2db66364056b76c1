package io.edgeworks.edge.graph;

import io.edgeworks.bundle.CronSchedule;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.RoutePattern;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.ServiceTargets;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable snapshot of everything this edge serves: environments with their versions, the exact
 * hostname table, the custom routes (most specific first) and the cron triggers of served environments. A
 * request (or a cron tick) resolves its environment and every service binding call it makes on the same
 * snapshot.
 */
public record ServiceGraph(long sequence, Map<EnvironmentRef, EnvironmentNode> environments,
                           Map<String, EnvironmentRef> hostnames, List<Route> routes,
                           Map<EnvironmentRef, List<CronSchedule>> crons) implements ServiceTargets {

    /** A custom route pointing at an environment. */
    public record Route(String id, RoutePattern pattern, EnvironmentRef environment) {
    }

    public static final ServiceGraph EMPTY = new ServiceGraph(0, Map.of(), Map.of(), List.of());

    /** A graph without cron triggers. */
    public ServiceGraph(long sequence, Map<EnvironmentRef, EnvironmentNode> environments, Map<String, EnvironmentRef> hostnames,
                        List<Route> routes) {
        this(sequence, environments, hostnames, routes, Map.of());
    }

    public ServiceGraph {
        // immutable, and a next graph that changes a few entries shares the rest (GraphBuilder)
        environments = ShardedMap.copyOf(environments);
        hostnames = ShardedMap.copyOf(hostnames);
        crons = ShardedMap.copyOf(crons);
        for (EnvironmentRef ref : crons.keySet()) {
            if (!environments.containsKey(ref)) {
                throw new IllegalArgumentException("cron triggers of " + ref + ", which this graph does not serve");
            }
        }
        routes = routes.stream().sorted((a, b) -> RoutePattern.SPECIFICITY.compare(a.pattern(), b.pattern())).toList();
    }

    /**
     * The environment serving a request: the exact environment hostname first (case-insensitive, port
     * stripped), then the most specific matching custom route; null when nothing matches.
     */
    public EnvironmentNode resolve(String hostHeader, String scheme, String pathAndQuery) {
        String host = normalizeHost(hostHeader);
        if (host.isEmpty()) {
            return null;
        }
        EnvironmentRef exact = hostnames.get(host);
        if (exact != null && environments.containsKey(exact)) {
            return environments.get(exact);
        }
        for (Route route : routes) {
            if (route.pattern().matches(scheme, host, pathAndQuery)) {
                return environments.get(route.environment());
            }
        }
        return null;
    }

    public EnvironmentNode resolve(EdgeRequest request) {
        URI uri = URI.create(request.url());
        String pathAndQuery = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String host = request.header("host") != null ? request.header("host") : uri.getHost();
        return resolve(host, uri.getScheme(), pathAndQuery);
    }

    /** A Host header as the hostname tables key it: lower case, without port or trailing dot (IPv6 literals keep their brackets). */
    public static String normalizeHost(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        host = colon < 0 ? host : host.substring(0, colon);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** The {@link WorkerVersion#contextKey()} of every version the graph carries (deployed or pinned by a binding). */
    public java.util.Set<String> contextKeys() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (EnvironmentNode node : environments.values()) {
            for (WorkerVersion version : node.versions()) {
                keys.add(version.contextKey());
            }
        }
        return keys;
    }

    @Override
    public WorkerVersion pick(EnvironmentRef environment, Integer pinned, EdgeRequest request) {
        EnvironmentNode node = environments.get(environment);
        return node == null ? null : pinned != null ? node.version(pinned) : node.pick(request);
    }
}
