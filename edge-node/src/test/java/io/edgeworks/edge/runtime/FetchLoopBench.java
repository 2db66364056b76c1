package io.edgeworks.edge.runtime;

import io.edgeworks.edge.api.fetch.AddressPolicy;
import io.edgeworks.edge.api.fetch.OutboundFetcher;
import io.vertx.core.Vertx;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cost of a small outbound fetch() read whole (the hot path of an API-calling worker): a one-thread pool,
 * four requests in flight, each doing {@code await (await fetch(local)).text()} against a loopback Vert.x
 * server; prints requests/s every two seconds. Usage (after test-compile):
 * {@code java -cp "$(cat cp.txt):target/classes:target/test-classes" io.edgeworks.edge.runtime.FetchLoopBench [seconds] [path]}
 * with path {@code /text} (default: read whole) or {@code /relay} (return the response as it is).
 */
public final class FetchLoopBench {
    private static final String WORKER = """
            export default {
              async fetch(request) {
                const url = new URL(request.url);
                const r = await fetch(url.searchParams.get("u"));
                if (url.pathname === "/relay") return r;
                return new Response(await r.text());
              }
            };
            """;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        String path = args.length > 1 ? args[1] : "/text";
        Vertx vertx = Vertx.vertx();
        int port = vertx.createHttpServer().requestHandler(req -> req.response().end("hello upstream, a small JSON-sized body"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        String url = "http://bench.localhost" + path + "?u=" + URLEncoder.encode("http://127.0.0.1:" + port + "/", StandardCharsets.UTF_8);
        try (JsEngine engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1),
                     new OutboundFetcher(vertx, new AddressPolicy(true), 5000, 1 << 20, 5), TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            // a generous CPU limit: the first requests run interpreted while the JIT warms up
            WorkerVersion version = TestWorkers.version("acme/bench/production", java.util.Map.of("worker.js", WORKER),
                    java.util.Map.of(), List.of(), 5000);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            long done = 0;
            long sinceReport = 0;
            long reportStart = System.nanoTime();
            List<CompletableFuture<InvocationResult>> inFlight = new ArrayList<>();
            while (System.nanoTime() < end) {
                while (inFlight.size() < 4) {
                    inFlight.add(pool.submit(version, TestWorkers.get(url), ServiceTargets.NONE));
                }
                InvocationResult r = inFlight.removeFirst().get(30, TimeUnit.SECONDS);
                if (r.response().status() != 200) {
                    throw new IllegalStateException("unexpected " + r.response().status() + " " + r.response().bodyText() + " " + r.logs());
                }
                done++;
                sinceReport++;
                if (System.nanoTime() >= nextReport) {
                    double secs = (System.nanoTime() - reportStart) / 1e9;
                    System.out.printf("%s: %d requests, %.0f req/s%n", path, done, sinceReport / secs);
                    sinceReport = 0;
                    reportStart = System.nanoTime();
                    nextReport = reportStart + TimeUnit.SECONDS.toNanos(2);
                }
            }
        } finally {
            vertx.close();
        }
    }
}
