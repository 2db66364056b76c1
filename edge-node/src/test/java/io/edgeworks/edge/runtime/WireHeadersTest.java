package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The joined header list that crosses the host boundary (HostBridge.Wire): order, repeats, empty values, line feeds. */
class WireHeadersTest {
    @Test
    void joinAndSplitKeepOrderRepeatsAndEmptyValues() {
        List<Map.Entry<String, String>> headers = List.of(Map.entry("accept", "*/*"), Map.entry("set-cookie", "a=1"),
                Map.entry("set-cookie", "b=2"), Map.entry("x-empty", ""), Map.entry("x-spaces", " a  b "));
        String joined = HostBridge.Wire.joinHeaders(headers);
        assertEquals("accept\n*/*\nset-cookie\na=1\nset-cookie\nb=2\nx-empty\n\nx-spaces\n a  b ", joined);
        assertEquals(headers, HostBridge.Wire.splitHeaders(joined));
    }

    @Test
    void noHeadersIsTheEmptyString() {
        assertEquals("", HostBridge.Wire.joinHeaders(List.of()));
        assertEquals(List.of(), HostBridge.Wire.splitHeaders(""));
    }

    @Test
    void aFieldWithALineFeedIsLeftOutInsteadOfShiftingThePairs() {
        List<Map.Entry<String, String>> headers = List.of(Map.entry("x-a", "1"), Map.entry("x-evil", "v\nx-admin\ntrue"),
                Map.entry("x\nb", "2"), Map.entry("x-c", "3"));
        assertEquals(List.of(Map.entry("x-a", "1"), Map.entry("x-c", "3")),
                HostBridge.Wire.splitHeaders(HostBridge.Wire.joinHeaders(headers)));
    }

    @Test
    void aWorkerSeesTheClientsHeadersAndTheHostSeesTheWorkersThroughTheJoinedForm() throws Exception {
        try (JsEngine engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), TestWorkers.NO_HTTP,
                     TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            WorkerVersion v = TestWorkers.version("acme/headers/production", """
                    export default { fetch(request) {
                      const seen = [...request.headers].map(([k, v]) => k + '=' + v).join(';');
                      const h = new Headers({ 'x-seen': seen });
                      h.append('set-cookie', 'a=1'); h.append('set-cookie', 'b=2'); h.set('x-empty', '');
                      return new Response('ok', { headers: h });
                    } }""");
            EdgeRequest request = new EdgeRequest("GET", "http://a.localhost/", List.of(Map.entry("X-Mixed-Case", "1"),
                    Map.entry("x-repeat", "a"), Map.entry("x-repeat", "b"), Map.entry("x-empty", "")), null);
            InvocationResult r = TestWorkers.run(pool, v, request);
            assertEquals(200, r.response().status(), () -> r.error());
            assertEquals("x-empty=;x-mixed-case=1;x-repeat=a, b", r.response().header("x-seen"));
            assertEquals(List.of("a=1", "b=2"), r.response().headers().stream()
                    .filter(e -> e.getKey().equals("set-cookie")).map(Map.Entry::getValue).toList());
            assertEquals("", r.response().header("x-empty"));
        }
    }
}
