package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The elastic pool: requests that wait (here on a timer) do not hold back other requests, up to
 * max-worker-threads; beyond that the queue and its 503 apply as before; extra threads retire.
 */
class ElasticPoolTest {
    static final JsEngine ENGINE = new JsEngine(io.edgeworks.edge.api.WebApis.all());

    static final WorkerVersion SLOW = TestWorkers.version("acme/slow/production",
            "export default { async fetch(request) {"
                    + " const ms = Number(new URL(request.url).searchParams.get('ms'));"
                    + " await new Promise(resolve => setTimeout(resolve, ms));"
                    + " return new Response('slept ' + ms); } }");
    /** Another tenant's: one account's waiting requests hold at most half the threads (see FairScheduler). */
    static final WorkerVersion FAST = TestWorkers.version("other/fast/production",
            "export default { fetch() { return new Response('fast'); } }");

    @Test
    void waitingRequestsDoNotDelayAFastOne() throws Exception {
        RuntimeSettings settings = RuntimeSettings.defaults().withWorkerThreads(1, 8).withExtraWorkerIdleMillis(300);
        try (WorkerPool pool = new WorkerPool(ENGINE, settings, TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            pool.warmedUp().join();
            List<CompletableFuture<InvocationResult>> slow = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                slow.add(pool.submit(SLOW, TestWorkers.get("http://slow.acme.localhost/?ms=5000"), ServiceTargets.NONE));
            }
            InvocationResult fast = pool.submit(FAST, TestWorkers.get("http://fast.acme.localhost/"), ServiceTargets.NONE)
                    .get(10, TimeUnit.SECONDS);
            assertEquals("fast", fast.response().bodyText());
            assertTrue(slow.stream().noneMatch(CompletableFuture::isDone), "the slow requests are still waiting on their timers");
            assertTrue(pool.threadCount() >= 2 && pool.threadCount() <= 8, "threads: " + pool.threadCount());

            // They all complete too, waiting side by side rather than one after the other.
            for (CompletableFuture<InvocationResult> f : slow) {
                InvocationResult r = f.get(10, TimeUnit.SECONDS);
                assertNull(r.error(), r::error);
                assertEquals("slept 5000", r.response().bodyText());
            }
        }
    }

