package io.edgeworks.edge.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One request running one worker version on one worker thread: its limits, its counters and its own
 * task queue (timer firings and I/O completions posted by other threads, run here on the worker
 * thread). A service binding call runs a nested Invocation on the same thread.
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

    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Map<Integer, ScheduledFuture<?>> timers = new HashMap<>();
    private volatile LimitKind limitHit;
    private volatile String limitDetail;
    volatile Phase phase = Phase.PRELUDE;
    volatile WorkerContext context;
    volatile org.graalvm.polyglot.Context polyglot;
    volatile long lastInterruptNanos;

    // CPU and allocation accounting, written by the worker thread, read by the watchdog.
    volatile long cpuStart;
    volatile long cpuExcluded;
    volatile long allocStart;
    volatile long allocExcluded;
    long enteredCpu;
    long enteredAlloc;
    volatile long deadlineNanos;
    private int subrequests;
    private volatile boolean ended;
    // fetch() response bodies still open in this request, by id (worker thread only)
    private Map<Long, UpstreamReader> upstreams;
    private static final java.util.concurrent.atomic.AtomicLong UPSTREAM_IDS = new java.util.concurrent.atomic.AtomicLong();

    Invocation(WorkerThread worker, WorkerVersion version, EdgeRequest request, ServiceTargets targets,
               RequestLimits limits, int depth, List<LogLine> logs) {
        this.worker = worker;
        this.version = version;
        this.request = request;
        this.targets = targets;
        this.limits = limits;
        this.depth = depth;
        this.logs = logs;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.wallClockMs());
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

    /** A posted task that must release something when it will never run. */
    interface Abandonable extends Runnable {
        void abandon();
    }

    /** The request is over (worker thread): cancels its open fetch() bodies, drops (abandons) queued tasks. */
    void end() {
        ended = true;
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
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                tripDeadline();
                throwIfLimitHit();
            }
            Runnable task = tasks.poll();
            if (task == null) {
                // About to block: the pool may start another thread for queued requests meanwhile.
                worker.pool().waiting(true);
                try {
                    task = tasks.poll(remaining, TimeUnit.NANOSECONDS);
                } finally {
                    worker.pool().waiting(false);
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
        allocStart = worker.threadAllocated();
        allocExcluded = 0;
    }

    void extendDeadline(long millis) {
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Counts one subrequest; false when the limit is reached. */
    boolean countSubrequest() {
        if (subrequests >= limits.subrequests()) {
            return false;
        }
        subrequests++;
        return true;
    }

    int subrequests() {
        return subrequests;
    }

    void schedule(ScheduledExecutorService scheduler, int id, long delayMs, Runnable fire) {
        ScheduledFuture<?> previous = timers.put(id, scheduler.schedule(() -> post(fire), delayMs, TimeUnit.MILLISECONDS));
        if (previous != null) {
            previous.cancel(false);
        }
    }

    void cancelTimer(int id) {
        ScheduledFuture<?> timer = timers.remove(id);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** Cancels the timers still pending and returns their ids (so the context can forget them). */
    List<Integer> cancelAllTimers() {
        List<Integer> ids = new ArrayList<>(timers.keySet());
        timers.values().forEach(t -> t.cancel(false));
        timers.clear();
        return ids;
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
    }

    Duration interruptWait() {
        return Duration.ofMillis(500);
    }
}
