package io.edgeworks.edge.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.graalvm.polyglot.Value;

/**
 * One request running one worker version on one worker thread: the per-request object every host call
 * acts through. It owns the request's {@link RequestBudget} (shared along a service-binding chain), its
 * state (timers, open fetch() bodies) and its own task queue (timer firings and I/O completions posted by
 * other threads, run here on the worker thread), and reaches the outside only through its version's
 * {@link Channel}s, resolved when the version was built (each service binding, each KV namespace) and the
 * pool's outbound fetch. A service binding call runs a nested Invocation on the same thread.
 */
final class Invocation {
    /** STREAMING: the response headers are out and the handler's body stream is being pumped. */
    enum Phase { PRELUDE, STARTUP, RUNNING, STREAMING }

    final WorkerThread worker;
    final WorkerVersion version;
    final EdgeRequest request;
    final ServiceTargets targets;
    final RequestLimits limits;
    final int depth;
    final List<LogLine> logs;
    /** The incoming request's budget, shared with the invocations of the same request chain. */
    final RequestBudget budget;
    /** The cron tick this invocation runs {@code scheduled()} for; null for a request (and every binding call). */
    final ScheduledEvent scheduled;
    /** The export this invocation reaches: null for the default one, else the binding's named entrypoint. */
    String entrypoint;
    /** The RPC call this invocation runs, or null when it serves an HTTP request. */
    RpcCall rpc;
    /** What a live tail collects of this invocation; null (nothing collected) when nobody tails its environment. */
    TraceCollector trace;

    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    /** setTimeout/setInterval of this request: the callbacks stay in Java, so nothing in the realm tracks them. */
    private final Map<Integer, Timer> timers = new HashMap<>();
    private volatile LimitKind limitHit;
    private volatile String limitDetail;
    volatile Phase phase = Phase.PRELUDE;
    /**
     * While a realm starts for this invocation and its start-up counts in the request's CPU budget (its account's
     * {@link CpuBurst} is spent, or the realm serves this call alone), why; the watchdog then holds the start-up to the
     * request's budget as well as to the start-up limit. Null otherwise.
     */
    volatile String startupBilled;
    volatile WorkerContext context;
    volatile org.graalvm.polyglot.Context polyglot;
    volatile long lastInterruptNanos;

    // CPU and allocation accounting, written by the worker thread, read by the watchdog.
    volatile long cpuStart;
    volatile long cpuExcluded;
    long enteredCpu;
    /** The thread's CPU time when this invocation created its own budget; -1 for one within another's (a binding call). */
    final long createdCpu;
    private volatile boolean ended;
    // fetch() response bodies still open in this request, by id (worker thread only)
    private Map<Long, UpstreamReader> upstreams;
    private static final java.util.concurrent.atomic.AtomicLong UPSTREAM_IDS = new java.util.concurrent.atomic.AtomicLong();

    /** The first invocation of an incoming request: a new budget sized by {@code limits}. */
    Invocation(WorkerThread worker, WorkerVersion version, EdgeRequest request, ServiceTargets targets,
               RequestLimits limits, int depth, List<LogLine> logs) {
        this(worker, version, request, targets, limits, depth, logs, null, null, worker.pool().cpuBurst());
    }

    /**
     * A request of the node's own (a built-in worker: the runtime's warm-up) under {@code limits}: no account's, so it
     * neither draws on nor is charged to any account's {@link CpuBurst}.
     */
    static Invocation host(WorkerThread worker, WorkerVersion version, EdgeRequest request, ServiceTargets targets,
                           RequestLimits limits, List<LogLine> logs) {
        return new Invocation(worker, version, request, targets, limits, 1, logs, null, null, CpuBurst.NONE);
    }

    /** A cron tick's run of {@code scheduled()}: a new budget sized by {@code limits}, like a request's. */
    Invocation(WorkerThread worker, WorkerVersion version, ScheduledEvent scheduled, ServiceTargets targets,
               RequestLimits limits, List<LogLine> logs) {
        this(worker, version, ScheduledEvent.REQUEST, targets, limits, 1, logs, null, scheduled, worker.pool().cpuBurst());
    }

    /** An invocation within the request that owns {@code budget} (a service binding call). */
    Invocation(WorkerThread worker, WorkerVersion version, EdgeRequest request, ServiceTargets targets,
               RequestLimits limits, int depth, List<LogLine> logs, RequestBudget budget) {
        this(worker, version, request, targets, limits, depth, logs, java.util.Objects.requireNonNull(budget, "budget"), null, null);
    }

