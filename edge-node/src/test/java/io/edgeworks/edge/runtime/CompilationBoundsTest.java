package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.oracle.truffle.api.Truffle;
import com.oracle.truffle.api.nodes.RootNode;
import com.oracle.truffle.runtime.BaseOSRRootNode;
import com.oracle.truffle.runtime.OptimizedCallTarget;
import com.oracle.truffle.runtime.OptimizedTruffleRuntime;
import com.oracle.truffle.runtime.OptimizedTruffleRuntimeListener;
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
 * did. What a tenant's compilations cost the others in all is bounded by its share of the compiler (the second test;
 * FairnessBench's compile flood measures it).
 */
class CompilationBoundsTest {

    @Test
    void aHugeHotFunctionIsGivenUpAtTheGraphCapAndTheRestStillCompiles(@TempDir Path dir) throws Exception {
        assumeJit();
        Path trace = dir.resolve("compilation.log");
        try (JsEngine engine = tracingCompilations(trace);
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

    /**
     * What a tenant's compilations cost the others is bounded by its share of the compiler (CompileBudget, charged by
     * CompileAccounting): here an account of compile bombs with a 300 ms burst and 1% of the compiler empties its
     * bucket, its further compilations are deferred (its requests still answered, interpreted), its charged compile
     * time stops growing but for the compilation under way, and another account's hot code is still compiled and
     * charged to that account, not deferred.
     */
    @Test
    void anAccountOverItsShareOfTheCompilerIsDeferredAndAnotherStillCompiles() throws Exception {
        assumeJit();
        List<LogLine> tenantLog = new java.util.concurrent.CopyOnWriteArrayList<>();
        RuntimeEvents events = new RuntimeEvents() {
            @Override
            public void tenantLog(LogLine line) {
                tenantLog.add(line);
            }
        };
        try (JsEngine engine = new JsEngine(WebApis.all(), 256L << 20);
             WorkerPool pool = new WorkerPool(engine, SMALL_COMPILE_SHARE, TestWorkers.NO_HTTP, TestWorkers.NO_KV, events)) {
            CompileBudget budget = pool.compileBudget();
            WorkerVersion bomb = TestWorkers.version("evil/bomb/production",
                    Map.of("worker.js", CompileBomb.module(2, 6, 1_500)), Map.of(), List.of(), 30_000);
            long deadline = System.nanoTime() + 120_000_000_000L;
            int requests = 0;
            while (budget.usage("evil").deferred() == 0 && System.nanoTime() < deadline) {
                InvocationResult result = TestWorkers.run(pool, bomb, TestWorkers.get("http://evil.localhost/"));
                assertEquals(200, result.response().status(), "the bomb's requests are answered: " + result.limitHit());
                requests++;
            }
            CompileBudget.Usage exhausted = budget.usage("evil");
            assertTrue(exhausted.deferred() > 0, "the bomb's compilations are deferred after " + requests + " requests: " + exhausted);
            assertTrue(exhausted.chargedNanos() >= 300_000_000L, "deferred only once 300 ms were charged: " + exhausted);

            // the bomb goes on; its compilations keep being deferred, and only the one under way is still charged
            for (int i = 0; i < 300; i++) {
                assertEquals(200, TestWorkers.run(pool, bomb, TestWorkers.get("http://evil.localhost/")).response().status());
            }
            Thread.sleep(4_000); // the compilation under way when the bucket emptied ends (≤ 3.5 s at the graph cap)
            CompileBudget.Usage later = budget.usage("evil");
            for (int i = 0; i < 300; i++) {
                assertEquals(200, TestWorkers.run(pool, bomb, TestWorkers.get("http://evil.localhost/")).response().status());
            }
            Thread.sleep(1_000);
            CompileBudget.Usage last = budget.usage("evil");
            assertTrue(last.deferred() > later.deferred(), "still deferred: " + later + " then " + last);
            assertEquals(1, tenantLog.stream().filter(line -> line.environment().equals("evil/bomb/production")
                    && line.message().startsWith("JIT compilation of this account's code is paused")).count(),
                    "the tenant is told once: " + tenantLog);
            assertTrue(last.chargedNanos() - later.chargedNanos() < 200_000_000L,
                    "nothing more compiled beyond 1% of the compiler's time: " + later + " then " + last);

            // a hot loop of the account: its on-stack-replacement compilation is deferred once, not on every iteration
            WorkerVersion loop = TestWorkers.version("evil/loop/production", Map.of("worker.js", """
                    export default { fetch() { let s = 0; for (let i = 0; i < 2000000; i++) s = (s + i * 7) | 0; return new Response(String(s)); } }
                    """), Map.of(), List.of(), 30_000);
            long before = budget.usage("evil").deferred();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, TestWorkers.run(pool, loop, TestWorkers.get("http://evil.localhost/loop")).response().status());
            }
            long loopDeferrals = budget.usage("evil").deferred() - before;
            System.out.println("compile budget: a hot loop's deferrals in 3 requests of 2,000,000 iterations: " + loopDeferrals);
            assertTrue(loopDeferrals >= 1 && loopDeferrals <= 10,
                    "a loop's OSR compilation is deferred, then OSR is off for it (not re-queued per iteration): " + loopDeferrals);

            // another account's hot function compiles, charged to it
            WorkerVersion app = TestWorkers.version("good/app/production", """
                    function work(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * 31) | 0; return s; }
                    export default { fetch() { return new Response(String(work(2000))); } }
                    """);
            deadline = System.nanoTime() + 60_000_000_000L;
            while (budget.usage("good").chargedNanos() == 0 && System.nanoTime() < deadline) {
                assertEquals(200, TestWorkers.run(pool, app, TestWorkers.get("http://good.localhost/")).response().status());
            }
            CompileBudget.Usage good = budget.usage("good");
            System.out.printf("compile budget: evil at its first deferral %s (after %d requests), after 300 more requests and 4 s %s, 300 more %s; good %s%n",
                    exhausted, requests, later, last, good);
            assertTrue(good.chargedNanos() > 0, "the other account's code compiled: " + good);
            assertEquals(0, good.deferred(), "and none of it was deferred: " + good);
        }
    }

