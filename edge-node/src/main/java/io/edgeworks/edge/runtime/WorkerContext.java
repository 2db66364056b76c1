package io.edgeworks.edge.runtime;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * One version's JavaScript realm on one worker thread: the prelude, the evaluated modules, the
 * default-export handler and a frozen {@code env}. Single-threaded: only its owner thread enters it.
 */
final class WorkerContext implements AutoCloseable {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    final String key;
    /** The account of the version this realm serves ("" for a host's script realm). */
    final String account;
    /** The environment of the version this realm serves (null for a host's script realm). */
    final io.edgeworks.bundle.EnvironmentRef environment;
    final Context context;
    private final Value internal;
    /** The main module's namespace: its default export and named entrypoints. */
    private final Value exports;
    private final Value env;
    private final Value dispatch;
    private final Value dispatchScheduled;
    private final Value call;
    private final Value describeError;
    /**
     * The main module's source (null for a script realm): held so that the engine's parse of it, cached weakly by
     * this very (interned) object, lives as long as one realm of the version does: the version's realms on the other
     * worker threads share it, and it is dropped once the last is closed ({@link ParsedCodeReleaser}).
     */
    private final Source mainSource;
    /** When the realm became this version's (its module evaluated): a retainOnly call before that does not close it. */
    final long createdNanos = System.nanoTime();
    long lastUsedNanos = createdNanos;
    int active;
    boolean ephemeral;
    /** What its thread allocated while this realm was in use since it was last walked (WorkerThread#boundRetained). */
    long allocatedSinceWalk;
    /** What it kept on the heap when last walked (0: not walked yet). */
    long retainedBytes;
    /** Its due walks skipped in a row while the engine's shared shapes made every walk overrun ({@link ShapePollution}). */
    int walksDeferred;
    /** Its version's realms on this node together, while the heap limits apply (null: a script or nested realm, or off). */
    VersionHeaps.VersionHeap heap;

    private WorkerContext(String key, io.edgeworks.bundle.EnvironmentRef environment, Context context, Value internal,
                          Value exports, Value env, Source mainSource) {
        this.key = key;
        this.mainSource = mainSource;
        this.environment = environment;
        this.account = environment == null ? "" : environment.account();
        this.context = context;
        this.internal = internal;
        this.exports = exports;
        this.env = env;
        this.dispatch = internal.getMember("dispatch");
        this.call = internal.getMember("call");
        this.dispatchScheduled = internal.getMember("dispatchScheduled");
        this.describeError = internal.getMember("describeError");
    }

    /**
     * A realm with the Web API prelude evaluated and no version yet: the costly, version-independent part of
     * a context. Worker threads keep one or two ready (see {@link WorkerThread}) so that a new version only
     * evaluates its own modules. {@code onContext} sees the context before any code runs.
     */
    /** {@code cpuNanos}: the CPU time its preparation took (a spare's is charged to the version that takes it). */
    record Prepared(Context context, Value internal, ModuleFileSystem modules, long cpuNanos) implements AutoCloseable {
        @Override
        public void close() {
            try {
                context.close(true);
            } catch (RuntimeException ignored) {
                // already closed or cancelled
            }
        }
    }

