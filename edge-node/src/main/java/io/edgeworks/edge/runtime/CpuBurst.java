package io.edgeworks.edge.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Each account's credit of CPU time beyond its requests' CPU limits on this node. Code the JIT has not compiled yet (a
 * version's first requests on a node, its first in a realm) costs many times its warm figure, and engine work lands
 * on whichever request triggers it (an invalidation of compiled code walks the code cache on the request's thread):
 * either can take a request past a tight {@code cpu_ms} that its warm figure is far inside. Such a request goes on for
 * up to {@code perRequestNanos} more (the start-up limit) while its account has credit: that much is taken from the
 * account's bucket when the request is first found over its limit, and what it did not use is given back when it ends.
 * A bucket holds {@code capacityNanos} and refills at {@code shareOfOneCore} of one core, so an account whose requests
 * spin gets at most that beyond its limits, however many realms its failures make it start afresh.
 *
 * <p>A realm's start-up (the prelude, the version's global scope, up to the start-up limit) serves a version's later
 * requests, so no request's CPU limit covers it; but the node starts realms again and again for an account that makes
 * it: each request that ends on a limit hit discards its realm, and an account with more environments than a node
 * keeps realms for (least recently used, idle and heap-shed ones are closed) can have every request start one. So a
 * start-up for a request is charged here ({@link #charge}); while the account's credit is spent, the start-up counts in
 * its request's CPU time instead ({@link #billed} counts those), and a realm that ended on a limit hit or failed to
 * start is not started again on any thread of the node ({@link #endedBefore}) until the credit refills. A capacity of 0
 * switches all of it off.
 */
final class CpuBurst {
    private final long capacityNanos;
    private final double refillPerNano;
    private final long perRequestNanos;
    private final LongSupplier clock;
    private final RuntimeEvents events;
    /** Accounts whose bucket is not full (a full one is dropped by {@link #sweep}: the same as none). */
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong usedNanos = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong startUpNanos = new AtomicLong();
    private final AtomicLong billed = new AtomicLong();
    /**
     * Versions (context keys) whose realm on this node ended on a limit hit or failed to start, the most recent
     * {@value #ENDED}: not started again, on any worker thread, while their account's credit is spent.
     */
    private final Map<String, Boolean> ended = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED;
        }
    });
    private static final int ENDED = 4_096;

    /** No credit and no charges: for the node's own requests (a built-in worker), which are no account's. */
    static final CpuBurst NONE = new CpuBurst(0, 1, 0, System::nanoTime, RuntimeEvents.NONE);

    CpuBurst(long capacityNanos, double shareOfOneCore, long perRequestNanos, LongSupplier clock, RuntimeEvents events) {
        if (capacityNanos < 0 || shareOfOneCore <= 0 || shareOfOneCore > 1) {
            throw new IllegalArgumentException("CPU burst: capacity must be >= 0 and share in (0, 1]");
        }
        this.capacityNanos = capacityNanos;
        this.refillPerNano = shareOfOneCore;
        this.perRequestNanos = perRequestNanos;
        this.clock = clock;
        this.events = events;
    }

    static CpuBurst of(RuntimeSettings settings, RuntimeEvents events) {
        RuntimeSettings.Fairness fairness = settings.fairness();
        return new CpuBurst(TimeUnit.MILLISECONDS.toNanos(fairness.cpuBurstMsOrDefault()),
                fairness.cpuBurstSharePercentOrDefault() / 100.0, TimeUnit.MILLISECONDS.toNanos(settings.startupMs()),
                System::nanoTime, events);
    }

    /**
     * CPU time a request of {@code version}'s account that is over its limit may use beyond it: taken from the account's
     * bucket now ({@link #giveBack} returns what the request did not use); 0 when the bucket is empty.
     */
    long grant(WorkerVersion version) {
        if (capacityNanos == 0) {
            return 0;
        }
        TokenBucket bucket = bucket(version);
        long granted;
        synchronized (bucket) {
            long tokens = bucket.tokens(clock.getAsLong());
            granted = Math.max(0, Math.min(perRequestNanos, tokens));
            bucket.take(granted);
            if (granted > 0 && granted == tokens) {
                emptied(version);
            }
        }
        return granted;
    }

    /** A request of {@code account} granted {@code granted} ended having used {@code used} of it. */
    void giveBack(String account, long granted, long used) {
        long unused = granted - Math.min(granted, Math.max(0, used));
        usedNanos.addAndGet(granted - unused);
        if (used > 0) {
            requests.incrementAndGet();
        }
        TokenBucket bucket = buckets.get(account);
        if (bucket != null && unused > 0) {
            synchronized (bucket) {
                bucket.giveBack(unused);
            }
        }
    }

    /**
     * Whether {@code version}'s account has credit left: a realm's start-up for its request is charged to it (else
     * counts in the request's CPU time), and a realm that ended on a limit hit may start again.
     */
    boolean available(WorkerVersion version) {
        TokenBucket bucket = buckets.get(version.environment().account());
        if (capacityNanos == 0 || bucket == null) {
            return true;
        }
        synchronized (bucket) {
            return bucket.tokens(clock.getAsLong()) > 0;
        }
    }

    /**
     * Charges {@code nanos} to {@code version}'s account (may leave its credit below zero): the start-up of a realm for
     * one of its requests.
     */
    void charge(WorkerVersion version, long nanos) {
        if (capacityNanos == 0 || nanos <= 0) {
            return;
        }
        TokenBucket bucket = bucket(version);
        synchronized (bucket) {
            boolean had = bucket.tokens(clock.getAsLong()) > 0;
            bucket.take(nanos);
            if (had && bucket.tokens(clock.getAsLong()) <= 0) {
                emptied(version);
            }
        }
        startUpNanos.addAndGet(nanos);
    }

    /** A realm of the version with {@code contextKey} ended on a CPU or memory limit hit, or failed to start. */
    void ended(String contextKey) {
        if (capacityNanos > 0) {
            ended.put(contextKey, Boolean.TRUE);
        }
    }

    /** A realm of the version with {@code contextKey} started. */
    void started(String contextKey) {
        if (capacityNanos > 0) {
            ended.remove(contextKey);
        }
    }

    /**
     * Whether the version with {@code contextKey} had its last realm on this node end on a limit hit or fail to start:
     * while its account's credit is spent, it is not started again.
     */
    boolean endedBefore(String contextKey) {
        return ended.containsKey(contextKey);
    }

    /** Counts a start-up its request paid for, its account's credit being spent. */
    void billed() {
        billed.incrementAndGet();
    }

    /** Drops the buckets that have refilled (the watchdog calls it now and then): the map holds recent users only. */
    void sweep() {
        long now = clock.getAsLong();
        buckets.values().removeIf(bucket -> {
            synchronized (bucket) {
                return bucket.full(now);
            }
        });
    }

    /** CPU time requests used beyond their limits on this node, from their accounts' credit. */
    long usedNanos() {
        return usedNanos.get();
    }

    /** Requests that used some of their account's credit. */
    long requests() {
        return requests.get();
    }

    /** CPU time of realms' start-ups charged to their accounts. */
    long startUpNanos() {
        return startUpNanos.get();
    }

    /** Start-ups their requests paid for (their accounts' credit was spent). */
    long billedStartUps() {
        return billed.get();
    }

    /** Accounts whose credit is not full (test and metrics). */
    int accounts() {
        return buckets.size();
    }

    private TokenBucket bucket(WorkerVersion version) {
        return buckets.computeIfAbsent(version.environment().account(),
                a -> new TokenBucket(capacityNanos, refillPerNano, clock.getAsLong()));
    }

    private void emptied(WorkerVersion version) {
        events.tenantLog(new LogLine(version.environment().key(), version.number(), "warn", String.format(
                "this account used its credit of CPU time beyond its requests' CPU limits on this node (%,d ms, then"
                        + " %.0f%% of one core; it covers code that is not compiled yet, such as a version's first"
                        + " requests, and the start-up of each realm the node starts for its requests and deploys): until"
                        + " it refills, each request is stopped at its CPU limit, a realm's start-up counts in its request's"
                        + " CPU time, a realm that ended on a limit hit does not start again, and a deploy loads its"
                        + " version once instead of on every thread that served the version before (its first request on"
                        + " another thread starts it there)",
                TimeUnit.NANOSECONDS.toMillis(capacityNanos), refillPerNano * 100)));
    }
}
