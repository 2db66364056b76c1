package io.edgeworks.edge.runtime;

import java.util.concurrent.TimeUnit;

/**
 * The one budget of an incoming request, shared by every worker it reaches through service bindings (as on
 * Cloudflare): CPU time, wall-clock time, subrequests (each fetch and each binding call) and allocated
 * memory, sized by the limits of the worker the client reached; and its KV calls ({@link #KV_OPERATIONS} in all,
 * {@link #KV_IN_FLIGHT} at the store at once, the rest waiting in {@link #kvCalls}). A request and all its nested binding calls
 * run on one worker thread, so the budget is measured on that thread: its CPU time and allocated bytes since
 * the request started, minus what was spent evaluating the prelude and running a version's global scope
 * (start-up, bounded on its own by the start-up limit).
 *
 * <p>Each worker's own limits still apply to its own share (a callee with a smaller {@code cpu_ms} stops
 * at it); the budget bounds the sum. When the budget runs out, the whole request ends: the innermost worker
 * is stopped and named in the tenant log, and every caller up the chain ends with the same limit.
 *
 * <p>A request found over its CPU time (its own or a worker's) first asks its account's {@link CpuBurst} for more, once:
 * it ends at the limits plus what it was granted. Every worker a request reaches is of one account (a binding's
 * target is in its account), so one grant covers them all.
 */
final class RequestBudget {
    final RequestLimits limits;
    final long cpuLimitNanos;
    // written by the request's worker thread, read by the watchdog
    volatile long cpuStart;
    volatile long cpuExcluded;
    volatile long allocStart;
    volatile long allocExcluded;
    volatile long deadlineNanos;
    /** When the request started (System.nanoTime()): the deadline moves (streaming), this does not. */
    final long startedNanos;
    /** The account's credit of CPU time beyond its limits, and the version whose request this is. */
    private final CpuBurst burst;
    private final WorkerVersion version;
    /** CPU time beyond the limits granted from {@link #burst} (0 until the request is first found over one). */
    volatile long burstNanos;
    private volatile boolean burstAsked;
    /** The most this request went beyond a limit, over its invocations (read when it gives back what it did not use). */
    private long overrunNanos;
    private int subrequests;
    /**
     * KV calls (get, put, delete, list) one request may make, across its service binding calls: Workers KV's
     * "1,000 operations per Worker invocation". A call beyond it rejects with an {@code Error}.
     */
    static final int KV_OPERATIONS = 1000;
    /**
     * KV calls of one request at the store at once; more wait in the request, in order, as Workers queues a request's
     * connections beyond six. So one request's {@code Promise.all} of a thousand puts holds at most this many Redis
     * commands and acknowledgement tickets at a time, and leaves the node's KV connections to other requests.
     */
    static final int KV_IN_FLIGHT = 6;
    private int kvOperations;
    /** The request's KV calls at the store, and those waiting for one of the {@link #KV_IN_FLIGHT} places. */
    final IoGate kvCalls = new IoGate(KV_IN_FLIGHT);
    /** The worker that exhausted the budget (its label), once one has. */
    private volatile String exhaustedBy;
    private volatile LimitKind exhausted;

    RequestBudget(RequestLimits limits, long cpuNow, long allocNow, CpuBurst burst, WorkerVersion version) {
        this.limits = limits;
        this.burst = burst;
        this.version = version;
        this.cpuLimitNanos = TimeUnit.MILLISECONDS.toNanos(limits.cpuMs());
        this.cpuStart = cpuNow;
        this.allocStart = allocNow;
        this.startedNanos = System.nanoTime();
        this.deadlineNanos = startedNanos + TimeUnit.MILLISECONDS.toNanos(limits.wallClockMs());
    }

    /** The CPU burst this request draws on and its realms' start-ups are charged to (its account's, or none). */
    CpuBurst burst() {
        return burst;
    }

    /** Counts one subrequest of the request; false when its limit is reached. */
    synchronized boolean countSubrequest() {
        if (subrequests >= limits.subrequests()) {
            return false;
        }
        subrequests++;
        return true;
    }

    /** Counts one KV call of the request; false when its limit ({@link #KV_OPERATIONS}) is reached. */
    synchronized boolean countKvOperation() {
        if (kvOperations >= KV_OPERATIONS) {
            return false;
        }
        kvOperations++;
        return true;
    }

    synchronized int subrequests() {
        return subrequests;
    }

    /** CPU nanoseconds of tenant work so far, given the thread's CPU time now. */
    long cpuUsed(long threadCpu) {
        return threadCpu - cpuStart - cpuExcluded;
    }

    /** Whether the request's tenant work is over its CPU time (with its burst), given the thread's CPU time now. */
    boolean overCpu(long threadCpu) {
        return over(cpuUsed(threadCpu), cpuLimitNanos);
    }

    /**
     * Whether {@code used} nanoseconds of CPU time are past {@code limitNanos} (the request's or one worker's) and what the
     * account's {@link CpuBurst} granted: the first time a limit is passed, the request asks for a grant.
     */
    boolean over(long used, long limitNanos) {
        if (used <= limitNanos + burstNanos) {
            return false;
        }
        if (!burstAsked) {
            askBurst();
        }
        return used > limitNanos + burstNanos;
    }

    private synchronized void askBurst() {
        if (!burstAsked) {
            burstNanos = burst.grant(version);
            burstAsked = true;
        }
    }

    /**
     * An invocation of this request ended {@code overrun} nanoseconds beyond a limit (negative: inside it); when the
     * request ends ({@code last}), what it did not use of its grant goes back to its account.
     */
    synchronized void ended(long overrun, boolean last) {
        overrunNanos = Math.max(overrunNanos, overrun);
        if (last && burstNanos > 0) {
            burst.giveBack(version.environment().account(), burstNanos, overrunNanos);
        }
    }

    long allocated(long threadAllocated) {
        return threadAllocated - allocStart - allocExcluded;
    }

    /** Records that {@code worker} exhausted the budget (first one wins). */
    synchronized void exhaust(LimitKind kind, String worker) {
        if (exhausted == null) {
            exhausted = kind;
            exhaustedBy = worker;
        }
    }

    LimitKind exhausted() {
        return exhausted;
    }

    /** How a trip of this budget reads in the tenant log of {@code worker}. */
    String detail(String worker) {
        String by = exhaustedBy;
        if (by == null || by.equals(worker)) {
            long burst = burstNanos;
            return "the request's " + limits.cpuMs() + " ms" + (burst > 0 ? " + " + TimeUnit.NANOSECONDS.toMillis(burst)
                    + " ms of its account's CPU burst" : "") + (subrequests() > 0 ? " across its service binding calls" : "");
        }
        return "request budget exhausted by " + by;
    }

    void extendDeadline(long millis) {
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
