package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.TailEntry;
import io.edgeworks.bundle.TailFilters;
import io.edgeworks.edge.tail.TailHub;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live tail through the production invocation path: a {@link TailHub} installed on a real worker pool, events
 * captured from its publisher. Guards that nobody tailing costs nothing (no collector is opened), the event shape
 * wrangler reads, redaction, the per-invocation bounds against a worker that logs in a loop, the outcome mapping,
 * the filters applied at the edge and the per-tail rate limit.
 */
class LiveTailTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static JsEngine engine;
    static WorkerPool pool;
    static TailHub hub;
    static final LinkedBlockingQueue<String[]> SENT = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() {
        engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
        pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(2), TestWorkers.NO_HTTP, TestWorkers.NO_KV,
                RuntimeEvents.NONE);
        hub = new TailHub((id, json) -> SENT.add(new String[] {id, json}), new TailHub.Limits(5, 100, 16 * 1024, 1000),
                System::currentTimeMillis);
        pool.tails(hub);
        pool.warmedUp().join();
    }

    @AfterAll
    static void stop() {
        pool.close();
        engine.close();
    }

    @BeforeEach
    void clear() {
        hub.replace(Map.of());
        SENT.clear();
    }

    private static void tail(String id, String environment, String filters) {
        long now = System.currentTimeMillis();
        hub.replace(Map.of(id, new TailEntry(environment, TailFilters.parse(filters), now + 60_000, now + 60_000)));
    }

    private static JsonNode next(String tailId) throws Exception {
        String[] sent = SENT.poll(10, TimeUnit.SECONDS);
        assertNotNull(sent, "an event was published");
        assertEquals(tailId, sent[0]);
        return JSON.readTree(sent[1]);
    }

    private static WorkerVersion version(String env, String source, Map<String, String> secrets) {
        return new WorkerVersion(EnvironmentRef.parse(env), 3, "ver-" + env.hashCode(), "d" + source.hashCode(), "worker.js",
                Map.of("worker.js", source), Map.of(), secrets, List.of(), 50);
    }

    private static final String LOGGER = "export default { fetch(request) { console.log('handled', request.url, 200);"
            + " console.warn({ a: 1 }); return new Response('ok'); } }";

    @Test
    void nobodyTailingOpensNoCollector() throws Exception {
        WorkerVersion v = version("acme/quiet/production", LOGGER, Map.of());
        long before = hub.collectorsOpened();
        assertEquals(200, TestWorkers.run(pool, v, TestWorkers.get("http://quiet.acme.localhost/")).response().status());
        tail("t-other", "acme/other/production", null);
        assertEquals(200, TestWorkers.run(pool, v, TestWorkers.get("http://quiet.acme.localhost/")).response().status());
        assertEquals(before, hub.collectorsOpened(), "an environment nobody tails gets no collector, no event");
        assertNull(SENT.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aTailedRequestBecomesOneEventInCloudflaresShape() throws Exception {
        tail("t1", "acme/hello/staging", "{\"filters\":[]}");
        WorkerVersion v = version("acme/hello/staging", LOGGER, Map.of("API_KEY", "s3cret-value"));
        EdgeRequest request = new EdgeRequest("GET", "http://hello.acme.localhost/x?k=s3cret-value", List.of(
                Map.entry("host", "hello.acme.localhost"), Map.entry("authorization", "Bearer abc"), Map.entry("cookie", "sid=1"),
                Map.entry("x-api-key", "k"), Map.entry("x-echo", "prefix s3cret-value"), Map.entry("user-agent", "curl/8")), null);
        assertEquals(200, TestWorkers.run(pool, v, request).response().status());
        JsonNode event = next("t1");
        assertEquals("ok", event.get("outcome").asText());
        assertEquals("hello-staging", event.get("scriptName").asText());
        assertEquals(v.versionId(), event.at("/scriptVersion/id").asText());
        assertTrue(event.get("eventTimestamp").asLong() > 0);
        assertTrue(event.get("cpuTime").isNumber() && event.get("cpuTime").asDouble() >= 0, "CPU time in ms: " + event.get("cpuTime"));
        assertTrue(event.get("wallTime").asLong() >= 0, "wall time in ms: " + event.get("wallTime"));
        assertEquals("GET", event.at("/event/request/method").asText());
        assertEquals("http://hello.acme.localhost/x?k=REDACTED", event.at("/event/request/url").asText());
        JsonNode headers = event.at("/event/request/headers");
        assertEquals("REDACTED", headers.get("authorization").asText());
        assertEquals("REDACTED", headers.get("cookie").asText());
        assertEquals("REDACTED", headers.get("x-api-key").asText());
        assertEquals("prefix REDACTED", headers.get("x-echo").asText(), "a secret value is redacted wherever it appears");
        assertEquals("curl/8", headers.get("user-agent").asText());
        assertEquals(200, event.at("/event/response/status").asInt());
        assertEquals(2, event.get("logs").size());
        assertEquals("handled http://hello.acme.localhost/x?k=s3cret-value 200", event.at("/logs/0/message/0").asText());
        assertEquals("log", event.at("/logs/0/level").asText());
        assertEquals("warn", event.at("/logs/1/level").asText());
        assertTrue(event.at("/logs/0/timestamp").asLong() > 0);
        assertTrue(event.get("exceptions").isArray() && event.get("exceptions").isEmpty());
        assertTrue(event.get("diagnosticsChannelEvents").isArray());
        assertFalse(event.get("truncated").asBoolean());
    }

    @Test
    void aWorkerLoggingInALoopYieldsABoundedTruncatedEvent() throws Exception {
        tail("t2", "acme/loud/production", null);
        WorkerVersion v = version("acme/loud/production", "export default { fetch() { const big = 'x'.repeat(5000);"
                + " for (let i = 0; i < 3000; i++) console.log(i, big); return new Response('done'); } }", Map.of());
        InvocationResult r = TestWorkers.run(pool, v, TestWorkers.get("http://loud.acme.localhost/"));
        JsonNode event = next("t2");
        assertEquals(5, event.get("logs").size(), "at most maxLines lines");
        assertTrue(event.at("/logs/0/message/0").asText().length() <= 110, "each line cut to maxLineChars");
        assertTrue(event.get("truncated").asBoolean());
        assertTrue(JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8).length <= 16 * 1024);
        assertNotNull(r.response());
    }

    @Test
    void anUncaughtErrorIsAnExceptionOutcome() throws Exception {
        tail("t3", "acme/boom/production", null);
        WorkerVersion v = version("acme/boom/production", "export default { fetch() { throw new TypeError('nope'); } }", Map.of());
        assertEquals(500, TestWorkers.run(pool, v, TestWorkers.get("http://boom.acme.localhost/")).response().status());
        JsonNode event = next("t3");
        assertEquals("exception", event.get("outcome").asText());
        assertEquals("TypeError", event.at("/exceptions/0/name").asText());
        assertEquals("nope", event.at("/exceptions/0/message").asText());
        assertEquals(500, event.at("/event/response/status").asInt());
    }

    @Test
    void aCpuLimitHitIsExceededCpu() throws Exception {
        tail("t4", "acme/spin/production", null);
        WorkerVersion v = version("acme/spin/production", "export default { fetch() { while (true) {} } }", Map.of());
        InvocationResult r = TestWorkers.run(pool, v, TestWorkers.get("http://spin.acme.localhost/"));
        assertNotNull(r.limitHit());
        JsonNode event = next("t4");
        assertEquals(TestOutcome.of(r.limitHit()), event.get("outcome").asText());
    }

    /** The documented mapping of our limit kinds onto Cloudflare's outcomes. */
    static final class TestOutcome {
        static String of(LimitKind kind) {
            return switch (kind) {
                case CPU, STARTUP -> "exceededCpu";
                case MEMORY -> "exceededMemory";
                case WALL_CLOCK, STREAM_IDLE -> "canceled";
                default -> "exception";
            };
        }
    }

    @Test
    void filtersApplyAtTheEdge() throws Exception {
        WorkerVersion v = version("acme/filt/production", LOGGER, Map.of());
        tail("t5", "acme/filt/production", "{\"filters\":[{\"method\":[\"POST\"]}]}");
        long before = hub.collectorsOpened();
        TestWorkers.run(pool, v, TestWorkers.get("http://filt.acme.localhost/"));
        assertEquals(before, hub.collectorsOpened(), "a request the method filter refuses collects nothing");
        TestWorkers.run(pool, v, TestWorkers.post("http://filt.acme.localhost/", "b"));
        assertEquals("POST", next("t5").at("/event/request/method").asText());

        tail("t6", "acme/filt/production", "{\"filters\":[{\"outcome\":[\"exception\"]}]}");
        TestWorkers.run(pool, v, TestWorkers.get("http://filt.acme.localhost/"));
        assertNull(SENT.poll(300, TimeUnit.MILLISECONDS), "an ok event does not pass an exception-only tail");

        tail("t7", "acme/filt/production", "{\"filters\":[{\"query\":\"needle\"},{\"header\":{\"key\":\"host\"}}]}");
        TestWorkers.run(pool, v, TestWorkers.get("http://filt.acme.localhost/hay"));
        assertNull(SENT.poll(300, TimeUnit.MILLISECONDS));
        TestWorkers.run(pool, v, TestWorkers.get("http://filt.acme.localhost/needle"));
        assertTrue(next("t7").at("/event/request/url").asText().endsWith("/needle"));

        tail("t8", "acme/filt/production", "{\"filters\":[{\"scriptVersion\":\"another\"}]}");
        before = hub.collectorsOpened();
        TestWorkers.run(pool, v, TestWorkers.get("http://filt.acme.localhost/"));
        assertEquals(before, hub.collectorsOpened());

        tail("t9", "acme/filt/production", "{\"filters\":[{\"sampling_rate\":0.000001}]}");
        before = hub.collectorsOpened();
        for (int i = 0; i < 5; i++) {
            TestWorkers.run(pool, v, TestWorkers.get("http://filt.acme.localhost/"));
        }
        assertEquals(before, hub.collectorsOpened(), "sampling decides before anything is collected");
    }

    @Test
    void anExpiredTailCostsNothing() throws Exception {
        long now = System.currentTimeMillis();
        hub.replace(Map.of("old", new TailEntry("acme/exp/production", TailFilters.NONE, now + 60_000, now - 1)));
        long before = hub.collectorsOpened();
        TestWorkers.run(pool, version("acme/exp/production", LOGGER, Map.of()), TestWorkers.get("http://exp.acme.localhost/"));
        assertEquals(before, hub.collectorsOpened());
        assertEquals(0, hub.tailedEnvironments());
    }

    @Test
    void aTailIsRateLimitedPerNode() throws Exception {
        List<String[]> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        // The hub's clock stands still: the bucket never refills, so the count does not depend on how fast the ten
        // requests run (with the wall clock, a loaded machine refilled a token every 500 ms and the test saw 6).
        long now = System.currentTimeMillis();
        TailHub slow = new TailHub((id, json) -> sent.add(new String[] {id, json}), new TailHub.Limits(5, 100, 16 * 1024, 2),
                () -> now);
        slow.replace(Map.of("r", new TailEntry("acme/rate/production", TailFilters.NONE, now + 60_000, now + 60_000)));
        pool.tails(slow);
        try {
            WorkerVersion v = version("acme/rate/production", LOGGER, Map.of());
            for (int i = 0; i < 10; i++) {
                TestWorkers.run(pool, v, TestWorkers.get("http://rate.acme.localhost/"));
            }
        } finally {
            pool.tails(hub);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sent.size() + slow.eventsDropped() < 10 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(4, sent.size(), "a burst of twice the rate, then nothing until the bucket refills");
        assertEquals(6, slow.eventsDropped(), "the rest is dropped, not queued");
    }

    @Test
    void aCronTickHasTheScheduledShape() throws Exception {
        tail("t10", "acme/cron/production", null);
        WorkerVersion v = version("acme/cron/production", "export default { scheduled(c) { console.log('tick', c.cron); } }", Map.of());
        pool.submitScheduled(v, new ScheduledEvent(1_764_669_900_000L, "*/5 * * * *"), ServiceTargets.NONE).get(30, TimeUnit.SECONDS);
        JsonNode event = next("t10");
        assertEquals("*/5 * * * *", event.at("/event/cron").asText());
        assertEquals(1_764_669_900_000L, event.at("/event/scheduledTime").asLong());
        assertEquals("tick */5 * * * *", event.at("/logs/0/message/0").asText());
        assertEquals("ok", event.get("outcome").asText());
    }
}
