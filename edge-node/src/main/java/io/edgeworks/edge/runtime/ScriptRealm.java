package io.edgeworks.edge.runtime;

import io.edgeworks.bundle.EnvironmentRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * A fresh worker realm for evaluating classic scripts: the very context setup, sandbox, Web API prelude,
 * host bridge and event loop (timers and promise jobs pumped on the owning worker thread) that tenant
 * code gets, minus a tenant module. Used by hosts such as the WPT conformance runner. Only the worker
 * thread running the {@link ScriptTask} may use it, and only while the task runs.
 */
public final class ScriptRealm {
    /** The pseudo version scripts run as (it has no bindings, vars or secrets). */
    static final WorkerVersion VERSION = new WorkerVersion(new EnvironmentRef("edge", "scripts", "internal"), 1,
            "scripts", "scripts", "script.js", Map.of("script.js", ""), Map.of(), Map.of(), List.of(), 60_000);

    private final WorkerContext context;
    private final Invocation invocation;

    ScriptRealm(WorkerContext context, Invocation invocation) {
        this.context = context;
        this.invocation = invocation;
    }

    /** The realm's global object. */
    public Value global() {
        return context.context.getBindings("js");
    }

    /** Evaluates {@code source} as a classic script in the global scope (pending promise jobs run after it). */
    public Value eval(Source source) {
        return context.context.eval(source);
    }

    /** Evaluates {@code code} as a classic script named {@code name}. */
    public Value eval(String name, CharSequence code) {
        return eval(Source.newBuilder("js", code, name).buildLiteral());
    }

    /**
     * Runs the event loop (due timers, I/O completions, and the promise jobs each of them queues) until
     * {@code done} holds or {@code timeoutMillis} pass. Returns whether {@code done} held.
     */
    public boolean pumpUntil(BooleanSupplier done, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        ScheduledFuture<?> wake = invocation.worker.pool().timers()
                .schedule(() -> invocation.post(() -> { }), timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            invocation.runUntil(() -> done.getAsBoolean() || System.nanoTime() - deadline >= 0);
        } finally {
            wake.cancel(false);
        }
        return done.getAsBoolean();
    }

    /** The console lines and uncaught errors the realm has logged so far. */
    public List<LogLine> logs() {
        synchronized (invocation.logs) {
            return List.copyOf(invocation.logs);
        }
    }
}