    /**
     * A hot loop in a module's top-level code is compiled on stack (OSR) while the global scope runs: at a deploy's
     * load or a realm's start-up. Such a compilation has no function of its own to name its source, and was charged
     * to no account (a deploy flood of such versions took ~6.8 s of compiler time in 22 s, 0.1–0.2 s charged); now it
     * is charged to the account whose global scope it is, and deferred once that account's share is used up.
     */
    @Test
    void hotLoopsInAGlobalScopeAreChargedToTheirAccount() throws Exception {
        assumeJit();
        try (JsEngine engine = new JsEngine(WebApis.all(), 256L << 20);
             WorkerPool pool = smallCompileShare(engine);
             QueuedRoots osrRoots = new QueuedRoots(root -> root instanceof BaseOSRRootNode && root.toString().contains("worker.js"))) {
            CompileBudget budget = pool.compileBudget();
            long deadline = System.nanoTime() + 60_000_000_000L;
            int loads = 0;
            while (budget.usage("looper").deferred() == 0 && System.nanoTime() < deadline) {
                // each version a new source, so each load's loops are compiled afresh, as in a deploy flood
                WorkerVersion version = TestWorkers.version("looper/app/production", """
                        const started = Date.now();
                        while (Date.now() - started < 100) {}
                        export default { fetch() { return new Response("%d"); } }
                        """.formatted(loads));
                assertEquals(null, pool.load(version).get(30, java.util.concurrent.TimeUnit.SECONDS), "it loads");
                loads++;
                Thread.sleep(50); // the queued compilations run on the compiler threads, charged when they end
            }
            CompileBudget.Usage usage = budget.usage("looper");
            System.out.printf("compile budget: %d loads of a version whose global scope has hot loops: %s; %d OSR compilations%n",
                    loads, usage, osrRoots.roots.size());
            assertTrue(!osrRoots.roots.isEmpty(), "the global scope's loop was compiled on stack");
            for (RootNode root : osrRoots.roots) {
                com.oracle.truffle.api.source.Source source = CompileAccounting.tenantSource(root);
                assertTrue(source != null && source.getName().equals("worker.js"),
                        "an on-stack compilation of a global scope's loop is the tenant's: " + root + " → " + source);
            }
            assertTrue(usage.chargedNanos() >= 300_000_000L, "the global scope's compilations are charged to its account: "
                    + usage + " after " + loads + " loads");
            assertTrue(usage.deferred() > 0, "and deferred once its share is used up: " + usage);
        }
    }

