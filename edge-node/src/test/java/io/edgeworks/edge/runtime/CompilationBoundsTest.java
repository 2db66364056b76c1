package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.edgeworks.edge.api.WebApis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JIT's work for one tenant is bounded per compilation (JsEngine.BOUNDED_COMPILATION): a hostile worker's huge
 * hot function is given up at the graph cap (Truffle may then compile it in partial units that fit), its requests
 * keep being answered on their own CPU budget, and ordinary code of the same worker still compiles. Needs the Graal
 * compiler: runs in edge-node's JIT surefire execution ({@code conformance}, with the WPT corpus); skipped on an
 * interpreter-only runtime. Read from Truffle's compilation trace, the one place the engine reports what its compiler
 * did. What a tenant's compilations cost the others in all is measured, not bounded: FairnessBench's compile flood.
 */
class CompilationBoundsTest {

    @Test
    void aHugeHotFunctionIsGivenUpAtTheGraphCapAndTheRestStillCompiles(@TempDir Path dir) throws Exception {
        try (Engine probe = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build()) {
            assumeFalse(probe.getImplementationName().toLowerCase(java.util.Locale.ROOT).contains("interpreted"),
                    "needs the Graal compiler (the JIT tier)");
        }
        Path trace = dir.resolve("compilation.log");
        try (JsEngine engine = JsEngine.forProfiling(WebApis.all(),
                     Map.of("engine.TraceCompilation", "true", "log.file", trace.toString()));
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), TestWorkers.NO_HTTP,
                     TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            WorkerVersion bomb = TestWorkers.version("evil/bomb/production",
                    Map.of("worker.js", CompileBomb.module(1, 1, 3_000)), Map.of(), List.of(), 30_000);
            long deadline = System.nanoTime() + 120_000_000_000L;
            String log = "";
            int requests = 0;
            while (System.nanoTime() < deadline && !(givenUp(log) && fetchCompiled(log))) {
                InvocationResult result = TestWorkers.run(pool, bomb, TestWorkers.get("http://evil.localhost/"));
                assertEquals(200, result.response().status(), "the bomb's requests are answered: " + result.limitHit());
                requests++;
                if (requests % 50 == 0) {
                    log = Files.exists(trace) ? Files.readString(trace) : "";
                }
            }
            log = Files.readString(trace);
            List<String> bombLines = log.lines().filter(line -> line.contains(" f0 ")).toList();
            assertTrue(givenUp(log), "the huge function is given up at the cap after " + requests + " requests: " + bombLines);
            assertTrue(fetchCompiled(log), "the worker's ordinary fetch handler compiled: "
                    + log.lines().filter(line -> line.contains("opt ")).toList());
        }
    }

    private static boolean givenUp(String log) {
        String limit = "Limit: " + JsEngine.BOUNDED_COMPILATION.get("compiler.MaximumGraalGraphSize") + ".";
        return log.lines().anyMatch(line -> line.contains("opt failed") && line.contains(" f0 ")
                && line.contains("GraphTooBigBailoutException") && line.contains(limit));
    }

    private static boolean fetchCompiled(String log) {
        return log.lines().anyMatch(line -> line.contains("opt done") && line.contains(" fetch ") && line.contains("worker.js"));
    }
}
