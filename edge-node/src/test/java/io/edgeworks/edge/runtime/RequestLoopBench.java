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
 * {@link JsEngine#forProfiling}).
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
            pool.warmedUp().get(60, TimeUnit.SECONDS);
            WorkerVersion version = TestWorkers.version("acme/bench/production", Map.of("worker.js", source), Map.of(),
                    List.of(), 5_000); // a generous CPU limit: early requests run interpreted
            EdgeRequest request = new EdgeRequest(method, "http://bench.example/path?x=1",
                    List.of(Map.entry("host", "bench.example"), Map.entry("user-agent", "wrk"),
                            Map.entry("accept", "*/*"), Map.entry("content-type", "application/json")), body);
            long begin = System.nanoTime();
            long end = begin + TimeUnit.SECONDS.toNanos(seconds);
            long total = 0;
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                int n = 0;
                while (System.nanoTime() - start < 2_000_000_000L) {
                    List<CompletableFuture<InvocationResult>> batch = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        batch.add(pool.submit(version, request, ServiceTargets.NONE));
                    }
                    for (CompletableFuture<InvocationResult> f : batch) {
                        InvocationResult r = f.get(10, TimeUnit.SECONDS);
                        if (r.response().status() != 200) {
                            throw new IllegalStateException(r.response().status() + " " + r.error());
                        }
                        n++;
                    }
                }
                double secs = (System.nanoTime() - start) / 1e9;
                total += n;
                System.out.printf("t=%3.0fs total=%8d  %.0f req/s (%.1f us/req)%n", (System.nanoTime() - begin) / 1e9, total,
                        n / secs, secs * 1e6 / n);
            }
        }
    }
}