    /**
     * A regular expression's matchers are compiled by the same JIT once hot (TRegex: forward, backward and
     * capture-group matchers per pattern), from sources the engine marks internal; they were charged to no account,
     * so a tenant cycling through distinct hot patterns had the compiler work for it for free. Here a tenant's flood of
     * new patterns is charged to it and deferred once its share is used up.
     */
    @Test
    void aTenantsRegularExpressionsAreChargedToItsAccount() throws Exception {
        assumeJit();
        try (JsEngine engine = new JsEngine(WebApis.all(), 256L << 20);
             WorkerPool pool = smallCompileShare(engine);
             QueuedRoots regexRoots = new QueuedRoots(root -> root.getLanguageInfo() != null
                     && root.getLanguageInfo().getId().equals("regex") && root.toString().contains("flood"))) {
            CompileBudget budget = pool.compileBudget();
            // Every request makes four new patterns and runs them interpreted (their matchers are compiled only once
            // hot): 45-125 ms of CPU a request here, its first 280-380 ms on a cold JVM and more under load, past the
            // default 50 ms + the account's CPU burst once (a 503 in CI). This test is of the compiler's accounting, not
            // of CPU limits: its worker has CPU time for its work, as the compile bomb's has.
            WorkerVersion flood = TestWorkers.version("regexer/app/production", Map.of("worker.js", """
                    let n = 0;
                    export default { fetch() {
                      let hits = 0;
                      for (let p = 0; p < 4; p++) {
                        const re = new RegExp("flood" + (n++) + "([a-z]+)@([a-z]+)\\.(com|org)", "g");
                        const text = "x flood" + (n - 1) + "foo@bar.com y flood" + (n - 1) + "baz@qux.org";
                        for (let i = 0; i < 600; i++) { re.lastIndex = 0; while (re.exec(text) !== null) hits++; }
                      }
                      return new Response(String(hits)); } }
                    """), Map.of(), List.of(), 10_000);
            long deadline = System.nanoTime() + 60_000_000_000L;
            int requests = 0;
            while (budget.usage("regexer").deferred() == 0 && System.nanoTime() < deadline) {
                assertEquals(200, TestWorkers.run(pool, flood, TestWorkers.get("http://regexer.localhost/")).response().status());
                requests++;
            }
            CompileBudget.Usage usage = budget.usage("regexer");
            System.out.printf("compile budget: %d requests compiling new patterns: %s; %d regex compilations queued%n",
                    requests, usage, regexRoots.roots.size());
            assertTrue(!regexRoots.roots.isEmpty(), "the patterns got hot and were queued for compilation");
            for (RootNode root : regexRoots.roots) {
                assertTrue(CompileAccounting.chargeable(root), "a tenant's pattern is chargeable: " + root + " ("
                        + root.getClass().getName() + ", " + root.getSourceSection() + ")");
            }
            assertTrue(usage.chargedNanos() >= 300_000_000L, "the flood's compilations are charged to it: " + usage);
            assertTrue(usage.deferred() > 0, "and deferred once its share is used up: " + usage);
        }
    }

