package io.edgeworks.edge.conformance;

import io.edgeworks.edge.runtime.JsEngine;
import io.edgeworks.edge.runtime.KvStore;
import io.edgeworks.edge.runtime.OutboundHttp;
import io.edgeworks.edge.runtime.RequestLimits;
import io.edgeworks.edge.runtime.RuntimeEvents;
import io.edgeworks.edge.runtime.RuntimeSettings;
import io.edgeworks.edge.runtime.ScriptRealm;
import io.edgeworks.edge.runtime.WorkerPool;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Runs WPT files in the edge node's worker runtime, one fresh realm per file, following the corpus
 * README's host sequence: {@code __WPT_CONFIG__}, {@code wpt-prelude.js}, {@code testharness.js},
 * {@code run-harness.js} and {@code __wptBeginFile()}, the META scripts and the test (exceptions go to
 * {@code __wptReportError}), {@code __wptEndFile()}, then the event loop is pumped until the harness
 * completes or the file's timeout passes ({@code __wptForceTimeout()}), and {@code __wptResults()} is
 * collected. Files run in parallel on the pool's worker threads. No network: fetch() of anything but
 * the corpus's own files fails.
 */
public final class ConformanceRunner implements AutoCloseable {
    /**
     * Per-file time limits: twice the corpus README's 15 s / 60 s ({@code timeout=long}), because the
     * data-driven files need it on a small shared machine; scaled by {@code edgeworks.conformance.timeout-scale}.
     */
    public static final long NORMAL_TIMEOUT_MS = 30_000;
    public static final long LONG_TIMEOUT_MS = 120_000;
    private static final double SCALE = Double.parseDouble(System.getProperty("edgeworks.conformance.timeout-scale", "1"));

    private static final String CONFIG_SCRIPT = """
            (function (file, readLatin1) {
              'use strict';
              globalThis.__WPT_CONFIG__ = {
                file: file,
                readResource: function (path) {
                  var s = readLatin1(String(path));
                  if (s === null || s === undefined) return null;
                  var bytes = new Uint8Array(s.length);
                  for (var i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
                  return bytes;
                }
              };
            })
            """;

    private final ConformanceCorpus corpus;
    private final JsEngine engine;
    private final WorkerPool pool;
    private final Source config;
    private final Source prelude;
    private final Source testharness;
    private final Source runHarness;

    public ConformanceRunner(ConformanceCorpus corpus, int threads) {
        this.corpus = corpus;
        this.engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
        // A fixed pool (no extra threads while files wait on timers): `threads` files run at a time.
        RuntimeSettings settings = RuntimeSettings.defaults().withWorkerThreads(Math.max(1, threads), Math.max(1, threads));
        this.pool = new WorkerPool(engine, settings, NO_NETWORK, NO_KV, RuntimeEvents.NONE);
        this.config = Source.newBuilder("js", CONFIG_SCRIPT, "wpt-config.js").buildLiteral();
        this.prelude = source("wpt-prelude.js", corpus.hostFile("wpt-prelude.js"));
        this.testharness = source("wpt/resources/testharness.js", corpus.wptText("resources/testharness.js"));
        this.runHarness = source("run-harness.js", corpus.hostFile("run-harness.js"));
    }