    /**
     * {@code budget}: the request's, for a call within it; null for a new request (or tick), which gets a new one drawing
     * on {@code burst}.
     */
    private Invocation(WorkerThread worker, WorkerVersion version, EdgeRequest request, ServiceTargets targets,
                       RequestLimits limits, int depth, List<LogLine> logs, RequestBudget budget, ScheduledEvent scheduled,
                       CpuBurst burst) {
        this.scheduled = scheduled;
        this.worker = worker;
        this.version = version;
        this.request = request;
        this.targets = targets;
        this.limits = limits;
        this.depth = depth;
        this.logs = logs;
        if (budget == null) {
            // The thread's CPU clock is a system call (~1.7 µs on the development machine): read once (or
            // estimated from the last exact reading, see WorkerThread#cpuClock), for the budget's start and the
            // invocation's entry (see WorkerThread#push).
            createdCpu = worker.cpuClock();
            this.budget = new RequestBudget(limits, createdCpu, worker.threadAllocated(), burst, version);
        } else {
            createdCpu = -1;
            this.budget = budget;
        }
    }

    /** The service binding channel {@code index} of this request's version (the index {@code env.X} holds). */
    Channel.Service service(int index) {
        return channel(index, Channel.Service.class);
    }

    /** The KV channel {@code index} of this request's version. */
    Channel.Kv kv(int index) {
        return channel(index, Channel.Kv.class);
    }

    private <C extends Channel> C channel(int index, Class<C> kind) {
        List<Channel> channels = version.channels();
        if (index < 0 || index >= channels.size() || !kind.isInstance(channels.get(index))) {
            // env.X objects are built by the prelude from the same list: only a host bug gets here
            throw new IllegalStateException(version.label() + " has no " + kind.getSimpleName() + " channel " + index);
        }
        return kind.cast(channels.get(index));
    }

    /** What runs, for the operator log: the request's method and URL, or the cron tick. */
    String describe() {
        return scheduled != null ? "scheduled run (cron '" + scheduled.cron() + "', tick " + java.time.Instant.ofEpochMilli(
                scheduled.scheduledTimeMillis()) + ")" : request.method() + " " + request.url();
    }

    /** Whether this is the invocation the client's request reached (not a binding call within it). */
    boolean entry() {
        return depth == 1;
    }

    /** When the request's wall-clock (or stream idle, or waitUntil) time runs out. */
    long deadlineNanos() {
        return budget.deadlineNanos;
    }

    /**
     * Posts work to run on the worker thread within this request (any thread may call). Once the request
     * ended, tasks are dropped; an {@link Abandonable} one is told so (e.g. to close what it carries).
     */
    void post(Runnable task) {
        tasks.add(task);
        if (ended) {
            abandonQueued();
        }
    }

    /** Whether the request is over (any thread): what it still had under way is dropped. */
    boolean ended() {
        return ended;
    }

    /** A posted task that must release something when it will never run. */
    interface Abandonable extends Runnable {
        void abandon();
    }

    /**
     * The request is over (worker thread): cancels its timers and open fetch() bodies, drops (abandons)
     * queued tasks. Runs no JavaScript: nothing of the request is left to run in the realm afterwards.
     */
    void end() {
        ended = true;
        cancelAllTimers();
        if (upstreams != null) {
            for (UpstreamReader reader : List.copyOf(upstreams.values())) {
                reader.cancel("the request ended");
            }
            upstreams = null;
        }
        abandonQueued();
    }

