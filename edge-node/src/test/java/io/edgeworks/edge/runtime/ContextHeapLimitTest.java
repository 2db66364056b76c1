package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.edgeworks.edge.api.WebApis;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
    // The tests of the limits themselves walk without a CPU bound (edge.limits.context-heap-walk-ms = 0): their hoarders
    // keep tens of thousands of objects, whose walks near the limit can take longer than the default bound on a slow
    // machine, and a cancelled walk resets the realm before the limit is reached. The bound has its own test.

    @Test
    void aRealmKeepingTheLimitIsResetAndOneThatKeepsLittleIsNot() throws Exception {
        assumeJit();
        Recorded events = new Recorded();
        List<LogLine> tenantLog = events.tenantLog;
        List<String> limitHits = events.limitHits;
        try (JsEngine engine = new JsEngine(WebApis.all());
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1, 1)
                     .withContextHeapBytes(LIMIT).withContextHeapWalkMs(0), TestWorkers.NO_HTTP, TestWorkers.NO_KV, events)) {
            pool.warmedUp().join();
            assertNotNull(engine.contextHeap(), "the optimizing runtime walks a realm's heap");
            // 1 MB kept per request (a typed array and an array of 1,000 objects, so the walk sees both kinds)
            WorkerVersion hoarder = hoarder("evil/hoard/production", 1 << 20, 1000);
            // as much allocated per request, nothing kept but a counter
            WorkerVersion polite = version("acme/polite/production", """
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
                    + "at request " + resetAt + " (limit hits: " + limitHits + ")");
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
     * A node that has just started walks a spare realm a few times while its threads are idle (WorkerPool.WALK_WARM_UPS),
     * so that the walk's own code is compiled before a walk decides anything: cold, a spare's walk took about the 25 ms
     * bound and the first verdict of a young node with no tenant at all blamed the engine's shapes (ShapePollution).
     * Those walks judge nothing, reset nothing and count as no realm's walk; a node without spares makes none.
     */
    @Test
    void aYoungPoolWarmsTheWalkWhileIdleAndDecidesNothingOnIt() throws Exception {
        assumeJit();
        try (JsEngine engine = new JsEngine(WebApis.all());
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(2, 2),
                     TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE);
             WorkerPool spareless = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1, 1)
                     .withSpareContextsPerThread(0), TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            pool.warmedUp().join();
            spareless.warmedUp().join();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (pool.walkWarmUpsDone() < WorkerPool.WALK_WARM_UPS && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(WorkerPool.WALK_WARM_UPS, pool.walkWarmUpsDone(), "the idle threads warmed the walk");
            Thread.sleep(200);
            assertEquals(WorkerPool.WALK_WARM_UPS, pool.walkWarmUpsDone(), "and then walk no more");
            assertEquals(0, pool.shapePollutionProbes(), "no verdict on the engine's shapes");
            assertEquals(0, pool.contextHeapWalks(), "no realm's walk counted");
            assertEquals(0, pool.contextHeapResets() + pool.contextHeapWalkOverruns() + pool.contextHeapWalksDeferred());
            assertEquals(0, spareless.walkWarmUpsDone(), "a pool without spare realms has none to walk");
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
                     .withContextHeapBytes(LIMIT).withContextHeapWalkMs(0), TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            pool.warmedUp().join();
            // The keeper's first requests run interpreted while the JIT compiles its code, and may take more than the
            // caller's 30 ms on their own (seen in CI): the claim is about walks, which start after ~32 MB allocated,
            // so the code is warmed first and its CPU limit hits, if any, not counted.
            for (int i = 0; i < 40; i++) {
                TestWorkers.run(pool, caller, TestWorkers.get("http://caller.evil.localhost/"), targets);
            }
            awaitWalks(pool);
            long resetsBefore = pool.contextHeapResets();
            Counter counter = new Counter();
            for (int i = 1; i <= 150; i++) {
                counter.served(TestWorkers.run(pool, caller, TestWorkers.get("http://caller.evil.localhost/"), targets));
            }
            int resets = counter.resets;
            System.out.printf("through a binding: %d resets seen, %d walks, %.1f ms walking%n", resets,
                    pool.contextHeapWalks(), pool.contextHeapWalkNanos() / 1e6);
            assertTrue(resets >= 2, "the keeper's realm was reset after ~" + (LIMIT >> 20) + " MB: " + resets + " resets seen");
            awaitWalks(pool);
            long resetsAfter = pool.contextHeapResets() - resetsBefore;
            // every reset seen is one of the pool's; the pool may count one more, after the last response
            assertTrue(resetsAfter == resets || resetsAfter == resets + 1, resets + " resets seen, " + resetsAfter + " made");
        }
    }

    /**
     * The CPU bound on a walk ({@code edge.limits.context-heap-walk-ms}): a realm that keeps many small objects (10,000
     * a request, under its 64 MB limit) costs tens of milliseconds of the node's CPU per walk, billed to no request, and
     * a walk goes on through the object shapes every realm of the engine shares, which any tenant can grow. Bounded at
     * 60 ms, the walk is cancelled there and the realm reset (its count starts over; not a memory limit hit, its tenant
     * log says why); unbounded, the same realm is walked in full, for longer (120-190 ms), and kept. The bound is well
     * above what a spare realm's walk takes (~9 ms quiet, up to 29 ms in CI), which judges whether the engine is to
     * blame (ShapePollution): at the default 25 ms a loaded machine could say so and the keeper's walks would wait.
     */
    @Test
    void aWalkPastItsCpuBoundIsCancelledAndItsRealmReset() throws Exception {
        assumeJit();
        long limit = 64L << 20;
        long boundMs = 60;
        String source = """
                const kept = [];
                export default { fetch() {
                  for (let i = 0; i < 10000; i++) kept.push({ i, s: "x" + i });
                  const garbage = new Uint8Array(4 << 20).fill(1);
                  return new Response(String(kept.length / 10000 + garbage.length - (4 << 20)));
                } }""";
        long[] unbounded = walkKeeper(source, limit, 0);
        long[] bounded = walkKeeper(source, limit, boundMs);
        System.out.printf("a realm keeping 10,000 objects a request: unbounded %d walks, %.1f ms each, %d resets seen;"
                        + " bounded at %d ms %d walks, %.1f ms each, %d overruns, %d resets seen%n", unbounded[0],
                unbounded[1] / 1e6 / Math.max(1, unbounded[0]), unbounded[3], boundMs, bounded[0],
                bounded[1] / 1e6 / Math.max(1, bounded[0]), bounded[2], bounded[3]);
        assertTrue(unbounded[0] > 0 && unbounded[2] == 0 && unbounded[3] == 0,
                "unbounded, the realm is walked and kept (it keeps less than its limit)");
        assertTrue(unbounded[1] / unbounded[0] > TimeUnit.MILLISECONDS.toNanos(boundMs),
                "its walks take longer than the bound: " + unbounded[1] / 1e6 / unbounded[0] + " ms each");
        assertTrue(bounded[2] >= 1 && bounded[3] >= 1, "bounded, a walk is cancelled and the realm reset");
        assertTrue(bounded[1] / bounded[0] < TimeUnit.MILLISECONDS.toNanos(3 * boundMs),
                "a cancelled walk stops near the bound: " + bounded[1] / 1e6 / bounded[0] + " ms each");
    }

    /**
     * Another tenant's object shapes are not this realm's: a polluter that builds 20,000 objects a request from two sets
     * of computed keys (997 x 991 pairs, each set under GraalJS's 1,024 transitions per shape) grows the shape tree every
     * realm of the engine shares, so every realm's walk, a fresh one's too, runs past the bound; it keeps nothing. A
     * victim that keeps a counter and little else, walked every few requests, had its realm reset at each of those
     * walks. Now a spare realm's walk overruns too, so the victim's due walks wait (up to ShapePollution.MAX_DEFERRALS
     * in a row) and its realm is kept: its count goes on.
     */
    @Test
    void anotherTenantsShapesDoNotResetARealm() throws Exception {
        assumeJit();
        Recorded events = new Recorded();
        try (JsEngine engine = new JsEngine(WebApis.all());
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1, 1)
                     .withContextHeapBytes(16L << 20), TestWorkers.NO_HTTP, TestWorkers.NO_KV, events)) {
            pool.warmedUp().join();
            WorkerVersion polluter = version("mallory/shapes/production", """
                    let n = 0;
                    export default { fetch() {
                      let sum = 0;
                      for (let i = 0; i < 20000; i++, n++) {
                        const o = { ["k" + (n % 997)]: i, ["j" + ((n * 7) % 991)]: i };
                        sum += Object.keys(o).length;
                      }
                      return new Response(String(sum));
                    } }""");
            WorkerVersion victim = version("alice/counter/production", """
                    let served = 0;
                    export default { fetch() {
                      const garbage = new Uint8Array(1 << 20).fill(1);
                      return new Response(String(++served + garbage.length - (1 << 20)));
                    } }""");
            Counter counter = new Counter();
            for (int round = 1; round <= 60; round++) {
                assertEquals(200, TestWorkers.run(pool, polluter, TestWorkers.get("http://shapes.mallory.localhost/"))
                        .response().status());
                counter.served(TestWorkers.run(pool, victim, TestWorkers.get("http://counter.alice.localhost/")));
            }
            awaitWalks(pool);
            List<LogLine> victimResets = events.tenantLog.stream()
                    .filter(line -> line.environment().startsWith("alice/") && line.message().contains("was reset")).toList();
            System.out.printf("another tenant's shapes: %d walks (%.1f ms each), %d overruns, %d spare walks, %d due walks"
                            + " waited; the victim's count %d after 60 requests, %d resets seen%n", pool.contextHeapWalks(),
                    pool.contextHeapWalkNanos() / 1e6 / Math.max(1, pool.contextHeapWalks()), pool.contextHeapWalkOverruns(),
                    pool.shapePollutionProbes(), pool.contextHeapWalksDeferred(), counter.last, counter.resets);
            assertTrue(pool.shapePollutionProbes() > 0 && pool.contextHeapWalksDeferred() > 0,
                    "a spare realm's walk overran too, and the victim's due walks waited");
            assertEquals(0, counter.resets, "the victim's realm was kept: " + victimResets);
            assertEquals(List.of(), victimResets, "its tenant log has no reset");
            assertEquals(List.of(), events.limitHits, "no limit hit");
        }
    }

    /**
     * Runs the keeper {@code source} 30 times on one thread with the walk bound {@code boundMs}; returns its walks,
     * their CPU nanoseconds, the walks cancelled and the resets its responses showed (its count starting over).
     */
    private static long[] walkKeeper(String source, long limit, long boundMs) throws Exception {
        Recorded events = new Recorded();
        List<LogLine> tenantLog = events.tenantLog;
        List<String> limitHits = events.limitHits;
        try (JsEngine engine = new JsEngine(WebApis.all());
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1, 1)
                     .withContextHeapBytes(limit).withContextHeapWalkMs(boundMs), TestWorkers.NO_HTTP, TestWorkers.NO_KV,
                     events)) {
            pool.warmedUp().join();
            WorkerVersion keeper = version("acme/keeper/production", source);
            Counter counter = new Counter();
            for (int i = 1; i <= 30; i++) {
                counter.served(TestWorkers.run(pool, keeper, TestWorkers.get("http://keeper.acme.localhost/")));
            }
            awaitWalks(pool);
            assertEquals(List.of(), limitHits, "a cancelled walk is no limit hit of the tenant's");
            assertEquals(0, pool.contextHeapResets(), "and no reset for the limit");
            long overruns = pool.contextHeapWalkOverruns();
            assertEquals(overruns, tenantLog.stream().filter(line -> line.message().contains("took more than " + boundMs
                    + " ms of CPU time")).count(), () -> "each overrun in the tenant log: " + tenantLog);
            return new long[] {pool.contextHeapWalks(), pool.contextHeapWalkNanos(), overruns, counter.resets};
        }
    }

    /**
     * A hoarder whose requests wait on a timer, four at once, has a realm on each of four worker threads: the per-realm
     * limit alone (128 MB) would let it keep four times that. Its realms together are held within the version's limit
     * (48 MB here): each is walked after its share of what is left, and the walk that finds their sum at the limit
     * resets its realm, so the heap the node keeps for it stays near the limit, measured with the JVM's own heap after
     * a full collection (275 MB more without the version's limit). A well-behaved version with a 4 MB table in each of
     * its four realms (~22 MB together, prelude included) runs beside it and is never reset.
     */
    @Test
    void aVersionsRealmsOnSeveralThreadsAreBoundTogether() throws Exception {
        assumeJit();
        long versionLimit = 48L << 20;
        Recorded events = new Recorded();
        List<String> limitHits = events.limitHits;
        WorkerVersion hoarder = version("evil/spread/production", """
                const kept = [];
                export default { async fetch() {
                  await new Promise((resolve) => setTimeout(resolve, 2));
                  kept.push(new Uint8Array(1 << 20).fill(7));
                  return new Response(String(kept.length));
                } }""");
        WorkerVersion cache = version("acme/cache/production", """
                const table = new Uint8Array(4 << 20).fill(1);
                let served = 0;
                export default { async fetch() {
                  await new Promise((resolve) => setTimeout(resolve, 2));
                  const garbage = new Uint8Array(1 << 20).fill(7);
                  return new Response(String(++served + table[0] + garbage[0] - 8));
                } }""");
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        try (JsEngine engine = new JsEngine(WebApis.all());
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(4, 4)
                     .withFairness(new RuntimeSettings.Fairness(4, 4, 64)).withVersionHeapBytes(versionLimit)
                     .withContextHeapWalkMs(0),
                     TestWorkers.NO_HTTP, TestWorkers.NO_KV, events)) {
            pool.warmedUp().join();
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            int[] mostRealms = new int[1];
            java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    done.add(clients.submit(() -> {
                        for (int i = 0; i < 60; i++) {
                            InvocationResult kept = TestWorkers.run(pool, hoarder, TestWorkers.get("http://spread.evil.localhost/"));
                            assertNull(kept.limitHit(), () -> "request " + kept.error());
                            InvocationResult polite = TestWorkers.run(pool, cache, TestWorkers.get("http://cache.acme.localhost/"));
                            assertNull(polite.limitHit(), () -> "request " + polite.error());
                            VersionHeaps.VersionHeap heap = pool.versionHeaps().get(hoarder.contextKey());
                            if (heap != null) {
                                synchronized (mostRealms) {
                                    mostRealms[0] = Math.max(mostRealms[0], heap.realms());
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (var f : done) {
                    f.get(120, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
            }
            awaitWalks(pool);
            System.gc();
            long kept = memory.getHeapMemoryUsage().getUsed() - heapBefore;
            VersionHeaps.VersionHeap spread = pool.versionHeaps().get(hoarder.contextKey());
            VersionHeaps.VersionHeap cached = pool.versionHeaps().get(cache.contextKey());
            System.out.printf("version heap limit %d MB: 240 MB kept by the hoarder over %d realms at most; %d resets, %d"
                            + " walks, %.1f ms walking; its realms measured %d MB together at the end; the heap kept %d MB"
                            + " more than before; the cache's realms %d MB together%n", versionLimit >> 20, mostRealms[0],
                    pool.contextHeapResets(), pool.contextHeapWalks(), pool.contextHeapWalkNanos() / 1e6,
                    spread == null ? 0 : spread.total() >> 20, kept >> 20, cached == null ? -1 : cached.total() >> 20);
            assertTrue(mostRealms[0] >= 3, "the hoarder ran on several threads: " + mostRealms[0] + " realms at most");
            assertTrue(pool.contextHeapResets() >= 3, "240 MB kept against a 48 MB limit: " + pool.contextHeapResets());
            assertTrue(limitHits.stream().allMatch(hit -> hit.equals("evil/spread/production MEMORY")), limitHits::toString);
            assertTrue(spread != null && spread.total() < versionLimit, "its realms measured below the limit: "
                    + (spread == null ? "none left" : spread.total()));
            // the hoarder's realms may keep up to the limit, the cache's ~24 MB; 240 MB without the version's limit
            assertTrue(kept < versionLimit + (64L << 20), "the node keeps about the limit for the hoarder (and ~24 MB for the cache), not 240 MB: "
                    + (kept >> 20) + " MB more heap after a full collection");
            assertTrue(cached != null && cached.realms() >= 3, "the cache ran on several threads too: " + (cached == null ? 0 : cached.realms()) + " realms");
        }
    }

    /**
     * A worker that keeps {@code bytes} in a typed array and {@code objects} small objects per request, and answers how
     * many requests it has kept.
     */
    private static WorkerVersion hoarder(String envKey, int bytes, int objects) {
        return version(envKey, """
                const kept = [];
                export default { fetch() {
                  kept.push(new Uint8Array(%d).fill(7), Array.from({ length: %d }, (_, i) => ({ i })));
                  return new Response(String(kept.length / 2));
                } }""".formatted(bytes, objects));
    }

    /**
     * A version under a CPU limit of a second: these tests are about memory, and a realm that hits its CPU limit after
     * its response (its first requests run interpreted while the JIT compiles beside them) is reset for that too, which
     * would read as a memory reset here.
     */
    private static WorkerVersion version(String envKey, String source) {
        return TestWorkers.version(envKey, java.util.Map.of("worker.js", source), java.util.Map.of(), List.of(), 1000);
    }

    /** The runtime's events the tests look at: its tenant log lines and its limit hits ("environment KIND"). */
    private static final class Recorded implements RuntimeEvents {
        final List<LogLine> tenantLog = new CopyOnWriteArrayList<>();
        final List<String> limitHits = new CopyOnWriteArrayList<>();

        @Override
        public void tenantLog(LogLine line) {
            tenantLog.add(line);
        }

        @Override
        public void limitHit(WorkerVersion version, LimitKind kind) {
            limitHits.add(version.environment().key() + " " + kind);
        }
    }

    /** The count a keeper answers with, request by request: it starting over is a reset of its realm. */
    private static final class Counter {
        int last;
        int resets;

        void served(InvocationResult r) {
            assertNull(r.limitHit(), () -> "request " + r.response().status() + " " + r.error() + " " + r.logs());
            int count = Integer.parseInt(r.response().bodyText());
            if (count <= last) {
                resets++;
            }
            last = count;
        }
    }

    /** Waits until the pool's threads are free: the walks run after the responses, before the threads take more. */
    private static void awaitWalks(WorkerPool pool) throws InterruptedException {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (pool.inProgress() > 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
    }

    private static void assumeJit() {
        try (Engine probe = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build()) {
            assumeFalse(probe.getImplementationName().toLowerCase(java.util.Locale.ROOT).contains("interpreted"),
                    "needs the Graal compiler (the JIT tier)");
        }
    }
}