    @Test
    void sixteenWaitingRequestsOnOneBaseThreadWaitSideBySide() throws Exception {
        RuntimeSettings settings = RuntimeSettings.defaults().withWorkerThreads(1, 64);
        try (WorkerPool pool = new WorkerPool(ENGINE, settings, TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            pool.warmedUp().join();
            long start = System.nanoTime();
            List<CompletableFuture<InvocationResult>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                all.add(pool.submit(SLOW, TestWorkers.get("http://slow.acme.localhost/?ms=1000"), ServiceTargets.NONE));
            }
            for (CompletableFuture<InvocationResult> f : all) {
                assertEquals("slept 1000", f.get(30, TimeUnit.SECONDS).response().bodyText());
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Measured figure (one thread in turn would take 16 s); the assertion is the pool's growth.
            System.out.printf("elastic pool: 16 requests awaiting a 1 s timer on 1 base thread took %d ms, %d threads%n",
                    ms, pool.threadCount());
            assertTrue(pool.threadCount() > 1, "threads: " + pool.threadCount());
        }
    }

    @Test
    void threadCapAndQueueStillAnswer503AndExtraThreadsRetire() throws Exception {
        RuntimeSettings settings = RuntimeSettings.defaults().withWorkerThreads(1, 2).withMaxQueuedRequests(1)
                .withExtraWorkerIdleMillis(200).withFairness(new RuntimeSettings.Fairness(1, 2, 1));
        try (WorkerPool pool = new WorkerPool(ENGINE, settings, TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            pool.warmedUp().join();
            List<CompletableFuture<InvocationResult>> slow = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                slow.add(pool.submit(SLOW, TestWorkers.get("http://slow.acme.localhost/?ms=1500"), ServiceTargets.NONE));
                awaitEmptyQueue(pool);
            }
            assertEquals(2, pool.threadCount(), "one extra thread for the second waiting request");
            CompletableFuture<InvocationResult> queued = pool.submit(FAST, TestWorkers.get("http://fast.acme.localhost/"), ServiceTargets.NONE);
            InvocationResult rejected = pool.submit(FAST, TestWorkers.get("http://fast.acme.localhost/"), ServiceTargets.NONE)
                    .get(1, TimeUnit.SECONDS);
            assertEquals(503, rejected.response().status());
            assertEquals("request queue full", rejected.error());
            assertFalse(queued.isDone(), "at the thread cap the queued request waits for a thread");
            assertEquals(2, pool.threadCount());

            assertEquals("fast", queued.get(10, TimeUnit.SECONDS).response().bodyText());
            for (CompletableFuture<InvocationResult> f : slow) {
                assertEquals("slept 1500", f.get(10, TimeUnit.SECONDS).response().bodyText());
            }
            awaitThreads(pool, 1);
            assertEquals("fast", pool.submit(FAST, TestWorkers.get("http://fast.acme.localhost/"), ServiceTargets.NONE)
                    .get(10, TimeUnit.SECONDS).response().bodyText());
        }
    }

    /**
     * Tenants whose requests wait make the pool start extra threads; the realms the node keeps stay within the
     * budget of its base threads (max-contexts-per-thread × worker-threads) instead of growing with each thread
     * (at 10,000 environments that was 600 MB of heap instead of 300).
     */
    @Test
    void extraThreadsShareTheContextBudget() throws Exception {
        int budget = 16;
        RuntimeSettings settings = RuntimeSettings.defaults().withWorkerThreads(1, 16).withMaxContextsPerThread(budget)
                .withExtraWorkerIdleMillis(60_000);
        try (WorkerPool pool = new WorkerPool(ENGINE, settings, TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            pool.warmedUp().join();
            List<CompletableFuture<InvocationResult>> slow = new ArrayList<>();
            for (String account : List.of("waits-a", "waits-b")) {
                for (int i = 0; i < 4; i++) {
                    WorkerVersion v = TestWorkers.version(account + "/slow" + i + "/production", SLOW.modules(), java.util.Map.of(), List.of(), 5_000);
                    slow.add(pool.submit(v, TestWorkers.get("http://slow" + i + "." + account + ".localhost/?ms=1500"), ServiceTargets.NONE));
                }
            }
            for (CompletableFuture<InvocationResult> f : slow) {
                assertEquals("slept 1500", f.get(20, TimeUnit.SECONDS).response().bodyText());
            }
            int grown = pool.threadCount();
            assertTrue(grown >= 5, "eight waiting requests grew the pool: " + grown + " threads");
            for (int i = 0; i < 40; i++) {
                WorkerVersion v = TestWorkers.version("many/e" + i + "/production", "export default { fetch() { return new Response('e" + i + "'); } }");
                assertEquals("e" + i, pool.submit(v, TestWorkers.get("http://e" + i + ".many.localhost/"), ServiceTargets.NONE)
                        .get(10, TimeUnit.SECONDS).response().bodyText());
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.contextCount() > budget && System.nanoTime() < until) {
                Thread.sleep(50); // idle threads trim to their share within a second
            }
            assertTrue(pool.threadCount() >= 5, "the extra threads are still there: " + pool.threadCount());
            assertTrue(pool.contextCount() <= budget, pool.contextCount() + " contexts cached on " + pool.threadCount()
                    + " threads, budget " + budget);
            WorkerVersion first = TestWorkers.version("many/e0/production", "export default { fetch() { return new Response('e0'); } }");
            assertEquals("e0", pool.submit(first, TestWorkers.get("http://e0.many.localhost/"), ServiceTargets.NONE)
                    .get(10, TimeUnit.SECONDS).response().bodyText(), "an evicted environment is served again (a new context)");
        }
    }

    /**
     * A burst of waiting requests grows the pool; once it is over, the extra threads go while other traffic goes on
     * (each of them gets a job now and then, so none is ever idle for a whole window): the pool is back at its base
     * size within two windows, and nothing is lost meanwhile.
     */
    @Test
    void extraThreadsRetireWhileASteadyLoadGoesOn() throws Exception {
        RuntimeSettings settings = RuntimeSettings.defaults().withWorkerThreads(1, 8).withExtraWorkerIdleMillis(300);
        try (WorkerPool pool = new WorkerPool(ENGINE, settings, TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            pool.warmedUp().join();
            List<CompletableFuture<InvocationResult>> slow = new ArrayList<>();
            for (String account : List.of("waits-a", "waits-b")) {
                for (int i = 0; i < 3; i++) {
                    WorkerVersion v = TestWorkers.version(account + "/slow" + i + "/production", SLOW.modules(), java.util.Map.of(), List.of(), 5_000);
                    slow.add(pool.submit(v, TestWorkers.get("http://slow" + i + "." + account + ".localhost/?ms=800"), ServiceTargets.NONE));
                }
            }
            for (CompletableFuture<InvocationResult> f : slow) {
                assertEquals("slept 800", f.get(20, TimeUnit.SECONDS).response().bodyText());
            }
            int grown = pool.threadCount();
            assertTrue(grown >= 4, "six waiting requests grew the pool: " + grown + " threads");
            // Two clients, one request in flight each, without a pause, for up to 8 s (the window is 0.3 s).
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            int served = 0;
            while (pool.threadCount() > 1 && System.nanoTime() < until) {
                CompletableFuture<InvocationResult> a = pool.submit(FAST, TestWorkers.get("http://fast.other.localhost/"), ServiceTargets.NONE);
                CompletableFuture<InvocationResult> b = pool.submit(FAST, TestWorkers.get("http://fast.other.localhost/"), ServiceTargets.NONE);
                assertEquals("fast", a.get(10, TimeUnit.SECONDS).response().bodyText());
                assertEquals("fast", b.get(10, TimeUnit.SECONDS).response().bodyText());
                served += 2;
            }
            assertEquals(1, pool.threadCount(), "the extra threads retired under the steady load (" + served + " requests, grown to "
                    + grown + ")");
            assertEquals("fast", pool.submit(FAST, TestWorkers.get("http://fast.other.localhost/"), ServiceTargets.NONE)
                    .get(10, TimeUnit.SECONDS).response().bodyText());
        }
    }

    @Test
    void cpuBoundRequestsDoNotGrowThePool() throws Exception {
        WorkerVersion busy = TestWorkers.version("acme/busy/production", java.util.Map.of("worker.js",
                "export default { fetch() { const end = Date.now() + 300;"
                        // the clock is read rarely: an interpreted Date.now() loop allocates past the request's budget
                        + " for (let i = 1; ; i++) { if ((i & 0xfff) === 0 && Date.now() >= end) break; }"
                        + " return new Response('done'); } }"),
                java.util.Map.of(), List.of(), 5_000);
        RuntimeSettings settings = RuntimeSettings.defaults().withWorkerThreads(1, 8).withExtraWorkerIdleMillis(200);
        try (WorkerPool pool = new WorkerPool(ENGINE, settings, TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            pool.warmedUp().join();
            awaitThreads(pool, 1); // the warm-up's timer waits may have started an extra thread
            // The warm-up's future completes just before its job gives back its run slot; a tenant request
            // queued while host work holds the only slot may rightly get a thread of its own.
            awaitIdle(pool);
            List<CompletableFuture<InvocationResult>> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                all.add(pool.submit(busy, TestWorkers.get("http://busy.acme.localhost/"), ServiceTargets.NONE));
            }
            for (CompletableFuture<InvocationResult> f : all) {
                assertEquals("done", f.get(20, TimeUnit.SECONDS).response().bodyText());
            }
            assertEquals(1, pool.threadCount(), "requests that run JavaScript queue for the base threads");
        }
    }

    private static void awaitThreads(WorkerPool pool, int count) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.threadCount() > count && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertEquals(count, pool.threadCount(), "extra threads retire when idle");
    }

    private static void awaitIdle(WorkerPool pool) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.runningRequests() > 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(0, pool.runningRequests());
    }

    private static void awaitEmptyQueue(WorkerPool pool) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.queuedRequests() > 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        Thread.sleep(50); // the thread that took it reaches its timer wait
        assertEquals(0, pool.queuedRequests());
    }
}