    /** Runs {@code tests} (in parallel on the pool's threads); results in the order of {@code tests}. */
    public List<FileResult> run(List<WptTest> tests) {
        List<CompletableFuture<FileResult>> futures = new ArrayList<>();
        for (WptTest test : tests) {
            long timeout = (long) ((test.longTimeout() ? LONG_TIMEOUT_MS : NORMAL_TIMEOUT_MS) * SCALE);
            // The watchdog's CPU and wall-clock limits sit above the file's own timeout, so that they only
            // stop a file stuck in synchronous code; the allocation cap is the shared heap's business here.
            RequestLimits limits = new RequestLimits(2 * timeout, 2 * timeout, 0, 50, 1, timeout, Long.MAX_VALUE);
            long started = System.nanoTime();
            futures.add(pool.runScripts(limits, realm -> runFile(realm, test, timeout, started))
                    .exceptionally(e -> crashed(test, e, started)));
        }
        List<FileResult> results = new ArrayList<>();
        for (CompletableFuture<FileResult> f : futures) {
            try {
                results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return results;
    }

    private FileResult runFile(ScriptRealm realm, WptTest test, long timeoutMs, long startedNanos) throws InterruptedException {
        long started = System.nanoTime();
        realm.eval(config).execute(test.path(), (ProxyExecutable) a -> {
            byte[] bytes = corpus.wptBytes(a[0].asString());
            return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
        });
        realm.eval(prelude);
        realm.eval(testharness);
        realm.eval(runHarness);
        Value g = realm.global();
        g.getMember("__wptBeginFile").execute();
        for (String script : test.scripts()) {
            evalReporting(realm, g, script);
        }
        evalReporting(realm, g, test.path());
        g.getMember("__wptEndFile").execute();
        Value complete = g.getMember("__wptIsComplete");
        long left = timeoutMs - (System.nanoTime() - started) / 1_000_000;
        if (!realm.pumpUntil(() -> complete.execute().asBoolean(), Math.max(0, left))) {
            g.getMember("__wptForceTimeout").execute();
            realm.pumpUntil(() -> complete.execute().asBoolean(), 1_000);
        }
        return parse(test, g.getMember("__wptResults").execute().asString(), started);
    }

    private void evalReporting(ScriptRealm realm, Value global, String path) {
        byte[] bytes = corpus.wptBytes(path);
        if (bytes == null) {
            global.getMember("__wptReportError").execute("missing META script wpt/" + path);
            return;
        }
        try {
            realm.eval(source("wpt/" + path, new String(bytes, StandardCharsets.UTF_8)));
        } catch (PolyglotException e) {
            if (e.isCancelled() || e.isInterrupted() || e.isResourceExhausted() || e.isInternalError()) {
                throw e;
            }
            Value error = e.isGuestException() && e.getGuestObject() != null && !e.getGuestObject().isNull()
                    ? e.getGuestObject() : null;
            if (error != null) {
                global.getMember("__wptReportError").execute(error);
            } else {
                global.getMember("__wptReportError").execute(String.valueOf(e.getMessage()));
            }
        }
    }

    private static FileResult parse(WptTest test, String json, long startedNanos) {
        JsonObject o = new JsonObject(json);
        JsonObject harness = o.getJsonObject("harness", new JsonObject());
        List<SubtestResult> subtests = new ArrayList<>();
        JsonArray list = o.getJsonArray("results", new JsonArray());
        for (int i = 0; i < list.size(); i++) {
            JsonObject r = list.getJsonObject(i);
            if (!test.counts(r.getString("name"))) {
                continue;
            }
            subtests.add(new SubtestResult(r.getString("name"), r.getString("status"), r.getString("message")));
        }
        List<String> errors = new ArrayList<>();
        o.getJsonArray("errors", new JsonArray()).forEach(e -> errors.add(String.valueOf(e)));
        return new FileResult(test, harness.getString("status", "INCOMPLETE"), harness.getString("message"), subtests,
                errors, (System.nanoTime() - startedNanos) / 1_000_000);
    }

    private static FileResult crashed(WptTest test, Throwable e, long startedNanos) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        String status = cause instanceof io.edgeworks.edge.runtime.LimitExceededException
                || (cause instanceof PolyglotException p && p.isInterrupted()) ? "TIMEOUT" : "CRASH";
        String message = status.equals("TIMEOUT") ? "stopped by the runtime's limit while running synchronous code: " + cause.getMessage()
                : String.valueOf(cause);
        return new FileResult(test, status, message, List.of(), List.of(message),
                (System.nanoTime() - startedNanos) / 1_000_000);
    }

    private static Source source(String name, String text) {
        return Source.newBuilder("js", text, name).cached(true).buildLiteral();
    }

    public String runtimeDescription() {
        return engine.implementationName() + " " + engine.version();
    }

    @Override
    public void close() {
        pool.close();
        engine.close();
    }

    /** No network from conformance realms: the corpus's own files are served by the prelude's fetch. */
    private static final OutboundHttp NO_NETWORK = (request, redirect) -> CompletableFuture.failedFuture(
            new IllegalStateException("network access is disabled in the conformance runner (" + request.url() + ")"));

    private static final KvStore NO_KV = KvStore.none("no KV in the conformance runner");
}
