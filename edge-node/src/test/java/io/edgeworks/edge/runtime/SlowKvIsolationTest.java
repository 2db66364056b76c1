package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.Binding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile tenants against KV bindings: KV calls are asynchronous like fetch, so requests waiting for slow KV writes
 * (Redis made slow, acknowledgements withheld) hold no run slot and let others run; one request cannot put more than
 * {@link RequestBudget#KV_IN_FLIGHT} calls at the store at once nor make more than {@link RequestBudget#KV_OPERATIONS};
 * and a call that completes after its request ended runs no tenant code.
 */
class SlowKvIsolationTest {
    static JsEngine engine;

    @BeforeAll
    static void start() {
        engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /**
     * FAKE of the layer below the runtime (a Redis that answers slowly, or a platform that withholds its
     * acknowledgements): every call completes only when the test releases it, or after {@code delayMs}.
     */
    static final class SlowKv implements KvStore {
        final long delayMs;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger highest = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();

        SlowKv(long delayMs) {
            this.delayMs = delayMs;
        }

        private <T> CompletionStage<T> later(T value) {
            started.incrementAndGet();
            highest.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<T> f = new CompletableFuture<>();
            // out of flight before it completes: completing it may start the request's next call at once
            Runnable complete = () -> {
                inFlight.decrementAndGet();
                f.complete(value);
            };
            if (delayMs > 0) {
                CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS).execute(complete);
            } else {
                held.add(complete);
            }
            return f;
        }

        /** Completes every call withheld so far. */
        void release() {
            Runnable complete;
            while ((complete = held.poll()) != null) {
                complete.run();
            }
        }

        public CompletionStage<byte[]> get(String ns, String key) { return later(null); }
        public CompletionStage<Void> put(String ns, String key, byte[] value) { return later(null); }
        public CompletionStage<Void> delete(String ns, String key) { return later(null); }
        public CompletionStage<Collection<String>> keys(String ns) { return later(List.of()); }
    }

    static final WorkerVersion HELLO = TestWorkers.version("good/hello/production",
            "export default { fetch() { return new Response('hi'); } }");

    static WorkerVersion kvWorker(String env, String source) {
        return TestWorkers.version(env, Map.of("worker.js", source), Map.of(), List.of(new Binding.Kv("KV", "kv", "ns-" + env.hashCode())), 200);
    }

    /**
     * 64 slow puts (8 requests of one account, 8 puts each, their completions withheld as when the platform withholds its
     * acknowledgements) on a pool of 2 base threads: the puts wait side by side, six of each request at the store, holding
     * no run slot, and another account's requests are served meanwhile. With synchronous KV calls each put held its
     * request's run slot: one put in flight, the account's requests one after the other.
     */
    @Test
    void slowPutsOfOneAccountHoldNoRunSlotAndAnotherAccountIsServed() throws Exception {
        WorkerVersion puts = kvWorker("evil/kv/production", """
                export default { async fetch(request, env) {
                  const all = [];
                  for (let i = 0; i < 8; i++) all.push(env.KV.put('k' + i, 'v'));
                  await Promise.all(all);
                  return new Response('put');
                } };""");
        SlowKv kv = new SlowKv(0);
        RuntimeSettings settings = RuntimeSettings.defaults().withWorkerThreads(2, 16).withMaxQueuedRequests(256);
        try (WorkerPool pool = new WorkerPool(engine, settings, TestWorkers.NO_HTTP, kv, RuntimeEvents.NONE)) {
            pool.warmedUp().join();
            TestWorkers.run(pool, HELLO, TestWorkers.get("http://hello/"));
            List<CompletableFuture<InvocationResult>> flood = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                flood.add(pool.submit(puts, TestWorkers.get("http://kv/" + i), ServiceTargets.NONE));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (kv.inFlight.get() < 8 * RequestBudget.KV_IN_FLIGHT && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            int inFlight = kv.inFlight.get();
            // the last request may still be between its sixth put and its wait
            until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (pool.runningRequests() > 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            int running = pool.runningRequests();
            int threads = pool.threadCount();
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                assertEquals("hi", TestWorkers.run(pool, HELLO, TestWorkers.get("http://hello/" + i)).response().bodyText());
                latencies.add(System.nanoTime() - t);
            }
            long released = System.nanoTime();
            for (CompletableFuture<InvocationResult> f : flood) {
                while (!f.isDone() && System.nanoTime() - released < TimeUnit.SECONDS.toNanos(20)) {
                    kv.release();
                    Thread.sleep(2);
                }
                InvocationResult r = f.get(1, TimeUnit.SECONDS);
                assertNull(r.error(), r::error);
                assertEquals("put", r.response().bodyText());
            }
            long done = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released);
            Collections.sort(latencies);
            long p50 = TimeUnit.NANOSECONDS.toMicros(latencies.get(latencies.size() / 2));
            long max = TimeUnit.NANOSECONDS.toMillis(latencies.getLast());
            System.out.printf("[measure] 64 withheld KV puts (8 requests x 8): %d puts in flight at once (at most %d per request),"
                    + " %d run slots held, %d threads; other account p50 %d us, max %d ms; the 8 requests done %d ms after release%n",
                    inFlight, RequestBudget.KV_IN_FLIGHT, running, threads, p50, max, done);
            assertEquals(8 * RequestBudget.KV_IN_FLIGHT, inFlight, "every request's puts wait side by side, six at a time each");
            assertEquals(0, running, "requests waiting for KV hold no run slot");
            assertEquals(64, kv.started.get());
            assertEquals(8 * RequestBudget.KV_IN_FLIGHT, kv.highest.get(), "never more than six of a request's calls at the store");
            assertTrue(max < 1000, "another account's request waited " + max + " ms");
        }
    }

    /**
     * A request that ends (here: it answers without awaiting its KV calls) drops their outcomes: calls still waiting for
     * a place never reach the store, and those that complete later run none of the tenant's callbacks.
     */
    @Test
    void aKvCallCompletingAfterItsRequestEndedRunsNoTenantCode() throws Exception {
        WorkerVersion leaky = kvWorker("evil/leak/production", """
                let late = 0;
                export default { async fetch(request, env) {
                  if (new URL(request.url).pathname === '/count') return new Response(String(late));
                  for (let i = 0; i < 20; i++) env.KV.get('k' + i).then(() => { late++; }, () => { late++; });
                  return new Response('gone');
                } };""");
        SlowKv kv = new SlowKv(0);
        try (WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), TestWorkers.NO_HTTP, kv,
                RuntimeEvents.NONE)) {
            pool.warmedUp().join();
            assertEquals("gone", TestWorkers.run(pool, leaky, TestWorkers.get("http://leak/")).response().bodyText());
            assertEquals(RequestBudget.KV_IN_FLIGHT, kv.started.get(), "only the first six calls reached the store");
            // the response is out a moment before its request ends
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pool.inProgress() > 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertEquals(0, pool.inProgress(), "the request ended");
            kv.release();
            kv.release(); // the waiting calls of the ended request are skipped, not started
            Thread.sleep(100);
            assertEquals(RequestBudget.KV_IN_FLIGHT, kv.started.get(), "calls of an ended request never start");
            assertEquals(0, kv.inFlight.get());
            assertEquals("0", TestWorkers.run(pool, leaky, TestWorkers.get("http://leak/count")).response().bodyText(),
                    "a callback of an ended request ran");
        }
    }

    /** Past {@link RequestBudget#KV_OPERATIONS} calls in one request (a binding chain counts as one), each rejects with an Error. */
    @Test
    void aRequestMakesAtMostAThousandKvCalls() throws Exception {
        WorkerVersion greedy = kvWorker("evil/greedy/production", """
                export default { async fetch(request, env) {
                  const outcomes = await Promise.allSettled(Array.from({ length: 1005 }, (_, i) => env.KV.get('k' + i)));
                  const refused = outcomes.filter(o => o.status === 'rejected');
                  return new Response(refused.length + ' ' + (refused.length ? refused[0].reason.constructor.name + ': ' + refused[0].reason.message : ''));
                } };""");
        SlowKv kv = new SlowKv(1);
        try (WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), TestWorkers.NO_HTTP, kv,
                RuntimeEvents.NONE)) {
            InvocationResult result = TestWorkers.run(pool, greedy, TestWorkers.get("http://greedy/"));
            assertNull(result.error(), result::error);
            assertEquals("5 Error: KV get: too many KV operations; a request may make at most 1000 (get, put, delete and list calls)",
                    result.response().bodyText());
            assertEquals(1000, kv.started.get());
            assertEquals(RequestBudget.KV_IN_FLIGHT, kv.highest.get(), "at most six calls of a request at the store at once");
        }
    }
}
