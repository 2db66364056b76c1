package io.edgeworks.edge.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.graph.EnvironmentNode;
import io.edgeworks.edge.graph.LiveGraph;
import io.edgeworks.bundle.RoutePattern;
import io.edgeworks.edge.graph.ServiceGraph;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routing a request head: the exact hostname first, then custom routes on scheme, host, path and query. */
class EdgeDispatcherTest {
    private static final EnvironmentRef SHOP = EnvironmentRef.parse("acme/shop/production");
    private static final EnvironmentRef API = EnvironmentRef.parse("acme/api/production");

    private final LiveGraph graph = new LiveGraph();
    private final EdgeDispatcher dispatcher = new EdgeDispatcher(graph, null, null, null);

    EdgeDispatcherTest() {
        graph.swap(new ServiceGraph(1, Map.of(SHOP, node(SHOP, "shop.acme.localhost"), API, node(API, "api.acme.localhost")),
                Map.of("shop.acme.localhost", SHOP, "api.acme.localhost", API),
                List.of(new ServiceGraph.Route("r1", RoutePattern.parse("example.com/api/*"), API),
                        new ServiceGraph.Route("r2", RoutePattern.parse("example.com/*"), SHOP),
                        new ServiceGraph.Route("r3", RoutePattern.parse("https://secure.example.com/exact"), SHOP))));
    }

    private static EnvironmentNode node(EnvironmentRef ref, String hostname) {
        WorkerVersion version = new WorkerVersion(ref, 1, "v1", "d", "worker.js", Map.of("worker.js", "export default {}"),
                Map.of(), Map.of(), List.of(), 50);
        return new EnvironmentNode(ref, hostname, List.of(new EnvironmentNode.Share(version, 100)));
    }

    private EnvironmentRef route(String url, String host) {
        EdgeRequest request = new EdgeRequest("GET", url, host == null ? List.of() : List.of(Map.entry("host", host)), null);
        EnvironmentNode node = dispatcher.route(request).node();
        return node == null ? null : node.ref();
    }

    @Test
    void exactHostnamesWinAndThePortIsIgnored() {
        assertEquals(SHOP, route("http://shop.acme.localhost:8081/anything?x=1", "shop.acme.localhost:8081"));
        assertEquals(API, route("http://API.acme.localhost/", "API.acme.localhost"));
        assertNull(route("http://nobody.acme.localhost/", "nobody.acme.localhost"));
    }

    @Test
    void customRoutesMatchOnPathAndQueryMostSpecificFirst() {
        assertEquals(API, route("http://example.com/api/v1?limit=5", "example.com"));
        assertEquals(SHOP, route("http://example.com/", "example.com"));
        assertEquals(SHOP, route("http://example.com/cart?item=1#top", "example.com"));
        assertEquals(SHOP, route("https://secure.example.com/exact", "secure.example.com"));
        assertNull(route("http://secure.example.com/exact", "secure.example.com"));
        assertNull(route("https://secure.example.com/exact?q=1", "secure.example.com"));
    }

    @Test
    void withoutAHostHeaderTheUrlsAuthorityRoutes() {
        assertEquals(API, route("http://example.com/api/x", null));
        assertEquals(SHOP, route("http://shop.acme.localhost:8081/", null));
    }

    @Test
    void accessLogMillisecondsReadAsTwoDecimals() {
        for (long nanos : new long[] {0, 4_999, 5_000, 540_000, 1_005_000, 9_995_000, 12_345_678, 2_000_000_000L, 123_456_789_012L}) {
            String expected = String.format(java.util.Locale.ROOT, "%.2f", java.math.BigDecimal.valueOf(nanos, 6)
                    .setScale(2, java.math.RoundingMode.HALF_UP));
            assertEquals(expected, EdgeDispatcher.millis(new StringBuilder(), nanos).toString(), "nanos " + nanos);
        }
        assertEquals("0.00", EdgeDispatcher.millis(new StringBuilder(), -7).toString());
    }
}