    private void abandonQueued() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            if (task instanceof Abandonable a) {
                a.abandon();
            }
        }
    }

    /** Registers a fetch() response body for the worker to read; returns its id (unique in this process). */
    long addUpstream(ResponseStream stream, long wholeLimit) {
        long id = UPSTREAM_IDS.incrementAndGet();
        if (upstreams == null) {
            upstreams = new HashMap<>();
        }
        upstreams.put(id, new UpstreamReader(this, id, stream, wholeLimit));
        return id;
    }

    /** The reader of a body of this request, or null (not one of this request's, or already finished). */
    UpstreamReader upstream(long id) {
        return upstreams == null ? null : upstreams.get(id);
    }

    void forgetUpstream(long id) {
        if (upstreams != null) {
            upstreams.remove(id);
        }
    }

    /** Takes an untouched body out of the request's care (it is relayed to the client), or null. */
    ResponseStream takeUpstream(long id) {
        UpstreamReader reader = upstream(id);
        if (reader == null || !reader.untouched()) {
            return null;
        }
        upstreams.remove(id);
        return reader.stream();
    }

    /** Runs posted tasks on the worker thread until {@code done}, the deadline or a limit hit. */
    void runUntil(BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) {
            throwIfLimitHit();
            long remaining = budget.deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                tripDeadline();
                throwIfLimitHit();
            }
            Runnable task = tasks.poll();
            if (task == null) {
                // About to block: the thread gives up its run slot (another request may run meanwhile) and
                // takes one again, in its account's turn, before it runs JavaScript again.
                worker.pool().waiting(this, true);
                worker.forgetCpuReading();
                try {
                    task = tasks.poll(remaining, TimeUnit.NANOSECONDS);
                } finally {
                    worker.pool().waiting(this, false);
                }
            }
            if (task != null) {
                task.run();
            }
        }
        throwIfLimitHit();
    }

    void throwIfLimitHit() {
        LimitKind kind = limitHit;
        if (kind != null) {
            throw new LimitExceededException(kind, limitDetail);
        }
    }

    /** Records a limit hit (first one wins) and wakes the worker; returns true when this call recorded it. */
    boolean trip(LimitKind kind, String detail) {
        boolean first = false;
        synchronized (this) {
            if (limitHit == null) {
                limitDetail = detail;
                limitHit = kind;
                first = true;
            }
        }
        tasks.add(() -> { });
        return first;
    }

    LimitKind limitHit() {
        return limitHit;
    }

    String limitDetail() {
        return limitDetail;
    }

    /** Trips the limit the current deadline stands for: wall-clock, or stream idle time while streaming. */
    void tripDeadline() {
        if (phase == Phase.STREAMING) {
            trip(LimitKind.STREAM_IDLE, limits.streamIdleMs() + " ms without a chunk");
        } else {
            trip(LimitKind.WALL_CLOCK, limits.wallClockMs() + " ms");
        }
    }

    /** The response headers are sent and its body streams: the stream idle limit replaces the wall-clock one. */
    void startStreaming() {
        phase = Phase.STREAMING;
        streamActivity();
    }

    /**
     * A chunk was asked for or produced: restarts the stream idle time, and the allocation count (a long
     * stream allocates without bound in total; the allocation limit applies between chunks).
     */
    void streamActivity() {
        extendDeadline(limits.streamIdleMs());
        budget.allocStart = worker.threadAllocated();
        budget.allocExcluded = 0;
    }

    /**
     * Extends the request's deadline (the response is out and a body streams, or waitUntil work runs). Only
     * the invocation the client reached may: a binding call lives within its caller's time.
     */
    void extendDeadline(long millis) {
        if (entry()) {
            budget.extendDeadline(millis);
        }
    }

    /** Counts one subrequest against the request's budget; false when its limit is reached. */
    boolean countSubrequest() {
        return budget.countSubrequest();
    }

    int subrequests() {
        return budget.subrequests();
    }

    /** A pending setTimeout/setInterval: the tenant's callback and arguments, held until it fires or is cleared. */
    private record Timer(Value callback, Object[] args, long delayMs, boolean repeat, ScheduledFuture<?> future) {
    }

    /**
     * Registers a timer of this request and returns its id. A delay the request cannot live to see (longer
     * than its wall-clock, stream idle and waitUntil time together) is remembered but never scheduled, so
     * that {@code setTimeout(f, 2**53)} costs nothing in the shared scheduler.
     */
    int setTimer(Value callback, Object[] args, long delayMs, boolean repeat) {
        int id = worker.nextTimerId();
        long delay = Math.max(repeat ? 1 : 0, delayMs);
        timers.put(id, new Timer(callback, args, delay, repeat, scheduleFire(id, delay)));
        return id;
    }

    private ScheduledFuture<?> scheduleFire(int id, long delayMs) {
        long lifetime = Math.max(limits.wallClockMs(), limits.streamIdleMs()) + limits.waitUntilMs();
        if (ended || delayMs > lifetime) {
            return null;
        }
        return worker.pool().timers().schedule(() -> post(() -> fireTimer(id)), delayMs, TimeUnit.MILLISECONDS);
    }

    /** A timer's turn (worker thread): runs its callback, and schedules an interval's next turn first. */
    private void fireTimer(int id) {
        Timer timer = timers.get(id);
        if (timer == null) {
            return;
        }
        if (timer.repeat()) {
            timers.put(id, new Timer(timer.callback(), timer.args(), timer.delayMs(), true, scheduleFire(id, timer.delayMs())));
        } else {
            timers.remove(id);
        }
        timer.callback().executeVoid(timer.args());
    }

    void cancelTimer(int id) {
        Timer timer = timers.remove(id);
        if (timer != null && timer.future() != null) {
            timer.future().cancel(false);
        }
    }

    /** Cancels the timers still pending (their callbacks are released with them). */
    void cancelAllTimers() {
        for (Timer timer : timers.values()) {
            if (timer.future() != null) {
                timer.future().cancel(false);
            }
        }
        timers.clear();
    }

    void log(String level, String message) {
        LogLine line = new LogLine(version.environment().key(), version.number(), level, message);
        if (phase != Phase.STREAMING) {
            // Kept for the InvocationResult; once a streamed response is out, nobody reads the list again,
            // and a long stream must not accumulate its log lines.
            synchronized (logs) {
                logs.add(line);
            }
        }
        worker.pool().events().tenantLog(line);
        TraceCollector t = trace;
        if (t != null) {
            t.log(level, message);
        }
    }

    Duration interruptWait() {
        return Duration.ofMillis(500);
    }
}
