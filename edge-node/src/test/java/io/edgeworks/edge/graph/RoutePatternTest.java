package io.edgeworks.edge.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route matching built from the examples of Cloudflare's "Routes" documentation (matching behaviour). */
class RoutePatternTest {

    private static boolean matches(String pattern, String url) {
        java.net.URI uri = java.net.URI.create(url);
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return RoutePattern.parse(pattern).matches(uri.getScheme(), uri.getHost().toLowerCase(), pathAndQuery);
    }

    @Test
    void wildcardPathSuffixMatchesEverythingBelowIncludingQuery() {
        assertTrue(matches("example.com/*", "https://example.com/"));
        assertTrue(matches("example.com/*", "https://example.com/path/to/page?x=1"));
        assertTrue(matches("example.com/path*", "https://example.com/path"));
        assertTrue(matches("example.com/path*", "https://example.com/path2"));
        assertTrue(matches("example.com/path*", "https://example.com/path/readme.txt"));
        assertFalse(matches("example.com/path*", "https://example.com/other"));
    }

    @Test
    void matchingCoversTheQueryStringSoOnlyATrailingWildcardMatchesQueries() {
        assertTrue(matches("example.com/path", "https://example.com/path"));
        assertFalse(matches("example.com/path", "https://example.com/path?query=1"));
        assertTrue(matches("example.com/path*", "https://example.com/path?query=1"));
    }

    @Test
    void subdomainsMustBeMatchedExplicitly() {
        assertFalse(matches("example.com/*", "https://www.example.com/"));
        assertTrue(matches("*example.com/*", "https://www.example.com/"));
        assertTrue(matches("*example.com/*", "https://example.com/"));
        // a label boundary: another account's longer domain that merely ends the same way is not captured
        assertFalse(matches("*tim1.example/*", "https://victim1.example/"));
        assertFalse(matches("*example.com/*", "https://badexample.com/"));
        assertTrue(matches("*tim1.example/*", "https://a.tim1.example/"));
        assertFalse(matches("*.example.com/*", "https://example.com/"));
        assertTrue(matches("*.example.com/*", "https://www.example.com/"));
        assertFalse(matches("*.example.com/*", "https://example.com/"));
    }

    @Test
    void hostIsCaseInsensitivePathIsCaseSensitive() {
        assertTrue(matches("Example.COM/images/*", "https://example.com/images/a.png"));
        assertFalse(matches("example.com/Images/*", "https://example.com/images/a.png"));
    }

    @Test
    void schemeIsOptionalButRespectedWhenGiven() {
        assertTrue(matches("example.com/*", "http://example.com/"));
        assertTrue(matches("https://example.com/*", "https://example.com/"));
        assertFalse(matches("https://example.com/*", "http://example.com/"));
    }

    @Test
    void patternWithoutPathMatchesOnlyTheRoot() {
        assertTrue(matches("example.com", "https://example.com/"));
        assertFalse(matches("example.com", "https://example.com/a"));
    }

    @Test
    void wildcardsElsewhereAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> RoutePattern.parse("example.*.com/*"));
        assertThrows(IllegalArgumentException.class, () -> RoutePattern.parse("example.com/*/images"));
        assertThrows(IllegalArgumentException.class, () -> RoutePattern.parse("example.com/a?b=1"));
        assertThrows(IllegalArgumentException.class, () -> RoutePattern.parse("ftp://example.com/*"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoutePattern.parse("www.*example.com/"));
        assertTrue(e.getMessage().contains("start of the host"), e.getMessage());
    }

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