    static Prepared prepare(JsEngine engine, HostBridge bridge, java.util.function.Consumer<Context> onContext) {
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        ModuleFileSystem modules = new ModuleFileSystem();
        Context context = engine.newContext(modules);
        try {
            onContext.accept(context);
            Value internal = context.eval(engine.internalSeed());
            for (Source source : engine.prelude()) {
                context.eval(source).execute(bridge, internal);
            }
            for (Map.Entry<String, Source> module : engine.builtins().entrySet()) {
                // Evaluated before any tenant code: an import of the specifier gets this very module
                // (UploadedModulesLoader), and the prelude keeps what it needs of its exports.
                Value namespace = context.eval(module.getValue());
                internal.getMember("builtinModule").execute(module.getKey(), namespace);
            }
            return new Prepared(context, internal, modules, THREADS.getCurrentThreadCpuTime() - cpuBefore);
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    /**
     * Makes a prepared realm {@code version}'s: installs its modules, runs its main module (its global scope)
     * and checks that the module's default export is an object with a fetch handler or a class that extends
     * {@code WorkerEntrypoint} (whose instances may have one). {@code beforeModule} runs just before
     * the tenant's first line (the start of its start-up budget). The realm is closed on failure.
     */
    static WorkerContext create(Prepared prepared, WorkerVersion version, Runnable beforeModule) {
        Context context = prepared.context();
        try {
            String account = version.environment().account();
            prepared.modules().install(account, version.modules());
            beforeModule.run();
            String main = version.mainModule();
            Source mainSource = Source.newBuilder("js", new File(ModuleFileSystem.pathOf(main).toString()))
                    .content(ModuleFileSystem.ownedText(account, version.modules().get(main)))
                    .mimeType("application/javascript+module")
                    .cached(true)
                    .buildLiteral();
            Value exports = context.eval(mainSource);
            Value internal = prepared.internal();
            Value handler = exports.getMember("default");
            Value kind = handler == null ? null : internal.getMember("entrypointKind").execute(handler);
            boolean entrypointClass = kind != null && kind.isString() && kind.asString().equals("class");
            if (!entrypointClass && (handler == null || handler.isNull() || !(handles(handler, "fetch") || handles(handler, "scheduled")))) {
                throw new WorkerLoadException("main module '" + main + "' must `export default { fetch(request, env, ctx) { … } }`"
                        + " (or `scheduled(controller, env, ctx)` for cron triggers, or both)"
                        + " or a class that extends WorkerEntrypoint (from \"cloudflare:workers\")");
            }
            Value env = internal.getMember("createEnv").execute(
                    pairs(version.vars()), pairs(version.secrets()), bindings(version));
            return new WorkerContext(version.contextKey(), version.environment(), context, internal, exports, env, mainSource);
        } catch (RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    /** Whether the default export has a handler {@code name} (during the global scope's start-up budget). */
    private static boolean handles(Value handler, String name) {
        return handler.hasMember(name) && handler.getMember(name).canExecute();
    }

    /**
     * A realm with the prelude only (no tenant module, no handler, no env): the same context setup, globals
     * and sandbox as a tenant's, for hosts that evaluate classic scripts in it (see {@link ScriptRealm}).
     */
    static WorkerContext bare(Prepared prepared) {
        return new WorkerContext("script#" + System.identityHashCode(prepared.context()), null, prepared.context(),
                prepared.internal(), null, null, null);
    }

    private static ProxyArray pairs(Map<String, String> map) {
        Object[] out = new Object[map.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(map).entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return ProxyArray.fromArray(out);
    }

    /** (kind, name, channel index) per binding: {@code env.X} holds only its index into the version's {@link Channel}s. */
    private static ProxyArray bindings(WorkerVersion version) {
        List<Channel> channels = version.channels();
        Object[] out = new Object[channels.size() * 3];
        for (int i = 0; i < channels.size(); i++) {
            Channel channel = channels.get(i);
            out[i * 3] = channel instanceof Channel.Kv ? "kv" : "service";
            out[i * 3 + 1] = channel.name();
            out[i * 3 + 2] = i;
        }
        return ProxyArray.fromArray(out);
    }

    /**
     * Starts the handler. The prelude reports to the returned {@link Outcome} directly (it captured its own
     * promise intrinsics before any tenant code ran), so tenant code that replaces {@code Promise.prototype.then}
     * or {@code Array.prototype.then} cannot hand the host a response of its own making. With {@code streaming},
     * a stream body is not read by the prelude: the response wire carries a reader instead (see
     * {@link StreamingBody}).
     */
    Outcome dispatch(String entrypoint, EdgeRequest request, boolean streaming) {
        String body = request.body().length == 0 ? null : new String(request.body(), StandardCharsets.ISO_8859_1);
        Outcome outcome = new Outcome();
        dispatch.execute(exports, entrypoint, env, request.method(), request.url(), HostBridge.Wire.joinHeaders(request.headers()),
                body, streaming, outcome);
        return outcome;
    }

    /**
     * Starts the default export's {@code scheduled(controller, env, ctx)} for a cron tick. The prelude reports
     * {@code (0, null)} once it settled, {@code (1, text)} when it threw or rejected, or when the worker has no
     * {@code scheduled} handler, then {@code (2, null)} once every {@code ctx.waitUntil()} promise settled.
     */
    Outcome dispatchScheduled(ScheduledEvent event) {
        Outcome outcome = new Outcome();
        dispatchScheduled.execute(exports.getMember("default"), env, (double) event.scheduledTimeMillis(), event.cron(), outcome);
        return outcome;
    }

    /**
     * Starts the RPC method {@code method} of the export {@code entrypoint} (null: the default) with the
     * arguments of {@code message} (the prelude's encoding, env/rpc.js). The prelude reports {@code (0, message)}
     * the result or {@code (3, message)} what the method threw (both strings), then {@code (2, null)}.
     */
    Outcome call(String entrypoint, String method, String message) {
        Outcome outcome = new Outcome();
        call.execute(exports, entrypoint, env, method, message, outcome);
        return outcome;
    }

    /**
     * What the handler produced, as the prelude reports it: {@code (0, wire)} the response (an RPC call: the
     * result's message), {@code (1, text)} the handler failed, {@code (3, message)} the RPC method threw,
     * {@code (2, null)} every {@code ctx.waitUntil()} promise has settled after the response. The first of
     * 0, 1 and 3 wins.
     */
    static final class Outcome implements ProxyExecutable {
        Value value;
        String error;
        /** What an RPC method threw (its message), when it did. */
        String thrown;
        private boolean done;
        private boolean waitsSettled;

        boolean done() {
            return done;
        }

        boolean waitsSettled() {
            return waitsSettled;
        }

        @Override
        public Object execute(Value... a) {
            int kind = a.length > 0 && a[0].fitsInInt() ? a[0].asInt() : -1;
            if (kind == 2) {
                waitsSettled = true;
            } else if (!done && kind == 0 && a.length > 1) {
                value = a[1];
                done = true;
            } else if (!done && kind == 1 && a.length > 1) {
                error = a[1].isString() ? a[1].asString() : "Uncaught (unprintable value)";
                done = true;
            } else if (!done && kind == 3 && a.length > 1 && a[1].isString()) {
                thrown = a[1].asString();
                done = true;
            }
            return null;
        }
    }

    /** The error's stack (or a description of a non-Error value) as this realm prints it. */
    String describe(Value error) {
        try {
            return describeError.execute(error).asString();
        } catch (PolyglotException e) {
            return "Uncaught (unprintable value)";
        }
    }

    Value internal() {
        return internal;
    }

    @Override
    public void close() {
        if (heap != null) {
            heap.released(retainedBytes);
            heap = null;
        }
        try {
            context.close(true);
        } catch (RuntimeException ignored) {
            // already closed or cancelled
        }
    }
}
