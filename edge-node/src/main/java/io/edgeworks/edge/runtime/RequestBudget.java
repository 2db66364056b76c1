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
    /**
     * Extra CPU time for code that runs before the engine has compiled it: a request served by a context
     * new to its thread (its first few requests) may use the start-up limit on top of its CPU limit, once per
     * request (see {@link Invocation#coldAllowanceNanos}).
     */
    volatile long coldAllowanceNanos;
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

    RequestBudget(RequestLimits limits, long cpuNow, long allocNow) {
        this.limits = limits;
        this.cpuLimitNanos = TimeUnit.MILLISECONDS.toNanos(limits.cpuMs());
        this.cpuStart = cpuNow;
        this.allocStart = allocNow;
        this.startedNanos = System.nanoTime();
        this.deadlineNanos = startedNanos + TimeUnit.MILLISECONDS.toNanos(limits.wallClockMs());
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

    /** Whether the request's tenant work is over its CPU time (cold allowance included), given the thread's CPU time now. */
    boolean overCpu(long threadCpu) {
        return cpuUsed(threadCpu) > cpuLimitNanos + coldAllowanceNanos;
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

    /** Grants the cold-code allowance (once per request, however many cold workers it reaches). */
    void allowCold(long nanos) {
        coldAllowanceNanos = Math.max(coldAllowanceNanos, nanos);
    }

    /** How a trip of this budget reads in the tenant log of {@code worker}. */
    String detail(String worker) {
        String by = exhaustedBy;
        if (by == null || by.equals(worker)) {
            return "the request's " + limits.cpuMs() + " ms across its service binding calls";
        }
        return "request budget exhausted by " + by;
    }

    void extendDeadline(long millis) {
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
