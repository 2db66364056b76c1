package io.edgeworks.edge.runtime;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.jboss.logging.Logger;

/**
 * One JavaScript worker thread. It owns its contexts (one per version it has served, created lazily,
 * least-recently-used and idle ones closed) and runs one request at a time to completion, including
 * the service binding calls that request makes (nested on the same thread) and a streamed response body.
 * A request waiting for I/O keeps its thread; while it waits, the pool may start another thread for the
 * queue ({@link WorkerPool#growIfStalled}).
 */
final class WorkerThread implements Runnable {
    private static final Logger LOG = Logger.getLogger(WorkerThread.class);
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final WorkerPool pool;
    private final LinkedHashMap<String, WorkerContext> contexts = new LinkedHashMap<>(16, 0.75f, true);
    /**
     * The keys of {@link #contexts}, readable from any thread: the scheduler hands a job to a waiting thread that holds
     * its version's realm ({@link FairScheduler#take}).
     */
    private final java.util.Set<String> realmKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Realms due for a walk of the per-context heap limit, walked once no request is on the stack. */
    private final java.util.ArrayList<DueWalk> walksDue = new java.util.ArrayList<>();
    /** Whether the per-context heap limit applies (set, and the runtime walks realms): else no allocation is read. */
    private final boolean boundsRetained;
    private final ConcurrentLinkedDeque<Invocation> stack = new ConcurrentLinkedDeque<>();
    private long lastPopCpu;
    /** How far {@link #cpuClock()} may extrapolate an exact reading of the thread's CPU clock with the wall clock. */
    static final long CPU_ESTIMATE_WINDOW_NANOS = 100_000;
    private static final long NO_READING = Long.MIN_VALUE;
    /** A job taken within this wall time was waiting in the queue (the thread did not park for it). */
    private static final long TAKE_WITHOUT_WAITING_NANOS = 2_000;
    /** The last exact reading of this thread's CPU clock and the wall clock (System.nanoTime) just after it. */
    private long cpuReading = NO_READING;
    private long cpuReadAt;
    private final java.util.ArrayDeque<WorkerContext.Prepared> spares = new java.util.ArrayDeque<>();
    private volatile int spareCount;
    private volatile long sparesTaken;
    private long nextSpareNanos;
    private final Thread thread;
    /**
     * The host object every realm of this thread is set up with: it holds no state of a realm (it acts for whichever
     * request runs on the thread), so one serves them all instead of a map of ~90 host functions per realm.
     */
    private final HostBridge bridge;
    /** The cancel flag of the realm walk this thread runs (null: none), for the watchdog; see {@link #boundRetained}. */
    private volatile AtomicBoolean walking;
    /** This thread's CPU clock when its current walk started. */
    private volatile long walkCpuStart;
    /** The account lane whose run slot this thread holds while it runs a job (null when idle). */
    private volatile FairScheduler.Lane lane;
    private int nextTimerId;
    private long shedCheckedNanos = System.nanoTime();
    private long shedsSeen;
    private WorkerPool.Retained retainedSeen;

    /**
     * The Java stack of a worker thread. Tenant JavaScript runs on it (interpreted GraalJS frames take a few
     * hundred bytes to kilobytes each until compiled), and a request's whole service binding chain nests on
     * it: up to {@code bindingDepth} workers, each with its handler, the prelude and the host call in between.
     * The JVM's default of 1 MiB ran out near the 32nd worker of a chain and at a few hundred levels of
     * structuredClone or RPC arguments; 4 MiB (address space, touched only as used) gives room for both.
     */
    static final long STACK_BYTES = 4L << 20;

    /** How soon a thread that needs a spare realm looks again while another thread prepares one. */
    static final long SPARE_RECHECK_MILLIS = 20;

    /** The worker thread running on this thread (null on any other thread). */
    private static final ThreadLocal<WorkerThread> ON_THIS_THREAD = new ThreadLocal<>();

    static WorkerThread onThisThread() {
        return ON_THIS_THREAD.get();
    }

