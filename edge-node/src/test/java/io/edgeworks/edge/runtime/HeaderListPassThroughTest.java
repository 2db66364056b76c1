package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A request's header list from the host goes on as the host gave it when the worker forwards the request without
 * reading or changing its headers (headers.js keeps the joined list until the first read), and as the Headers'
 * normalised list (names lower-cased, repeated names together) once the worker has read it: the same fields either way.
 */
class HeaderListPassThroughTest {
    private static final List<Map.Entry<String, String>> INCOMING = List.of(Map.entry("Host", "front.test"),
            Map.entry("X-Dup", "1"), Map.entry("Other", "o"), Map.entry("x-dup", "3"));

    private static List<Map.Entry<String, String>> forwarded(String source) throws Exception {
        return sent(source).headers();
    }

    private static EdgeRequest sent(String source) throws Exception {
        AtomicReference<EdgeRequest> sent = new AtomicReference<>();
        OutboundHttp recording = (request, redirect) -> {
            sent.set(request);
            return CompletableFuture.completedFuture(new OutboundHttp.Result(
                    new EdgeResponse(200, "OK", List.of(), new byte[0]), request.url(), false));
        };
        try (JsEngine engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), recording,
                     TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            WorkerVersion version = TestWorkers.version("acme/front/production", Map.of("worker.js", source), Map.of(),
                    List.of(), 5_000);
            InvocationResult result = pool.submit(version,
                    new EdgeRequest("GET", "http://front.test/x", INCOMING, null), ServiceTargets.NONE)
                    .get(60, TimeUnit.SECONDS);
            assertEquals(200, result.response().status(), String.valueOf(result.error()));
        }
        return sent.get();
    }

    @Test
    void anUnreadRequestIsForwardedWithTheHostsList() throws Exception {
        assertEquals(INCOMING, forwarded("export default { fetch(request) { return fetch(request); } };"));
    }

    @Test
    void aReadRequestIsForwardedWithItsNormalisedList() throws Exception {
        List<Map.Entry<String, String>> sent = forwarded("""
                export default { fetch(request) {
                    if (request.headers.get('X-DUP') !== '1, 3') throw new Error('read ' + request.headers.get('x-dup'));
                    return fetch(request);
                } };
                """);
        assertEquals(List.of(Map.entry("host", "front.test"), Map.entry("x-dup", "1"), Map.entry("x-dup", "3"),
                Map.entry("other", "o")), sent);
    }

    @Test
    void aRequestWithABodyIsStillCopiedSoItsBodyMovesOnce() throws Exception {
        // fetch(request) without init sends a body-less request as it is (internal.requestToSend); one with a body goes
        // through a copy, which takes the body: the request's body is used after, and a second fetch of it fails
        EdgeRequest sent = sent("""
                export default { async fetch(request) {
                    const twice = [await fetch(request), await fetch(request)]; // no body: sendable again
                    if (twice.some((r) => r.status !== 200)) throw new Error('a body-less request could not be sent twice');
                    const post = new Request('http://up.test/p', { method: 'POST', body: 'payload', headers: { 'X-A': '1' } });
                    const answer = await fetch(post);
                    if (!post.bodyUsed) throw new Error('the body did not move to the copy');
                    let again;
                    try { await fetch(post); again = 'sent again'; } catch (e) { again = e.constructor.name; }
                    if (again !== 'TypeError') throw new Error('a used body: ' + again);
                    return answer;
                } };
                """);
        assertEquals("POST", sent.method());
        assertEquals("http://up.test/p", sent.url());
        assertEquals("payload", new String(sent.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("1", sent.header("x-a"));
    }
}