    /**
     * The engine shares parsed and compiled code between equal sources, and every version's modules live at the same
     * paths: two accounts deploying the same file ran one copy of its functions (one call target, one type feedback,
     * one compiled code), so a tenant could tell from its copy's speed whether the other's was hot, make the other's
     * code polymorphic, or have the shared compilation deferred from its own spent share. Each account's modules are
     * now its own sources (ModuleFileSystem.ownedText): the same function deployed by two accounts is two call
     * targets, each compiled on its own account's traffic (Truffle's compilation trace names them by id).
     */
    @Test
    void twoAccountsDeployingTheSameFileDoNotShareItsCode(@TempDir Path dir) throws Exception {
        assumeJit();
        Path trace = dir.resolve("compilation.log");
        try (JsEngine engine = tracingCompilations(trace);
             WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), TestWorkers.NO_HTTP,
                     TestWorkers.NO_KV, RuntimeEvents.NONE)) {
            String code = """
                    function sharedWork(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * 31) | 0; return s; }
                    export default { fetch() { return new Response(String(sharedWork(300))); } }
                    """;
            WorkerVersion victim = TestWorkers.version("victim/app/production", code);
            WorkerVersion copy = TestWorkers.version("copycat/app/production", code);
            int victimRequests = runUntilCompiled(pool, victim, trace, 1);
            java.util.Set<String> afterVictim = compiledIds(trace, "sharedWork");
            int copyRequests = runUntilCompiled(pool, copy, trace, afterVictim.size() + 1);
            java.util.Set<String> ids = compiledIds(trace, "sharedWork");
            System.out.printf("the same file in two accounts: the victim's function compiled after %d requests (call targets %s),"
                    + " the copy's after %d more (call targets %s)%n", victimRequests, afterVictim, copyRequests, ids);
            assertEquals(1, afterVictim.size(), "the victim's function is one call target: " + afterVictim);
            assertEquals(2, ids.size(), "the other account's copy is a call target of its own, compiled on its own traffic: " + ids);
        }
    }

    /** Runs {@code version} until Truffle compiled {@code targets} distinct call targets of sharedWork; the requests it took. */
    private static int runUntilCompiled(WorkerPool pool, WorkerVersion version, Path trace, int targets) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        int requests = 0;
        while (System.nanoTime() < deadline) {
            assertEquals(200, TestWorkers.run(pool, version, TestWorkers.get("http://app.localhost/")).response().status());
            requests++;
            if (requests % 100 == 0 && compiledIds(trace, "sharedWork").size() >= targets) {
                return requests;
            }
        }
        return requests;
    }

    private static java.util.Set<String> compiledIds(Path trace, String function) throws java.io.IOException {
        if (!Files.exists(trace)) {
            return java.util.Set.of();
        }
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("opt done\\s+engine=\\d+\\s+id=(\\d+)\\s+" + function + "\\s");
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (String l : Files.readAllLines(trace)) {
            java.util.regex.Matcher m = line.matcher(l);
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /** An engine that writes Truffle's compilation trace to {@code trace}. */
    private static JsEngine tracingCompilations(Path trace) {
        return JsEngine.forProfiling(WebApis.all(), Map.of("engine.TraceCompilation", "true", "log.file", trace.toString()));
    }

    /** One worker thread, each account's compile share 300 ms at once and 1% of one compiler thread after. */
    private static final RuntimeSettings SMALL_COMPILE_SHARE = RuntimeSettings.defaults().withWorkerThreads(1)
            .withFairness(new RuntimeSettings.Fairness(0, 0, 0, 300, 1));

    private static WorkerPool smallCompileShare(JsEngine engine) {
        return new WorkerPool(engine, SMALL_COMPILE_SHARE, TestWorkers.NO_HTTP, TestWorkers.NO_KV, RuntimeEvents.NONE);
    }

    /** The roots Truffle queues for compilation that {@code which} selects, while open (the runtime's listener). */
    private static final class QueuedRoots implements OptimizedTruffleRuntimeListener, AutoCloseable {
        final List<RootNode> roots = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.function.Predicate<RootNode> which;

        QueuedRoots(java.util.function.Predicate<RootNode> which) {
            this.which = which;
            ((OptimizedTruffleRuntime) Truffle.getRuntime()).addListener(this);
        }

        @Override
        public void onCompilationQueued(OptimizedCallTarget target, int tier) {
            if (which.test(target.getRootNode())) {
                roots.add(target.getRootNode());
            }
        }

        @Override
        public void close() {
            ((OptimizedTruffleRuntime) Truffle.getRuntime()).removeListener(this);
        }
    }

    private static void assumeJit() {
        try (Engine probe = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build()) {
            assumeFalse(probe.getImplementationName().toLowerCase(java.util.Locale.ROOT).contains("interpreted"),
                    "needs the Graal compiler (the JIT tier)");
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
