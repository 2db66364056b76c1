package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.edgeworks.edge.api.WebApis;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;

/**
 * The per-context heap limit ({@code edge.limits.context-heap-bytes}, WorkerThread#boundRetained): a hostile worker
 * that keeps a megabyte per request in its global scope has its realm reset once it keeps the limit (its state starts
 * over, the reset is a memory limit hit and its tenant log says so), while a worker on the same thread that allocates
 * as much but keeps nothing is walked and never reset. Truffle walks a realm's heap only on its optimizing runtime, so
 * this runs in edge-node's JIT surefire execution ({@code conformance}); skipped on an interpreter-only runtime.
 */
class ContextHeapLimitTest {
    private static final long LIMIT = 32L << 20;

    @Test
    void aRealmKeepingTheLimitIsResetAndOneThatKeepsLittleIsNot() throws Exception {
        assumeJit();
        List<LogLine> tenantLog = new CopyOnWriteArrayList<>();
        List<String> limitHits = new CopyOnWriteArrayList<>();
        RuntimeEvents events = new RuntimeEvents() {
            @Override
            public void tenantLog(LogLine line) {
                tenantLog.add(line);
            }

            @Override
            public void limitHit(WorkerVersion version, LimitKind kind) {
                limitHits.add(version.environment().key() + " " + kind);
            }
        };
        try (JsEngine engine = new JsEngine(WebApis.all());
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1, 1)
                     .withContextHeapBytes(LIMIT), TestWorkers.NO_HTTP, TestWorkers.NO_KV, events)) {
            pool.warmedUp().join();
            assertNotNull(engine.contextHeap(), "the optimizing runtime walks a realm's heap");
            // 1 MB kept per request (a typed array and an array of 1,000 objects, so the walk sees both kinds)
            WorkerVersion hoarder = hoarder("evil/hoard/production", 1 << 20, 1000);
            // as much allocated per request, nothing kept but a counter
            WorkerVersion polite = TestWorkers.version("acme/polite/production", """
                    let served = 0;
                    export default { fetch() {
                      const garbage = [new Uint8Array(1 << 20).fill(7), Array.from({ length: 1000 }, (_, i) => ({ i }))];
                      return new Response(String(++served + garbage.length - 2));
                    } }""");
            int resetAt = -1;
            for (int i = 1; i <= 80; i++) {
                InvocationResult kept = TestWorkers.run(pool, hoarder, TestWorkers.get("http://hoard.evil.localhost/"));
                assertNull(kept.limitHit(), "the request that passes the limit is answered; the reset comes after it");
                int count = Integer.parseInt(kept.response().bodyText());
                if (count < i && resetAt < 0) {
                    resetAt = i;
                    assertEquals(1, count, "a fresh realm after the reset");
                }
                InvocationResult other = TestWorkers.run(pool, polite, TestWorkers.get("http://polite.acme.localhost/"));
                assertEquals(String.valueOf(i), other.response().bodyText(), "the polite worker's realm is never reset");
            }
            System.out.printf("context heap limit %d MB: first reset at request %d; %d walks, %d resets, %.1f ms walking%n",
                    LIMIT >> 20, resetAt, pool.contextHeapWalks(), pool.contextHeapResets(), pool.contextHeapWalkNanos() / 1e6);
            assertTrue(resetAt > 20 && resetAt <= 40, "the hoarder's realm was reset near " + (LIMIT >> 20) + " MB kept: "
                    + "at request " + resetAt);
            assertTrue(pool.contextHeapResets() >= 2, "80 MB kept in 80 requests: two resets at least, "
                    + pool.contextHeapResets());
            assertTrue(pool.contextHeapWalks() > pool.contextHeapResets(), "the polite realm was walked too: "
                    + pool.contextHeapWalks() + " walks");
            assertTrue(limitHits.stream().allMatch(hit -> hit.equals("evil/hoard/production MEMORY")), limitHits::toString);
            assertEquals(pool.contextHeapResets(), limitHits.size(), "each reset a memory limit hit");
            assertTrue(tenantLog.stream().anyMatch(line -> line.message().contains("kept 32 MB or more on the heap")
                    && line.message().contains("realm on one worker thread was reset")), tenantLog::toString);
        }
    }

    /**
     * A hoarder reached through a service binding is walked and reset after the request that called it has left the
     * thread: the walk (tens of ms for a realm of many objects) is not billed to the caller's CPU limit of 30 ms.
     */
    @Test
    void aBindingsRealmIsWalkedAfterTheCallersRequestNotOnItsCpuTime() throws Exception {
        assumeJit();
        // half a megabyte and 5,000 objects kept per request: a walk near the limit takes tens of ms
        WorkerVersion hoarder = hoarder("evil/keeper/production", 1 << 19, 5000);
        WorkerVersion caller = TestWorkers.version("evil/caller/production", java.util.Map.of("worker.js", """
                export default { async fetch(request, env) {
                  return new Response(await (await env.KEEPER.fetch('https://keeper/')).text());
                } }"""), java.util.Map.of(), List.of(new io.edgeworks.bundle.Binding.Service("KEEPER", "keeper", "production")), 30);
        ServiceTargets targets = (environment, pinned, request) -> environment.equals(hoarder.environment()) ? hoarder : null;
        try (JsEngine engine = new JsEngine(WebApis.all());
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1, 1)
                     .withContextHeapBytes(LIMIT), TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            pool.warmedUp().join();
            int resets = 0;
            int previous = 0;
            for (int i = 1; i <= 120; i++) {
                InvocationResult r = TestWorkers.run(pool, caller, TestWorkers.get("http://caller.evil.localhost/"), targets);
                assertNull(r.limitHit(), () -> "request " + r.response().status() + " " + r.error() + " " + r.logs());
                int count = Integer.parseInt(r.response().bodyText());
                if (count < previous) {
                    resets++;
                }
                previous = count;
            }
            System.out.printf("through a binding: %d resets seen, %d walks, %.1f ms walking%n", resets,
                    pool.contextHeapWalks(), pool.contextHeapWalkNanos() / 1e6);
            assertTrue(resets >= 2, "the keeper's realm was reset after ~" + (LIMIT >> 20) + " MB: " + resets + " resets seen");
            assertEquals(resets, pool.contextHeapResets());
        }
    }

    /**
     * A worker that keeps {@code bytes} in a typed array and {@code objects} small objects per request, and answers how
     * many requests it has kept.
     */
    private static WorkerVersion hoarder(String envKey, int bytes, int objects) {
        return TestWorkers.version(envKey, """
                const kept = [];
                export default { fetch() {
                  kept.push(new Uint8Array(%d).fill(7), Array.from({ length: %d }, (_, i) => ({ i })));
                  return new Response(String(kept.length / 2));
                } }""".formatted(bytes, objects));
    }

    private static void assumeJit() {
        try (Engine probe = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build()) {
            assumeFalse(probe.getImplementationName().toLowerCase(java.util.Locale.ROOT).contains("interpreted"),
                    "needs the Graal compiler (the JIT tier)");
        }
    }
}
