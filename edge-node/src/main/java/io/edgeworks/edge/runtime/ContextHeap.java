package io.edgeworks.edge.runtime;

import com.oracle.truffle.api.TruffleContext;
import com.oracle.truffle.api.instrumentation.TruffleInstrument;
import com.oracle.truffle.api.instrumentation.provider.TruffleInstrumentProvider;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;

/**
 * What one realm keeps on the heap: the bytes reachable from a context (its globals, module scopes, closures, the
 * objects they reach), measured by Truffle's own walk ({@code TruffleInstrument.Env#calculateContextHeapSize}), which
 * stops once it has counted {@code stopAtBytes}. The walk needs Truffle's optimizing runtime: on the fallback runtime
 * (no Graal compiler: the unit-test tier) the engine has no meter ({@link #of} answers null) and the per-context limit
 * is off, which the edge logs at start.
 *
 * <p>Truffle finds instruments through {@link TruffleInstrumentProvider} services; ours is registered by hand
 * ({@link Provider} and its {@code META-INF/services} entry) rather than by Truffle's annotation processor, which the
 * build does not run. The engine creates the instrument on the first {@link #of} lookup.
 */
public interface ContextHeap {
    /** The instrument's id, as the engine lists it. */
    String ID = "edgeworks-context-heap";

    /**
     * The bytes {@code context} retains, or a figure of at least {@code stopAtBytes} once the walk has counted that
     * many (it stops there). {@code context} must not be entered on another thread; its owner thread calls this
     * between requests. Setting {@code cancel} (from another thread) stops the walk: it throws
     * {@link java.util.concurrent.CancellationException}.
     *
     * <p>What the walk finds is not only the realm's own: the engine's object shapes are shared between the realms of
     * one engine (GraalJS keeps one shape tree per language context, and realms on a shared engine share it), and a
     * walk goes from a realm's objects to their shapes and on through the tree, so shapes any realm added (a tenant
     * that builds objects with computed keys) lengthen every realm's walk and add to its figure until the collector
     * frees the shapes no object uses. Hence the bound on a walk's CPU time ({@code edge.limits.context-heap-walk-ms}).
     */
    long retainedBytes(Context context, long stopAtBytes, AtomicBoolean cancel);

    /**
     * {@code engine}'s meter, or null where Truffle cannot walk a context's heap: an engine without the optimizing
     * runtime ({@code optimizing} false: the fallback runtime, which answers every walk with an
     * UnsupportedOperationException). No context is made to try it: a context made to try it was the engine's first,
     * 1.4-2.6 s of the main thread's start before the worker pool existed (deploy/bench/RESULTS.md, "Where a start's CPU
     * time goes").
     */
    static ContextHeap of(Engine engine, boolean optimizing) {
        if (!optimizing) {
            return null;
        }
        var instrument = engine.getInstruments().get(ID);
        return instrument == null ? null : instrument.lookup(ContextHeap.class);
    }

    /** The instrument: it only hands its environment's walk to the edge. */
    final class Instrument extends TruffleInstrument {
        @Override
        protected void onCreate(Env env) {
            env.registerService((ContextHeap) (context, stopAtBytes, cancel) -> {
                TruffleContext truffleContext;
                context.enter();
                try {
                    truffleContext = env.getEnteredContext();
                } finally {
                    context.leave();
                }
                return env.calculateContextHeapSize(truffleContext, stopAtBytes, cancel);
            });
        }
    }

    /** What Truffle's service loader finds: the registration that Truffle's annotation processor would generate. */
    @TruffleInstrument.Registration(id = ID, name = "Edgeworks context heap", services = ContextHeap.class)
    final class Provider extends TruffleInstrumentProvider {
        @Override
        protected String getInstrumentClassName() {
            return Instrument.class.getName();
        }

        @Override
        protected Object create() {
            return new Instrument();
        }

        @Override
        protected Collection<String> getServicesClassNames() {
            return List.of(ContextHeap.class.getName());
        }
    }
}