    WorkerThread(WorkerPool pool, int index) {
        this.pool = pool;
        this.boundsRetained = pool.settings().contextHeapBytes() > 0 && pool.engine().contextHeap() != null;
        this.thread = Thread.ofPlatform().name("edge-worker-" + index).daemon(true).stackSize(STACK_BYTES).unstarted(this);
        this.bridge = new HostBridge(this);
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    WorkerPool pool() {
        return pool;
    }

    Invocation current() {
        return stack.peekFirst();
    }

    FairScheduler.Lane lane() {
        return lane;
    }

    /** Timer ids are unique per thread, so a realm's ids never repeat across its requests. */
    int nextTimerId() {
        nextTimerId = nextTimerId == Integer.MAX_VALUE ? 1 : nextTimerId + 1;
        return nextTimerId;
    }

    /** Prepared realms ready for a version new to this thread. */
    int spareCount() {
        return spareCount;
    }

    /** Contexts (versions and script realms) that started from a prepared realm on this thread (since start). */
    long sparesTaken() {
        return sparesTaken;
    }

    /** Whether this thread holds a realm of the version with {@code contextKey} (any thread may ask). */
    boolean holds(String contextKey) {
        return realmKeys.contains(contextKey);
    }

    int contextCount() {
        return contexts.size();
    }

    @Override
    public void run() {
        ON_THIS_THREAD.set(this);
        long idleSince = System.nanoTime();
        long retireAfter = TimeUnit.MILLISECONDS.toNanos(pool.settings().extraWorkerIdleMillis());
        while (!pool.closed()) {
            FairScheduler.Grant grant;
            boolean needSpare = spares.size() < pool.settings().spareContextsPerThread() && System.nanoTime() >= nextSpareNanos;
            // one thread of the pool prepares a spare at a time (see WorkerPool#startPreparingSpare); the others look
            // again shortly
            boolean wantSpare = needSpare && !pool.preparingSpare();
            // walks to warm the walk wait for a gap between jobs, which a node serving one request at a time (the JIT
            // warm-up's) leaves its threads often, but shorter than a second
            boolean wantWalk = boundsRetained && !spares.isEmpty() && pool.walkWarmUpsLeft();
            long takeStart = System.nanoTime();
            try {
                grant = pool.jobs().take(needSpare || wantWalk ? SPARE_RECHECK_MILLIS : 1000, !wantSpare, realmKeys::contains);
            } catch (InterruptedException e) {
                break;
            }
            if (System.nanoTime() - takeStart > TAKE_WITHOUT_WAITING_NANOS) {
                forgetCpuReading(); // the thread waited for the job: its CPU clock stood still meanwhile
            }
            closeShed();
            if (grant == null) {
                closeRetired();
                if (wantSpare && pool.startPreparingSpare()) {
                    try {
                        prepareSpare();
                    } finally {
                        pool.sparePrepared();
                    }
                    continue;
                }
                if (needSpare) {
                    continue;
                }
                if (wantWalk && pool.takeWalkWarmUp()) {
                    warmWalk();
                    continue;
                }
                evictIdle();
                trimToShare();
                if (System.nanoTime() - idleSince > retireAfter && pool.retire(this)) {
                    LOG.debugf("%s retires after %d ms idle", thread.getName(), pool.settings().extraWorkerIdleMillis());
                    break;
                }
                continue;
            }
            closeRetiredIfOverdue();
            pool.busy(true);
            lane = grant.lane();
            try {
                runJob(grant.job());
            } finally {
                lane = null;
                // idle first: a submit in between must not start a thread for the job this one takes next
                pool.busy(false);
                pool.jobs().finish(grant.lane());
                idleSince = System.nanoTime();
            }
            if (pool.retireIfSurplus(this)) {
                LOG.debugf("%s retires: the pool has more threads than it held jobs at once for %d ms", thread.getName(),
                        pool.settings().extraWorkerIdleMillis());
                break;
            }
        }
        pool.jobs().leave(thread);
        contexts.values().forEach(WorkerContext::close);
        contexts.clear();
        realmKeys.clear();
        spares.forEach(WorkerContext.Prepared::close);
        spares.clear();
        spareCount = 0;
    }

    /**
     * Evaluates the prelude in a new realm while the thread has nothing else to do, so that the next new
     * version on this thread only runs its own modules (the prelude is most of a cold start).
     */
    private void prepareSpare() {
        EdgeRequest none = new EdgeRequest("GET", "http://prepare.internal/", List.of(), null);
        Invocation inv = new Invocation(this, ScriptRealm.VERSION, none, ServiceTargets.NONE, pool.settings().limitsFor(ScriptRealm.VERSION), 1, new ArrayList<>());
        push(inv);
        try {
            spares.add(WorkerContext.prepare(pool.engine(), bridge, ctx -> inv.polyglot = ctx));
            spareCount = spares.size();
        } catch (RuntimeException e) {
            LOG.warn("could not prepare a spare context; next try in 10 s", e);
            nextSpareNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        } finally {
            pop(inv);
        }
    }

    private void runJob(WorkerPool.Job job) {
        if (job.script() != null) {
            runScript(job.script());
            return;
        }
        try {
            if (job.request() == null) {
                job.result().complete(job.warm() ? warm(job.version()) : load(job.version()));
                return;
            }
            if (job.scheduled() != null) {
                invoke(new Invocation(this, job.version(), job.scheduled(), job.targets(), pool.settings().limitsFor(job.version()),
                        new ArrayList<>()), false, job.result()::complete);
                return;
            }
            // limits set by the host: a request of the node's own
            Invocation inv = job.limits() != null
                    ? Invocation.host(this, job.version(), job.request(), job.targets(), job.limits(), new ArrayList<>())
                    : new Invocation(this, job.version(), job.request(), job.targets(), pool.settings().limitsFor(job.version()),
                    1, new ArrayList<>());
            invoke(inv, job.streaming(), job.result()::complete);
        } catch (RuntimeException | Error e) {
            LOG.error("worker thread failure", e);
            job.result().complete(new InvocationResult(EdgeResponse.text(500, "Internal Server Error"),
                    List.of(), 0, null, String.valueOf(e)));
        }
    }

    /** The outcome of a warm job on a thread that did not load the version (it holds nothing it replaces). */
    static final InvocationResult NOT_WARMED = new InvocationResult(EdgeResponse.text(204, ""), List.of(), 0, null, null);

    /**
     * Loads {@code version} here if this thread holds a context of another version of its environment and
     * none of this one, and its account has CPU credit left: a deploy's new version is ready where the version it
     * replaces was in use.
     */
    private InvocationResult warm(WorkerVersion version) {
        if (contexts.containsKey(version.contextKey())) {
            return NOT_WARMED;
        }
        if (!pool.cpuBurst().available(version)) {
            // its start-up is charged to the account (see contextFor): with the credit spent, the version's first
            // request on this thread starts it, billed to that request; else an account deploying a version whose
            // global scope spins would have every thread run it on every deploy
            return NOT_WARMED;
        }
        for (WorkerContext wc : contexts.values()) {
            if (version.environment().equals(wc.environment)) {
                return load(version);
            }
        }
        return NOT_WARMED;
    }

    /** Loads a version into this thread's cache (global scope under the start-up limit) without a request. */
    private InvocationResult load(WorkerVersion version) {
        EdgeRequest none = new EdgeRequest("GET", "http://load.internal/", List.of(), null);
        Invocation inv = new Invocation(this, version, none, ServiceTargets.NONE, pool.settings().limitsFor(version), 1, new ArrayList<>());
        push(inv);
        try {
            contextFor(version, inv, false);
            return new InvocationResult(EdgeResponse.text(200, "loaded"), List.of(), cpuUsed(inv), null, null);
        } catch (LimitExceededException e) {
            return new InvocationResult(EdgeResponse.text(503, e.getMessage()), snapshot(inv.logs), 0, e.kind(), e.getMessage());
        } catch (PolyglotException e) {
            LimitKind kind = inv.limitHit();
            String message = kind != null ? kind.label() + " limit exceeded while loading" : describe(e);
            return new InvocationResult(EdgeResponse.text(500, message), snapshot(inv.logs), 0, kind, message);
        } catch (WorkerLoadException e) {
            return new InvocationResult(EdgeResponse.text(500, e.getMessage()), snapshot(inv.logs), 0, null, e.getMessage());
        } finally {
            inv.end();
            pop(inv);
        }
    }

    /** Runs a host's script task in a fresh, throw-away realm (see {@link ScriptRealm}). */
    private <T> void runScript(WorkerPool.ScriptJob<T> job) {
        EdgeRequest none = new EdgeRequest("GET", "http://scripts.internal/", List.of(), null);
        Invocation inv = new Invocation(this, ScriptRealm.VERSION, none, ServiceTargets.NONE, job.limits(), 1, new ArrayList<>());
        push(inv);
        WorkerContext wc = null;
        try {
            wc = WorkerContext.bare(realm(inv, true));
            inv.context = wc;
            inv.phase = Invocation.Phase.RUNNING;
            inv.cpuStart = cpuNow();
            inv.budget.cpuStart = inv.cpuStart;
            inv.cpuExcluded = 0;
            job.result().complete(job.task().run(new ScriptRealm(wc, inv)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.result().completeExceptionally(e);
        } catch (Exception | Error e) {
            job.result().completeExceptionally(e);
        } finally {
            inv.end();
            pop(inv);
            if (wc != null) {
                wc.close();
            }
        }
    }

    /**
     * Runs a service binding call on this thread, within the caller's request: same budget, same graph
     * snapshot. The caller takes the callee's body whole (a stream body is read to its end).
     * {@code entrypoint}: the callee's export to reach (null: the default one).
     */
    InvocationResult invokeNested(WorkerVersion version, EdgeRequest request, String entrypoint, Invocation caller) {
        InvocationResult[] out = new InvocationResult[1];
        Invocation inv = new Invocation(this, version, request, caller.targets, pool.settings().limitsFor(version),
                caller.depth + 1, caller.logs, caller.budget);
        inv.entrypoint = entrypoint;
        invoke(inv, false, r -> out[0] = r);
        return out[0];
    }

    /**
     * Runs an RPC call of a service binding on this thread, within the caller's request, like
     * {@link #invokeNested}; the outcome (result or thrown value) is in {@code call} when the result reports
     * no failure of its own (a limit hit, a callee that could not start).
     */
    InvocationResult invokeRpc(WorkerVersion version, String entrypoint, RpcCall call, Invocation caller) {
        InvocationResult[] out = new InvocationResult[1];
        Invocation inv = new Invocation(this, version, caller.request, caller.targets, pool.settings().limitsFor(version),
                caller.depth + 1, caller.logs, caller.budget);
        inv.entrypoint = entrypoint;
        inv.rpc = call;
        invoke(inv, false, r -> out[0] = r);
        return out[0];
    }

    /** What the client gets for a handler's outcome: its response, or a 500 with the reason logged to the tenant. */
    private record Answer(EdgeResponse response, String error, WorkerStream stream) {
        static Answer failed(Invocation inv, String error) {
            inv.log("error", error);
            return new Answer(EdgeResponse.text(500, "Internal Server Error"), error, null);
        }
    }

    /**
     * The handler's response as the host will send it. The prelude builds the wire, but the host checks its
     * shape anyway, then the response itself against {@link WireRules}: one definition of what the wire may
     * carry, checked here for every response of a handler (ResponseWriter only keeps a write that fails
     * anyway from hanging the connection).
     */
    private static Answer answer(Invocation inv, WorkerContext.Outcome outcome) {
        if (outcome.error != null) {
            return Answer.failed(inv, outcome.error);
        }
        String invalid = HostBridge.Wire.invalidResponse(outcome.value);
        if (invalid != null) {
            return Answer.failed(inv, "invalid response: " + invalid);
        }
        WorkerStream stream = null;
        EdgeResponse result;
        if (HostBridge.Wire.isStreamed(outcome.value)) {
            stream = new StreamingBody(inv, outcome.value.getArrayElement(4));
            result = HostBridge.Wire.streamedResponse(outcome.value, stream);
        } else if (HostBridge.Wire.isRelayed(outcome.value)) {
            ResponseStream upstream = inv.takeUpstream(outcome.value.getArrayElement(4).asLong());
            if (upstream == null) {
                return Answer.failed(inv, "fetch() body to relay is not open in this request");
            }
            stream = new RelayedBody(inv, upstream);
            result = HostBridge.Wire.streamedResponse(outcome.value, stream);
        } else {
            result = HostBridge.Wire.response(outcome.value);
        }
        String refused = WireRules.refusal(result);
        if (refused != null) {
            String error = "invalid response: " + refused;
            if (stream != null) {
                stream.abort(error);
            }
            return Answer.failed(inv, error);
        }
        return new Answer(result, null, stream);
    }

    /**
     * The outcome of a scheduled() run as an {@link InvocationResult}: no response goes anywhere, so a nominal 200
     * when it settled, and the error (logged to the tenant) when it threw, rejected or the worker has no handler.
     */
    private static Answer scheduledAnswer(Invocation inv, WorkerContext.Outcome outcome) {
        if (outcome.error != null) {
            return Answer.failed(inv, outcome.error);
        }
        return new Answer(EdgeResponse.text(200, "ok"), null, null);
    }

    /** An RPC call's outcome, kept in its {@link RpcCall}; the answer is a placeholder (no client reads it). */
    private static Answer rpcAnswer(Invocation inv, WorkerContext.Outcome outcome) {
        String failure = inv.rpc.settle(outcome);
        if (failure != null) {
            return Answer.failed(inv, failure);
        }
        return new Answer(RPC_SETTLED, null, null);
    }

    private static final EdgeResponse RPC_SETTLED = EdgeResponse.text(200, "");

    private void invoke(Invocation inv, boolean streaming, java.util.function.Consumer<InvocationResult> respond) {
        WorkerVersion version = inv.version;
        EdgeRequest request = inv.request;
        // Live tail: null unless someone tails this environment (then the collector sees the response and the end).
        TraceCollector trace = pool.tails().open(version, inv.scheduled == null && inv.rpc == null ? request : null, inv.scheduled,
                inv.rpc == null ? null : inv.rpc.method, inv.entrypoint);
        inv.trace = trace;
        java.util.function.Consumer<InvocationResult> onResponse = trace == null ? respond : r -> {
            trace.responded(r);
            respond.accept(r);
        };
        List<LogLine> logs = inv.logs;
        push(inv);
        boolean responded = false;
        WorkerContext wc = null;
        WorkerStream stream = null;
        long allocatedAtStart = 0;
        try {
            wc = contextFor(version, inv, true);
            allocatedAtStart = boundsRetained ? allocNow() : 0;
            boolean created = inv.phase == Invocation.Phase.STARTUP;
            wc.active++;
            inv.context = wc;
            inv.polyglot = wc.context;
            inv.phase = Invocation.Phase.RUNNING;
            if (created) {
                // the handler's CPU time starts after the context's start-up (push() read the clock otherwise)
                inv.cpuStart = cpuNow();
            }
            inv.cpuExcluded = 0;
            WorkerContext.Outcome response = inv.scheduled != null ? wc.dispatchScheduled(inv.scheduled)
                    : inv.rpc != null ? wc.call(inv.entrypoint, inv.rpc.method, inv.rpc.arguments)
                    : wc.dispatch(inv.entrypoint, request, streaming);
            inv.runUntil(response::done);
            Answer answer = inv.scheduled != null ? scheduledAnswer(inv, response)
                    : inv.rpc != null ? rpcAnswer(inv, response) : answer(inv, response);
            stream = answer.stream();
            if (inv.scheduled == null) {
                onResponse.accept(new InvocationResult(answer.response(), snapshot(logs), cpuUsed(inv), null, answer.error()));
                responded = true;
            }
            if (stream != null) {
                inv.startStreaming();
                inv.runUntil(stream::finished);
                inv.phase = Invocation.Phase.RUNNING;
            }
            if (!response.waitsSettled()) {
                // Only ctx.waitUntil() work goes on after the response, within the waitUntil time and the
                // request's CPU budget; it ends with the request like everything else of it.
                inv.extendDeadline(inv.limits.waitUntilMs());
                inv.runUntil(response::waitsSettled);
            }
            if (inv.scheduled != null) {
                // A scheduled run has no response to send early: it ends when its ctx.waitUntil() work has settled
                // too, so a limit that work hits is the run's outcome.
                onResponse.accept(new InvocationResult(answer.response(), snapshot(logs), cpuUsed(inv), null, answer.error()));
                responded = true;
            }
        } catch (LimitExceededException e) {
            limitEnded(inv, e.kind(), onResponse, responded);
        } catch (PolyglotException e) {
            if (inv.limitHit() != null) {
                limitEnded(inv, inv.limitHit(), onResponse, responded);
            } else if (!responded) {
                String stack = e.isGuestException() || e.isSyntaxError() ? describe(e) : "Internal error: " + e.getMessage();
                inv.log("error", stack);
                onResponse.accept(new InvocationResult(EdgeResponse.text(500, "Internal Server Error"), snapshot(logs),
                        cpuUsed(inv), null, stack));
            } else {
                inv.log("error", (stream != null && !stream.finished() ? "response stream: " : "waitUntil: ") + describe(e));
            }
        } catch (WorkerLoadException e) {
            inv.log("error", e.getMessage());
            onResponse.accept(new InvocationResult(EdgeResponse.text(500, "Internal Server Error"), snapshot(logs),
                    cpuUsed(inv), null, e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!responded) {
                onResponse.accept(new InvocationResult(EdgeResponse.text(503, "Service Unavailable"), snapshot(logs), 0, null, "interrupted"));
            }
        } finally {
            if (stream != null && !stream.finished()) {
                LimitKind kind = inv.limitHit();
                String why = kind != null ? "the worker exceeded its " + kind.label() + " limit" : "the request ended";
                inv.log("error", "response stream aborted after the headers were sent: " + why);
                stream.abort(why);
            }
            // Ends the request before it leaves the stack (so the watchdog still covers it): timers, queued
            // tasks and open bodies are dropped in Java; no JavaScript runs for the cleanup.
            inv.end();
            if (trace != null) {
                trace.finished(inv.limitHit());
            }
            if (inv.entry()) {
                pool.heapGuard().allocated(version.environment().account(), inv.budget.allocated(threadAllocated()));
            }
            pop(inv);
            if (inv.budget.burstNanos > 0) {
                // The request was granted CPU time beyond its limits (CpuBurst): what it used of it, and what goes
                // back once it ends. Off the stack, so the watchdog cannot grant it more after this look.
                long overrun = cpuUsed(inv) - TimeUnit.MILLISECONDS.toNanos(inv.limits.cpuMs());
                if (inv.entry()) {
                    overrun = Math.max(overrun, inv.budget.cpuUsed(cpuClock()) - inv.budget.cpuLimitNanos);
                }
                inv.budget.ended(overrun, inv.entry());
            }
            if (wc != null) {
                wc.active--;
                wc.lastUsedNanos = System.nanoTime();
                if (wc.ephemeral) {
                    wc.close();
                } else if (inv.limitHit() != null && wc.active == 0) {
                    // The context was interrupted mid-flight: its state may be half-updated, start afresh. After the
                    // limits a worker reaches by running (CPU time, allocation), it is not started again while the
                    // account's CpuBurst is spent, so that a version cannot have the node start it again on every request;
                    // a deadline (a slow upstream) is not the worker's doing and costs it nothing.
                    discard(wc);
                    if (inv.limitHit() == LimitKind.CPU || inv.limitHit() == LimitKind.MEMORY) {
                        inv.budget.burst().ended(wc.key);
                    }
                } else if (boundsRetained) {
                    wc.allocatedSinceWalk += allocNow() - allocatedAtStart;
                    if (wc.active == 0 && walkDue(wc)) {
                        walksDue.add(new DueWalk(wc, version));
                    }
                }
            }
            if (!walksDue.isEmpty() && stack.isEmpty()) {
                // after the entry request left the stack: a walk is not billed to any request's CPU time
                walkDueRealms();
            }
        }
    }

    /** A realm to walk once no request is on this thread's stack (see {@link #boundRetained}). */
    private record DueWalk(WorkerContext wc, WorkerVersion version) {
    }

    /**
     * Whether what {@code wc}'s thread allocated while it was in use could have taken it past the per-context limit, or
     * its version's realms together past the version's ({@link VersionHeaps}).
     */
    private boolean walkDue(WorkerContext wc) {
        long free = pool.settings().contextHeapBytes() - wc.retainedBytes;
        long versionLimit = pool.settings().versionHeapBytes();
        if (wc.heap != null && versionLimit > 0) {
            free = Math.min(free, wc.heap.share(versionLimit));
        }
        return wc.allocatedSinceWalk >= free;
    }

    private void walkDueRealms() {
        for (DueWalk due : walksDue) {
            // still this thread's, idle, and not walked yet (a realm may be due twice: a binding called twice)
            if (contexts.get(due.wc().key) == due.wc() && due.wc().active == 0 && walkDue(due.wc())) {
                boundRetained(due.wc(), due.version());
            }
        }
        walksDue.clear();
    }

    /**
     * The per-context heap limit ({@code edge.limits.context-heap-bytes}): what a realm keeps across requests can only
     * have grown by what its thread allocated while the realm was in use, so once that, added to its last measured
     * size, could pass the limit, the realm is walked ({@link ContextHeap}); one keeping the limit or more is reset
     * (closed; its version's next request on this thread gets a fresh realm; its tenant log says why). The cost:
     * the benchmark's realms (1.7-2.0 MB each, ~36 KB allocated per request) are walked once per ~3,500 requests,
     * ~7.6 ms of CPU time each, ~2.2 µs per request on average (deploy/bench/RESULTS.md); a hoarder is walked every
     * few megabytes once it is near the limit. The realms of one version on this node are bound together too
     * ({@code edge.limits.version-heap-bytes}, {@link VersionHeaps}): a realm is walked once its allocation reaches its
     * equal share of what is left of the version's limit, and the walk that finds their sum at that limit resets the
     * realm it walked. The walk stops where a reset is due. A realm found due
     * while a request is still on the thread's stack (a service binding's callee) is walked once the entry request has
     * left it: its time is then no request's CPU time. A walk past {@code edge.limits.context-heap-walk-ms} is cancelled
     * and its realm reset, unless the engine's shared shapes make every walk overrun ({@link ShapePollution}): then a
     * due walk waits instead.
     */
    private void boundRetained(WorkerContext wc, WorkerVersion version) {
        if (wc.walksDeferred < ShapePollution.MAX_DEFERRALS && shapesPolluted()) {
            // every realm's walk overruns now, through shapes other realms added: this one's would say nothing of it
            wc.walksDeferred++;
            wc.allocatedSinceWalk = 0;
            pool.shapePollution().deferred();
            return;
        }
        long limit = pool.settings().contextHeapBytes();
        long versionLimit = wc.heap != null ? pool.settings().versionHeapBytes() : 0;
        // the walk stops where a reset is due: at the realm's limit, or where the version's realms reach theirs
        long others = versionLimit > 0 ? wc.heap.total() - wc.retainedBytes : 0;
        long stopAt = versionLimit > 0 ? Math.max(1, Math.min(limit, versionLimit - others)) : limit;
        long bytes;
        long started = cpuNow();
        try {
            bytes = walk(wc.context, stopAt);
        } catch (CancellationException overrun) {
            // too long to measure: reset, as a realm at its limit is (what it keeps is then known: nothing)
            long nanos = cpuNow() - started;
            wc.allocatedSinceWalk = 0;
            pool.contextHeapWalked(nanos);
            pool.contextHeapWalkOverrun(version, nanos);
            pool.shapePollution().doubt();
            discard(wc);
            return;
        } catch (RuntimeException e) {
            // our failure, not the tenant's: the realm is kept, and walked again after as much allocation again
            LOG.warn("could not measure a context's heap", e);
            wc.allocatedSinceWalk = 0;
            return;
        }
        long nanos = cpuNow() - started;
        wc.allocatedSinceWalk = 0;
        wc.walksDeferred = 0;
        long together = wc.heap != null ? wc.heap.walked(wc.retainedBytes, bytes) : bytes;
        wc.retainedBytes = bytes;
        pool.contextHeapWalked(nanos);
        boolean realmOver = bytes >= limit;
        if (realmOver || versionLimit > 0 && together >= versionLimit) {
            pool.contextHeapReset(version, bytes, together, realmOver ? limit : versionLimit, !realmOver, nanos);
            discard(wc);
        }
    }

    /**
     * Walks {@code context} ({@link ContextHeap}) until it has counted {@code stopAt} bytes; the watchdog cancels it past
     * {@code edge.limits.context-heap-walk-ms} of this thread's CPU time ({@link #boundWalk}): CancellationException.
     */
    private long walk(Context context, long stopAt) {
        AtomicBoolean cancel = new AtomicBoolean();
        walkCpuStart = cpuNow();
        walking = cancel;
        try {
            return pool.engine().contextHeap().retainedBytes(context, stopAt, cancel);
        } finally {
            walking = null;
        }
    }

    /**
     * One walk of this thread's spare realm while idle, to have the walk's own code compiled before a walk judges
     * anything ({@link WorkerPool#takeWalkWarmUp}): its CPU time is no one's and nothing is decided on it.
     */
    private void warmWalk() {
        SpareWalk walked = walkSpare(spares.peekFirst());
        pool.walkWarmedUp(walked == null ? 0 : walked.nanos(), walked != null && walked.overran());
    }

    /** A whole walk of a spare realm: its CPU time, and whether the bound cancelled it. */
    private record SpareWalk(long nanos, boolean overran) {
    }

    /** Walks {@code spare} to its end or the bound; null when the walk failed (our failure: logged). */
    private SpareWalk walkSpare(WorkerContext.Prepared spare) {
        long started = cpuNow();
        boolean overran = false;
        try {
            walk(spare.context(), Long.MAX_VALUE);
        } catch (CancellationException e) {
            overran = true;
        } catch (RuntimeException e) {
            LOG.warn("could not measure a spare context's heap", e);
            return null;
        }
        return new SpareWalk(cpuNow() - started, overran);
    }

    /**
     * Whether the engine's shared object shapes make every realm's walk overrun now ({@link ShapePollution}): the pool's
     * verdict while it holds, else judged again on this thread's spare realm, prepared for it if the thread has none.
     */
    private boolean shapesPolluted() {
        if (pool.settings().contextHeapWalkMs() <= 0) {
            return false; // walks are not bounded: none overruns
        }
        ShapePollution pollution = pool.shapePollution();
        Boolean verdict = pollution.verdict(System.nanoTime());
        if (verdict != null) {
            return verdict;
        }
        if (spares.isEmpty() && pool.settings().spareContextsPerThread() > 0 && pool.startPreparingSpare()) {
            // a busy thread has none (it prepares them only while idle): this one judges, then serves as a spare
            try {
                prepareSpare();
            } finally {
                pool.sparePrepared();
            }
        }
        WorkerContext.Prepared spare = spares.peekFirst();
        if (spare == null) {
            return pollution.lastVerdict(); // another thread is preparing one: it may judge next
        }
        SpareWalk walked = walkSpare(spare);
        if (walked == null) {
            return pollution.lastVerdict();
        }
        pool.contextHeapWalked(walked.nanos());
        if (pollution.judged(walked.overran(), System.nanoTime())) {
            pool.shapePollutionChanged(walked.overran(), walked.nanos());
        }
        return walked.overran();
    }

    private static String describe(PolyglotException e) {
        StringBuilder out = new StringBuilder(e.getMessage() == null ? "Error" : e.getMessage());
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (frame.isGuestFrame()) {
                out.append("\n    at ").append(frame);
            }
        }
        return out.toString();
    }

    private void limitEnded(Invocation inv, LimitKind kind, java.util.function.Consumer<InvocationResult> onResponse,
                            boolean responded) {
        pool.limitHit(inv, kind, inv.limitDetail());
        // The tenant sees which of its workers ran out, and of what (in a binding chain, each caller says who).
        inv.log("error", "limit hit: " + inv.version.label() + " exceeded its " + kind.label() + " limit ("
                + inv.limitDetail() + ")");
        if (inv.budget.exhausted() == null && (kind == LimitKind.WALL_CLOCK || kind == LimitKind.MEMORY)) {
            inv.budget.exhaust(kind, inv.version.label());
        }
        if (!responded) {
            String message = "Worker exceeded its " + kind.label() + " limit";
            onResponse.accept(new InvocationResult(EdgeResponse.text(kind == LimitKind.WALL_CLOCK ? 504 : 503, message),
                    snapshot(inv.logs), cpuUsed(inv), kind, message));
        }
    }

    private static List<LogLine> snapshot(List<LogLine> logs) {
        synchronized (logs) {
            return List.copyOf(logs);
        }
    }

    /**
     * The realm of {@code version} on this thread for {@code inv}, started if there is none (or it is in use by an outer
     * call: a version calling itself). Who pays for a start-up (the prelude, a spare realm's preparation included, and
     * the version's global scope): the node starts realms only for an account's requests and deploys, and it closes
     * them to make room (least recently used, idle, shed under heap pressure), so a start-up for a request
     * ({@code forRequest}) is charged to the account's {@link CpuBurst}; while that is spent, its global scope counts in
     * the request's CPU time and allocation, held to the request's limits as it runs (the prelude, the node's own code,
     * stays out: so a request costs the node at most a prelude beyond its limits). A deploy's load and warm-up are
     * charged the same way: a load runs whatever the credit (it decides whether the deploy goes live), in its
     * account's run slots ({@link FairScheduler#load}); a warm-up waits for credit ({@link #warm}). Without the credit,
     * no start-up takes a spare realm (it evaluates the prelude in its own run slot). A realm that ended on a limit hit
     * or failed to start is not started again while the credit is spent.
     */
    private WorkerContext contextFor(WorkerVersion version, Invocation inv, boolean forRequest) {
        WorkerContext wc = contexts.get(version.contextKey());
        if (wc != null && wc.active == 0) {
            return wc;
        }
        boolean reentrant = wc != null;
        if (version.moduleBytes() > pool.settings().moduleBytes()) {
            inv.trip(LimitKind.MODULE_SIZE, version.moduleBytes() + " bytes > " + pool.settings().moduleBytes());
            inv.throwIfLimitHit();
        }
        CpuBurst burst = inv.budget.burst();
        boolean available = burst.available(version);
        boolean credit = !forRequest || available;
        if (!credit && burst.endedBefore(version.contextKey())) {
            inv.trip(LimitKind.CPU, "its realm on this node ended on a limit hit, and its account's CPU burst on this"
                    + " node is spent: it starts again once that refills");
            inv.throwIfLimitHit();
        }
        // A realm for a version calling itself serves this call alone: its start-up is the request's, so a chain of 31
        // such calls cannot take 31 start-ups of the node's time.
        inv.startupBilled = reentrant ? "a realm of its own for a call to itself"
                : credit ? null : "its account's CPU burst on this node is spent";
        boolean charged = inv.startupBilled == null; // a host invocation's burst (CpuBurst.NONE) charges nothing
        inv.phase = Invocation.Phase.PRELUDE;
        long cpuBefore = cpuNow();
        long allocBefore = allocNow();
        long taken = sparesTaken;
        boolean started = false;
        WorkerContext.Prepared prepared = null;
        // Where the prelude ended and the version's own code began: a start-up its request pays for counts from there
        // (the prelude is the node's, the same for every realm).
        boolean[] pastPrelude = {false};
        try {
            // A spare realm only while the account has credit (for a request or a deploy's load): else an account
            // flooding the node with deploys, or cycling more environments than it keeps realms for, had idle threads
            // prepare spares for it, charged to no one, on the cores that serve others; without credit, its start-up
            // evaluates the prelude in its own run slot.
            prepared = realm(inv, available);
            wc = WorkerContext.create(prepared, version, () -> {
                long cpu = cpuNow();
                inv.cpuStart = cpu;
                if (inv.startupBilled != null) {
                    pastPrelude[0] = true;
                    inv.budget.cpuExcluded += cpu - cpuBefore;
                    inv.budget.allocExcluded += allocNow() - allocBefore;
                }
                inv.phase = Invocation.Phase.STARTUP;
            });
            started = true;
        } finally {
            long cpu = cpuNow() - cpuBefore;
            if (inv.startupBilled == null || !pastPrelude[0]) { // not the request's, or it never got past the prelude
                inv.budget.cpuExcluded += cpu;
                inv.budget.allocExcluded += allocNow() - allocBefore;
            }
            if (inv.startupBilled != null && !reentrant) {
                burst.billed();
            }
            inv.startupBilled = null;
            if (charged) {
                // a spare realm was prepared ahead (while the thread had nothing to do) for whoever takes it
                burst.charge(version, cpu + (sparesTaken != taken && prepared != null ? prepared.cpuNanos() : 0));
            }
            if (started) {
                burst.started(version.contextKey());
            } else {
                burst.ended(version.contextKey());
            }
        }
        pool.compiled();
        if (reentrant) {
            // A version calling itself through a binding: the outer call is still inside this realm, whose
            // promise jobs only run once the outermost call returns, so the nested call gets its own realm.
            wc.ephemeral = true;
            return wc;
        }
        contexts.put(version.contextKey(), wc);
        realmKeys.add(version.contextKey());
        if (boundsRetained) {
            wc.heap = pool.versionHeaps().added(version.contextKey());
        }
        trimToShare();
        return wc;
    }

    /**
     * Closes the least recently used contexts beyond this thread's share of the pool's context budget
     * ({@link WorkerPool#contextShare}), which shrinks while extra threads run: without it, each thread the pool
     * grows by (up to max-worker-threads, when requests wait on I/O) would keep as many realms as a base thread,
     * and a node serving many environments would hold that many times the heap (measured: twice, 600 MB at
     * 10,000 environments, with the 8 threads a deploy-and-request load grew the pool to).
     */
    private void trimToShare() {
        int share = pool.contextShare();
        while (contexts.size() > share) {
            Iterator<WorkerContext> eldest = contexts.values().iterator();
            WorkerContext victim = eldest.next();
            if (victim.active > 0) {
                break;
            }
            eldest.remove();
            closeCached(victim);
        }
    }

    /** A realm with the prelude evaluated: a spare one ({@code spare}) if the thread has one, else a new one. */
    private WorkerContext.Prepared realm(Invocation inv, boolean spare) {
        WorkerContext.Prepared prepared = spare ? spares.pollFirst() : null;
        spareCount = spares.size();
        if (prepared == null) {
            return WorkerContext.prepare(pool.engine(), bridge, ctx -> inv.polyglot = ctx);
        }
        inv.polyglot = prepared.context();
        sparesTaken++;
        return prepared;
    }

    private void discard(WorkerContext wc) {
        if (contexts.remove(wc.key, wc)) {
            realmKeys.remove(wc.key);
        }
        wc.close();
    }

    /** Closes {@code wc}, just removed from {@link #contexts}. */
    private void closeCached(WorkerContext wc) {
        realmKeys.remove(wc.key);
        wc.close();
    }

    /**
     * Closes the contexts of versions the served graph no longer carries ({@link WorkerPool#retainOnly}), created before
     * that call; one still in use is left for a later look, so the call counts as seen only once none is left.
     */
    private void closeRetired() {
        WorkerPool.Retained retained = pool.retained();
        if (retained != retainedSeen) { // else the common case: no graph swapped since this thread last looked
            closeRetired(retained);
        }
    }

    /** {@link #closeRetired()} for a thread that found a job: only once the retainOnly call is {@link WorkerPool.Retained#overdue}. */
    private void closeRetiredIfOverdue() {
        WorkerPool.Retained retained = pool.retained();
        if (retained != retainedSeen && retained.overdue(System.nanoTime())) {
            closeRetired(retained);
        }
    }

    private void closeRetired(WorkerPool.Retained retained) {
        boolean busy = false;
        Iterator<WorkerContext> it = contexts.values().iterator();
        while (it.hasNext()) {
            WorkerContext wc = it.next();
            // a context created after the call is for a newer graph (a deploy's pre-warm before its swap) or a request
            // that arrived since: the next call decides about it
            if (!retained.contextKeys().contains(wc.key) && wc.createdNanos < retained.atNanos()) {
                if (wc.active > 0) {
                    busy = true;
                } else {
                    it.remove();
                    closeCached(wc);
                }
            }
        }
        if (!busy) {
            retainedSeen = retained;
        }
    }

    /** Closes the idle contexts of accounts shed under heap pressure since this thread last looked. */
    private void closeShed() {
        long sheds = pool.shedCount();
        if (sheds == shedsSeen) {
            return; // the common case: nothing shed since this thread last looked
        }
        shedsSeen = sheds;
        long now = System.nanoTime();
        java.util.Set<String> shed = pool.shedSince(shedCheckedNanos);
        shedCheckedNanos = now;
        if (!shed.isEmpty()) {
            contexts.values().removeIf(wc -> {
                if (wc.active == 0 && shed.contains(wc.account)) {
                    closeCached(wc);
                    return true;
                }
                return false;
            });
        }
    }

    private void evictIdle() {
        long cutoff = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(pool.settings().contextIdleMillis());
        Iterator<Map.Entry<String, WorkerContext>> it = contexts.entrySet().iterator();
        while (it.hasNext()) {
            WorkerContext wc = it.next().getValue();
            if (wc.active == 0 && wc.lastUsedNanos < cutoff) {
                it.remove();
                closeCached(wc);
            }
        }
    }

    /*
     * Reading the thread's CPU clock is a system call (1.7 µs on the development machine, ~2.4 µs with the VM's
     * system-call overhead: a fifth of a service-binding request's worker time when read at every step), so the
     * accounting reads it exactly only where exactness matters (a request's CPU time at its response, a context's
     * start-up) and elsewhere extrapolates the last exact reading with the wall clock ({@link #cpuClock()}): on a
     * running thread CPU time and wall time advance together, and the estimate can only run ahead of the true
     * clock (by the time the thread was preempted or parked since that reading), by at most
     * {@link #CPU_ESTIMATE_WINDOW_NANOS}. Estimates start a new request's budget (under load the thread goes from
     * one response's exact reading to the next job), enter and leave binding calls and bill a binding call's CPU
     * time; so a budget counts at most the window less than the request used, and a binding call's CPU time is
     * split between caller and callee within the window. A budget found over its CPU time is confirmed exactly.
     */
    private void push(Invocation inv) {
        long cpu = inv.createdCpu >= 0 ? inv.createdCpu : cpuClock();
        inv.enteredCpu = cpu;
        inv.cpuStart = cpu;
        stack.push(inv);
    }

    private void pop(Invocation inv) {
        stack.remove(inv);
        Invocation parent = stack.peekFirst();
        if (parent != null) {
            long cpu = cpuClock();
            lastPopCpu = cpu;
            parent.cpuExcluded += cpu - inv.enteredCpu;
        }
    }

    /**
     * The thread's CPU time when the last binding call on it returned to its caller (worker thread only): an
     * estimate ({@link #cpuClock()}), ahead of the true clock by at most the window.
     */
    long lastPopCpu() {
        return lastPopCpu;
    }

    /** The invocation's CPU time so far: exact for the request's own (billed), estimated for a binding call's. */
    private long cpuUsed(Invocation inv) {
        return Math.max(0, (inv.entry() ? cpuNow() : cpuClock()) - inv.cpuStart - inv.cpuExcluded);
    }

    /** The thread's CPU clock, read exactly (a system call); later estimates extrapolate this reading. */
    long cpuNow() {
        long cpu = MX.getCurrentThreadCpuTime();
        cpuReading = cpu;
        cpuReadAt = System.nanoTime();
        return cpu;
    }

    /** The thread is about to wait (park): its CPU clock stands still, the wall clock does not. */
    void forgetCpuReading() {
        cpuReading = NO_READING;
    }

    /**
     * The thread's CPU clock, estimated as the last exact reading plus the wall time since, when that reading is
     * at most {@link #CPU_ESTIMATE_WINDOW_NANOS} old; else read exactly. Never behind the true clock, ahead of it
     * by the time the thread did not run since the reading (at most the window).
     */
    long cpuClock() {
        long since = System.nanoTime() - cpuReadAt;
        if (since >= 0 && since <= CPU_ESTIMATE_WINDOW_NANOS && cpuReading != NO_READING) {
            return cpuReading + since;
        }
        return cpuNow();
    }

    private long allocNow() {
        return MX.getThreadAllocatedBytes(thread.threadId());
    }

    /**
     * For the watchdog, from another thread: cancels the realm walk this thread runs once it has taken more than
     * {@code budgetNanos} of CPU time.
     */
    void boundWalk(long budgetNanos) {
        AtomicBoolean cancel = walking;
        if (cancel != null && budgetNanos > 0 && threadCpu() - walkCpuStart > budgetNanos) {
            cancel.set(true);
        }
    }

    /** CPU nanoseconds this thread has used (for the watchdog, from another thread). */
    long threadCpu() {
        return MX.getThreadCpuTime(thread.threadId());
    }

    long threadAllocated() {
        return MX.getThreadAllocatedBytes(thread.threadId());
    }
}
