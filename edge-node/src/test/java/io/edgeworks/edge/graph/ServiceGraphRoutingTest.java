package io.edgeworks.edge.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.RoutePattern;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which environment a request resolves to: exact hostnames first, then the most specific route. The pattern
 * rules themselves are the bundle library's {@code RoutePattern} (tested there).
 */
class ServiceGraphRoutingTest {

    private static final EnvironmentRef A = EnvironmentRef.parse("acme/a/production");
    private static final EnvironmentRef B = EnvironmentRef.parse("acme/b/production");
    private static final EnvironmentRef C = EnvironmentRef.parse("acme/c/production");

    private static EnvironmentNode node(EnvironmentRef ref) {
        WorkerVersion v = new WorkerVersion(ref, 1, "id", "d", "w.js", Map.of("w.js", "export default {fetch(){}}"), Map.of(), Map.of(), List.of(), 50);
        return new EnvironmentNode(ref, ref.service() + ".acme.localhost", List.of(new EnvironmentNode.Share(v, 100)));
    }

    private static ServiceGraph graph(String... patternsToEnv) {
        List<ServiceGraph.Route> routes = new java.util.ArrayList<>();
        for (int i = 0; i < patternsToEnv.length; i += 2) {
            routes.add(new ServiceGraph.Route("r" + i, RoutePattern.parse(patternsToEnv[i]), EnvironmentRef.parse(patternsToEnv[i + 1])));
        }
        return new ServiceGraph(1, Map.of(A, node(A), B, node(B), C, node(C)), Map.of("a.acme.localhost", A), routes);
    }

    private static EnvironmentRef route(ServiceGraph g, String url) {
        EnvironmentNode n = g.resolve(new EdgeRequest("GET", url, List.of(), null));
        return n == null ? null : n.ref();
    }

    @Test
    void mostSpecificHostWinsBeforePath() {
        ServiceGraph g = graph("*.example.com/*", B.key(), "www.example.com/*", A.key(), "*.example.com/hello/*", C.key());
        // www.example.com/* beats *.example.com/* (documented example)
        assertEquals(A, route(g, "https://www.example.com/"));
        // host specificity first: the exact host wins even though the wildcard-host pattern has a longer path
        assertEquals(A, route(g, "https://www.example.com/hello/world"));
        assertEquals(C, route(g, "https://api.example.com/hello/world"));
        assertEquals(B, route(g, "https://api.example.com/other"));
    }

    @Test
    void mostSpecificPathWinsOnTheSameHost() {
        ServiceGraph g = graph("example.com/*", A.key(), "example.com/hello/*", B.key());
        assertEquals(B, route(g, "https://example.com/hello/world"));
        assertEquals(A, route(g, "https://example.com/goodbye"));
    }

    @Test
    void environmentHostnamesMatchExactlyIgnoringCaseAndPortAndUnknownHostsGetNothing() {
        ServiceGraph g = graph();
        assertEquals(A, route(g, "http://A.Acme.LOCALHOST:8081/x"));
        assertNull(route(g, "http://nobody.acme.localhost/"));
    }
}
