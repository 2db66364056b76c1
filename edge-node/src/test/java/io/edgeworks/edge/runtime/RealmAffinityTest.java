package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which thread runs a request ({@link FairScheduler}): a free thread without its version's realm hands it to a waiting
 * thread that has one, so versions served one request at a time keep one realm each, not one on every thread; a busy
 * version still runs on every thread.
 */
class RealmAffinityTest {
    static JsEngine engine;
    static WorkerPool pool;

    @BeforeAll
    static void start() {
        engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
        // two threads and no extra ones (an extra thread that retires takes its realms with it); an account may run two
        // requests at once (by default, half the threads: one here, and then the busy version's 40 requests ran one at a
        // time, on whichever thread won the lock after each; the one that had just run the last one won every time in a
        // failed CI run, so the busy version ran on one thread)
        pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(2, 2)
                .withFairness(new RuntimeSettings.Fairness(2, 2, 0)), TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE);
        pool.warmedUp().join();
    }

    @AfterAll
    static void stop() {
        pool.close();
        engine.close();
    }

    /**
     * 20 versions requested one at a time, in turn, on two threads: once each has a realm, the next rounds start none,
     * where each request went to whichever thread was free and every version ended with a realm on both (measured
     * without the hand-over: 38 and 40 realms of 40 after the four rounds; with it, 20).
     */
    @Test
    void versionsRequestedOneAtATimeKeepARealmOnOneThread() throws Exception {
        List<WorkerVersion> versions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            versions.add(TestWorkers.version("quiet" + (i % 4) + "/app" + i + "/production",
                    "export default { fetch() { return new Response('" + i + "'); } }"));
        }
        roundOf(versions, 0);
        long first = realmsOf(versions);
        awaitSpares();
        long handOvers = pool.handOvers();
        for (int round = 1; round < 5; round++) {
            roundOf(versions, round);
        }
        long realms = realmsOf(versions);
        System.out.printf("[measure] 20 versions requested one at a time on 2 threads: %d realms after the first round, %d"
                + " after four more (of 40 possible), %d hand-overs%n", first, realms, pool.handOvers() - handOvers);
        assertEquals(20, first, "one realm per version");
        assertTrue(realms <= first + 2, "the later rounds started " + (realms - first) + " realms");
    }

    /** Waits until the threads have prepared their spare realms (idle work that a request would wait for). */
    private static void awaitSpares() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pool.spareContextCount() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static void roundOf(List<WorkerVersion> versions, int round) throws Exception {
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(String.valueOf(i), TestWorkers.run(pool, versions.get(i), TestWorkers.get("http://quiet/" + round)).response().bodyText());
        }
    }

    private static long realmsOf(List<WorkerVersion> versions) {
        return versions.stream().mapToLong(v -> pool.workers().stream().filter(w -> w.holds(v.contextKey())).count()).sum();
    }

    @Test
    void aBusyVersionRunsOnEveryThread() throws Exception {
        WorkerVersion busy = TestWorkers.version("busy/app/production", Map.of("worker.js", """
                export default { fetch() { const t = Date.now(); while (Date.now() - t < 5) {} return new Response('busy'); } }"""),
                Map.of(), List.of(), 50);
        // both threads free: a thread still preparing a spare realm (interpreted, slow on a loaded machine) could be
        // busy for all of the ~200 ms the 40 requests take, and the other would serve them alone
        awaitSpares();
        List<CompletableFuture<InvocationResult>> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(pool.submit(busy, TestWorkers.get("http://busy/" + i), ServiceTargets.NONE));
        }
        for (CompletableFuture<InvocationResult> f : all) {
            assertEquals("busy", f.get(30, TimeUnit.SECONDS).response().bodyText());
        }
        assertEquals(2, pool.workers().stream().filter(w -> w.holds(busy.contextKey())).count(),
                "40 requests queued at once run on both threads");
    }
}
