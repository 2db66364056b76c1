package io.edgeworks.edge.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Per-request cost of the runtime without HTTP: runs one worker file through a one-thread pool, eight
 * requests in flight, and prints the running total and requests/s every two seconds (how fast the JIT warms
 * up, then the steady state). Usage: {@code edge-node/profile.sh <worker.js> [seconds] [method] [body-file]}.
 * System properties: {@code bench.sampler=histogram|calltree} (Truffle's CPU sampler, written to
 * {@code bench.samplerFile} after {@code bench.samplerDelayMs}), {@code bench.engineOptions=k=v,k=v} (e.g.
 * {@code engine.TraceCompilation=true,log.file=/tmp/compile.log}); either drops the sandbox (see
 * {@link JsEngine#forProfiling}); {@code bench.bind=NAME:callee.js[:Entrypoint]} (comma-separated for several) binds the worker's env.NAME to a
 * second worker (a service binding, fetch or RPC; the callee's vars from {@code bench.calleeVars=K=V,K=V}), and
 * every request carries {@code bench.header=name:value} when set; {@code bench.versions=N} requests N environments of
 * the same code in turn (N realms on the thread, as on an edge serving many tenants).
 *
 * <p>Each line gives two CPU figures per request: what the requests were billed (their handlers' CPU time, callees
 * included) and what the pool's worker threads spent in all (dispatch, realm entry, the response's conversion, heap
 * walks, promise jobs, the hand-off's context switches: the runtime's cost per request that no tenant is billed).
 */
public final class RequestLoopBench {
    public static void main(String[] args) throws Exception {
        String source = Files.readString(Path.of(args[0]));
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String method = args.length > 2 ? args[2] : "GET";
        byte[] body = args.length > 3 ? Files.readAllBytes(Path.of(args[3])) : null;
        Map<String, String> options = new java.util.HashMap<>();
        String sampler = System.getProperty("bench.sampler");
        if (sampler != null) {
            options.put("cpusampler", "true");
            options.put("cpusampler.Output", sampler);
            options.put("cpusampler.OutputFile", System.getProperty("bench.samplerFile", "/tmp/sampler.txt"));
            options.put("cpusampler.Delay", System.getProperty("bench.samplerDelayMs", "0"));
            options.put("cpusampler.Period", "1");
        }
        for (String kv : System.getProperty("bench.engineOptions", "").split(",")) {
            if (kv.contains("=")) {
                options.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        try (JsEngine engine = options.isEmpty() ? new JsEngine(io.edgeworks.edge.api.WebApis.all()) : JsEngine.forProfiling(io.edgeworks.edge.api.WebApis.all(), options);
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), TestWorkers.NO_HTTP,
                     TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            pool.warmedUp().get(600, TimeUnit.SECONDS);
            List<io.edgeworks.bundle.Binding> bindings = new ArrayList<>();
            ServiceTargets targets = ServiceTargets.NONE;
            String bind = System.getProperty("bench.bind");
            if (bind != null) {
                Map<String, String> vars = new java.util.HashMap<>();
                for (String kv : System.getProperty("bench.calleeVars", "").split(",")) {
                    if (kv.contains("=")) {
                        vars.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                }
                // NAME:callee.js[:Entrypoint], comma-separated: one callee service per binding
                Map<io.edgeworks.bundle.EnvironmentRef, WorkerVersion> callees = new java.util.HashMap<>();
                for (String one : bind.split(",")) {
                    String[] b = one.split(":");
                    String service = "callee-" + b[0].toLowerCase(java.util.Locale.ROOT);
                    WorkerVersion callee = TestWorkers.version("acme/" + service + "/production",
                            Map.of("worker.js", Files.readString(Path.of(b[1]))), vars, List.of(), 5_000);
                    callees.put(callee.environment(), callee);
                    bindings.add(new io.edgeworks.bundle.Binding.Service(b[0], service, "production", null, b.length > 2 ? b[2] : null));
                }
                targets = (environment, pinned, r) -> callees.get(environment);
            }
            // bench.versions=N: N environments of the same code, requested in turn (N realms run the shared prelude code)
            int versionCount = Integer.getInteger("bench.versions", 1);
            List<WorkerVersion> versions = new ArrayList<>();
            for (int v = 0; v < versionCount; v++) {
                versions.add(TestWorkers.version("acme/bench" + (v == 0 ? "" : "-" + v) + "/production", Map.of("worker.js", source),
                        Map.of(), bindings, 5_000)); // a generous CPU limit: early requests run interpreted
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(Map.entry("host", "bench.example"),
                    Map.entry("user-agent", "wrk"), Map.entry("accept", "*/*"), Map.entry("content-type", "application/json")));
            String header = System.getProperty("bench.header");
            if (header != null) {
                headers.add(Map.entry(header.substring(0, header.indexOf(':')), header.substring(header.indexOf(':') + 1)));
            }
            EdgeRequest request = new EdgeRequest(method, "http://bench.example/path?x=1", headers, body);
            long begin = System.nanoTime();
            long end = begin + TimeUnit.SECONDS.toNanos(seconds);
            long total = 0;
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                long workersBefore = workerThreadsCpu(pool);
                int n = 0;
                long cpu = 0;
                while (System.nanoTime() - start < 2_000_000_000L) {
                    List<CompletableFuture<InvocationResult>> batch = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        batch.add(pool.submit(versions.get((int) ((total + n + i) % versions.size())), request, targets));
                    }
                    for (CompletableFuture<InvocationResult> f : batch) {
                        InvocationResult r = f.get(10, TimeUnit.SECONDS);
                        if (r.response().status() != 200) {
                            throw new IllegalStateException(r.response().status() + " " + r.error());
                        }
                        n++;
                        cpu += r.cpuNanos();
                    }
                }
                double secs = (System.nanoTime() - start) / 1e9;
                total += n;
                System.out.printf("t=%3.0fs total=%8d  %.0f req/s (%.1f us/req, %.1f us CPU/req, workers %.1f us CPU/req)%n",
                        (System.nanoTime() - begin) / 1e9, total, n / secs, secs * 1e6 / n, cpu / 1e3 / n,
                        (workerThreadsCpu(pool) - workersBefore) / 1e3 / n);
            }
        }
    }

    /**
     * CPU time of the pool's worker threads so far (the live ones: a thread that retired within a window takes its
     * time with it, so a window in which the pool shrank reads low).
     */
    private static long workerThreadsCpu(WorkerPool pool) {
        long sum = 0;
        for (WorkerThread worker : pool.workers()) {
            sum += Math.max(0, worker.threadCpu());
        }
        return sum;
    }
}
