package io.edgeworks.edge.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fairness between accounts, measured on the runtime without HTTP (the scheduler, the pool and the
 * watchdog as the edge runs them, default settings): account B's hello with 32 clients in a closed loop,
 * first alone, then while account A keeps 64 requests spinning at the maximum cpu_ms (30,000 ms) and 200
 * requests sleeping on 5 s timers in flight (each re-sent as soon as it ends or is refused), then alone
 * again (the JIT keeps warming: the better alone phase is the reference). Prints B's requests/s and
 * p50/p99/max latency in each phase and the ratio. Not a test: a figure for RESULTS.md.
 * <p>With {@code compile} as the second argument account A floods with compile bombs instead: 64 requests in
 * flight on {@value #BOMB_VERSIONS} versions (a new deploy each, so new code), each version a module of
 * {@value #BOMB_FUNCTIONS} large functions ({@value #BOMB_STATEMENTS} distinct statements each, ~4 MB of
 * source, under the edge's default 1 MiB module limit), every request calling a few of them in a loop: work the
 * JIT compiles on its own threads, billed to no request. The phase also prints the CPU time of Truffle's
 * compiler threads and the collections (count, time) in it.
 * A third argument {@code <burst ms>/<percent>} sets the accounts' share of the JIT compiler (CompileBudget; e.g.
 * {@code 100000000/100} for practically none).
 * With {@code poison}, A calls the Web API prelude with every kind of argument ({@link #POISON}). With {@code deploy},
 * A deploys versions whose global scope spins, {@value #DEPLOY_CLIENTS} at once ({@link #DEPLOY_SOURCE}).
 * Usage: {@code deploy/local/bench-fairness.sh [seconds per phase] [spin|compile|poison|deploy] [burst/percent]}.
 */
public final class FairnessBench {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        boolean compileBombs = args.length > 1 && args[1].equals("compile");
        boolean poison = args.length > 1 && args[1].equals("poison");
        boolean deploys = args.length > 1 && args[1].equals("deploy");
        WorkerVersion hello = TestWorkers.version("good/hello/production",
                "export default { fetch(request) { return new Response('hello ' + new URL(request.url).pathname); } }");
        WorkerVersion spin = TestWorkers.version("evil/spin/production", Map.of("worker.js",
                "export default { fetch() { while (true) {} } }"), Map.of(), List.of(), 30_000);
        WorkerVersion sleep = TestWorkers.version("evil/sleep/production",
                "export default { async fetch() { await new Promise(r => setTimeout(r, 5_000)); return new Response('slept'); } }");
        RuntimeSettings settings = RuntimeSettings.defaults();
        if (args.length > 2) { // the accounts' share of the JIT compiler: <burst ms>/<percent of one compiler thread>
            String[] budget = args[2].split("/");
            settings = settings.withFairness(new RuntimeSettings.Fairness(0, 0, 0, Long.parseLong(budget[0]), Integer.parseInt(budget[1])));
        }
        System.out.printf("JIT compiler share per account: %,d ms burst, %d%% of one compiler thread%n",
                settings.fairness().compileBurstMsOrDefault(), settings.fairness().compileSharePercentOrDefault());
        System.out.printf("cores %d, run slots %d, max threads %d, per account: %d running, %d threads, %d queued%n",
                Runtime.getRuntime().availableProcessors(), settings.workerThreads(), settings.maxWorkerThreads(),
                settings.accountRunning(), settings.accountConcurrent(), settings.accountQueued());
        try (JsEngine engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
             WorkerPool pool = new WorkerPool(engine, settings, TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            pool.warmedUp().join();
            System.out.println("warming up B's hello for " + seconds + " s");
            measure(pool, hello, clients, seconds);
            Figures alone = measure(pool, hello, clients, seconds);
            System.out.println("B alone:        " + alone);

            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong refused = new AtomicLong();
            List<WorkerVersion> bombs = new ArrayList<>();
            for (int v = 0; compileBombs && v < BOMB_VERSIONS; v++) {
                bombs.add(TestWorkers.version("evil/bomb" + v + "/production", Map.of("worker.js", CompileBomb.module(v, BOMB_FUNCTIONS, BOMB_STATEMENTS)),
                        Map.of(), List.of(), 30_000));
            }
            Usage before = Usage.now();
            // The sleepers first (they take threads and wait), then the spinners behind them in A's queue; or the
            // bombs.
            WorkerVersion poisoner = TestWorkers.version("evil/poison/production", Map.of("worker.js", POISON), Map.of(), List.of(), 30_000);
            AtomicLong deployed = new AtomicLong();
            AtomicLong loadedOk = new AtomicLong();
            for (int i = 0; deploys && i < DEPLOY_CLIENTS; i++) {
                int n = i;
                clients.submit(() -> {
                    while (flooding.get()) {
                        long number = deployed.incrementAndGet();
                        String error = pool.load(TestWorkers.version("evil/deploy" + (n % 4) + "/production",
                                DEPLOY_SOURCE.formatted(number))).join();
                        if (error == null) {
                            loadedOk.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (int i = compileBombs || poison || deploys ? 200 + 64 : 0; i < 200 + 64; i++) {
                WorkerVersion version = poison ? poisoner : compileBombs ? bombs.get(i % bombs.size()) : i < 200 ? sleep : spin;
                int n = i;
                clients.submit(() -> {
                    while (flooding.get()) {
                        InvocationResult r = pool.submit(version, TestWorkers.get("http://a/" + n), ServiceTargets.NONE).join();
                        if (r.response().status() == 503 && r.limitHit() == null) {
                            refused.incrementAndGet();
                            Thread.sleep(1000); // its Retry-After
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(2000);
            Figures loaded = measure(pool, hello, clients, seconds);
            System.out.println("B during flood: " + loaded + String.format(" (A: %d threads, %d queued, %d refused)",
                    pool.threadCount(), pool.queuedRequests(), refused.get()));
            System.out.println("during the flood (from its start): " + Usage.now().since(before));
            if (deploys) {
                System.out.printf("A's deploys started %d, loaded %d; start-ups charged to A %,d ms%n", deployed.get(),
                        loadedOk.get(), TimeUnit.NANOSECONDS.toMillis(pool.cpuBurstStartUpNanos()));
            }
            System.out.println("JIT compiler time charged (CompileBudget): A " + pool.compileBudget().usage("evil")
                    + ", B " + pool.compileBudget().usage("good"));
            flooding.set(false);
            // A's queue would take minutes to drain (its spinners run 30 s each): B alone again on a new pool of
            // the same engine (compiled code lives in the engine, not the pool).
            Figures after;
            try (WorkerPool quiet = new WorkerPool(engine, settings, TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE)) {
                quiet.warmedUp().join();
                measure(quiet, hello, clients, 5);
                after = measure(quiet, hello, clients, seconds);
            }
            System.out.println("B alone again:  " + after);
            System.out.println("JIT compiler time charged by then: A " + pool.compileBudget().usage("evil"));
            System.out.printf("B alone again / alone: %.2f%n", after.rps / alone.rps);
            Figures unloaded = after.rps > alone.rps ? after : alone;
            System.out.printf("B throughput during flood / alone (the better alone phase): %.2f; p99 %.1f ms (target: >= 0.50 and <= 50 ms)%n",
                    loaded.rps / unloaded.rps, loaded.p99Ms);
            System.exit(0);
        }
    }

    /**
     * The {@code poison} flood: the Web API prelude's code (URL, Response, Headers, string building) called with every
     * kind of argument it accepts, so that its shared nodes (one engine: every tenant's context runs the same prelude
     * ASTs) see many types. Whether that slows another tenant's hello afterwards is what the phase after shows.
     */
    static final String POISON = """
            const bodies = () => ['s', new Uint8Array(3), new ArrayBuffer(5), new DataView(new ArrayBuffer(2)), new Blob(['b']),
              new URLSearchParams('a=1'), null, undefined, new Uint16Array(2), new Float64Array(1), new FormData(), 42, { toString() { return 'o'; } }];
            const urls = ['http://a/b?c#d', new URL('https://x.example/p'), { toString() { return 'http://y/z'; } }, 'http://[::1]:8/',
              'https://é.example/%41', 'http://a/' + 'x'.repeat(100), new String('http://s/t')];
            const inits = () => [undefined, {}, { status: 201 }, { headers: { a: 'b' } }, { headers: [['c', 'd']] },
              { headers: new Headers({ e: 'f' }) }, { statusText: 'ok', status: 202 }, { headers: new Map([['g', 'h']]) }];
            export default { fetch(request) {
              let n = 0;
              for (const u of urls) { try { const url = new URL(u); n += url.pathname.length + url.search.length; } catch { n++; } }
              for (const b of bodies()) for (const i of inits()) {
                try { const r = new Response(b, i); n += r.status + r.headers.has('a'); } catch { n++; }
              }
              return new Response('poison ' + n + new URL(request.url).pathname);
            } }
            """;

    /**
     * The {@code deploy} flood: {@value #DEPLOY_CLIENTS} deploys of account A in flight at once (each a new version of one
     * of four environments, loaded as the edge loads a deploy and warmed where its predecessor is), each version's
     * global scope spinning 300 ms of the 400 ms start-up limit. Far beyond the control plane's deploy quota (120 a
     * minute per account): the node's side of the bound.
     */
    static final int DEPLOY_CLIENTS = 16;
    static final String DEPLOY_SOURCE = """
            const started = Date.now();
            while (Date.now() - started < 300) {}
            export default { fetch() { return new Response('deploy %d'); } }
            """;

    static final int BOMB_VERSIONS = 8;
    static final int BOMB_FUNCTIONS = 12;
    static final int BOMB_STATEMENTS = 3_000;

    /** CPU time of Truffle's compiler threads and the JVM's collections, at one instant. */
    record Usage(long compilerCpuNanos, long processCpuNanos, long collections, long collectionMillis, long heapUsed) {
        static Usage now() {
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long compiler = 0;
            for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().contains("Compiler")) {
                    compiler += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            long count = 0, millis = 0;
            for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                count += gc.getCollectionCount();
                millis += gc.getCollectionTime();
            }
            long process = ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            return new Usage(compiler, process, count, millis,
                    java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        String since(Usage start) {
            return String.format("process %.1f s of CPU, compiler threads %.1f s (live threads only), %d collections taking %,d ms, heap %,d MB",
                    (processCpuNanos - start.processCpuNanos) / 1e9,
                    (compilerCpuNanos - start.compilerCpuNanos) / 1e9, collections - start.collections,
                    collectionMillis - start.collectionMillis, heapUsed >> 20);
        }
    }

    record Figures(double rps, double p50Ms, double p99Ms, double maxMs, long errors) {
        @Override
        public String toString() {
            return String.format("%,.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d errors", rps, p50Ms, p99Ms, maxMs, errors);
        }
    }

    private static Figures measure(WorkerPool pool, WorkerVersion hello, ExecutorService clients, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<List<Long>> perClient = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < 32; c++) {
            List<Long> latencies = new ArrayList<>();
            perClient.add(latencies);
            int client = c;
            running.add(clients.submit(() -> {
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    InvocationResult r = pool.submit(hello, TestWorkers.get("http://b/" + client), ServiceTargets.NONE).join();
                    latencies.add(System.nanoTime() - t);
                    if (r.response().status() != 200) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (var f : running) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Long> all = new ArrayList<>();
        perClient.forEach(all::addAll);
        Collections.sort(all);
        return new Figures(all.size() / elapsed, at(all, 0.50), at(all, 0.99), all.getLast() / 1e6, errors.get());
    }

    private static double at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (q * sorted.size()))) / 1e6;
    }
}
