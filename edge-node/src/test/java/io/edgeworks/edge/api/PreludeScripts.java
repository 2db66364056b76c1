package io.edgeworks.edge.api;

import io.edgeworks.edge.runtime.JsEngine;
import io.edgeworks.edge.runtime.KvStore;
import io.edgeworks.edge.runtime.OutboundHttp;
import io.edgeworks.edge.runtime.RequestLimits;
import io.edgeworks.edge.runtime.RuntimeEvents;
import io.edgeworks.edge.runtime.RuntimeSettings;
import io.edgeworks.edge.runtime.WorkerPool;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs tenant-like scripts against the Web API prelude in fresh realms of a real pool: {@link #run} evaluates
 * the body of an async function and returns what it resolved to as a string, or {@code "threw <name>: <message>"}.
 * A test class holds one as {@code @RegisterExtension static final PreludeScripts scripts = new PreludeScripts();}:
 * the pool is closed after the class's tests.
 */
public final class PreludeScripts implements AutoCloseable, AfterAllCallback {
    private static final RequestLimits LIMITS = new RequestLimits(10_000, 10_000, 0, 1, 1, 10_000, Long.MAX_VALUE);
    private static final KvStore NO_KV = KvStore.none("no KV in this test");
    private static final OutboundHttp NO_HTTP = (request, redirect) ->
            CompletableFuture.failedFuture(new IllegalStateException("network disabled in this test"));

    private final JsEngine engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
    private final WorkerPool pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), NO_HTTP, NO_KV,
            RuntimeEvents.NONE);

    public String run(String asyncBody) throws Exception {
        return pool.runScripts(LIMITS, realm -> {
            realm.eval("test.js", "(async () => {\n" + asyncBody + "\n})().then("
                    + "v => { globalThis.__out = String(v); }, e => { globalThis.__out = 'threw ' + e.name + ': ' + e.message; });");
            boolean done = realm.pumpUntil(() -> realm.global().hasMember("__out"), 5_000);
            if (!done) {
                return "timed out";
            }
            Value out = realm.global().getMember("__out");
            return out.asString();
        }).get(30, TimeUnit.SECONDS);
    }

    /**
     * Evaluates {@code script} as it is and pumps the realm's event loop until it sets the global
     * {@code name} to something other than null/undefined; returns that value as a string.
     */
    public String runUntilSet(String script, String name) throws Exception {
        return pool.runScripts(LIMITS, realm -> {
            realm.eval("test.js", script);
            boolean done = realm.pumpUntil(() -> realm.global().hasMember(name) && !realm.global().getMember(name).isNull(), 5_000);
            return done ? realm.global().getMember(name).toString() : "timed out";
        }).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        pool.close();
        engine.close();
    }
}
