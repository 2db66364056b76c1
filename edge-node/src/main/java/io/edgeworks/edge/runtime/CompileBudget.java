package io.edgeworks.edge.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Each account's share of the JIT compiler. The engine has one compiler for every tenant (Truffle runs one compiler
 * thread on a two-core node), and a compilation runs outside every request, so nothing else charges it: a tenant
 * whose code keeps the compiler busy (huge hot functions, many versions) slowed every other tenant on the node, for as
 * long as its backlog lasted, at no cost to itself. Here compiler CPU time is charged to the account whose code it
 * compiled ({@link CompileAccounting} measures it) from a token bucket: {@code burstNanos} to start with (a deploy's
 * warm-up), refilled at {@code shareOfOneCompiler} of one compiler thread's time. While an account's bucket is empty,
 * its code's compilations are deferred (taken out of the queue; the function must get hot again before it is queued
 * again): the code keeps running interpreted, on its own requests' CPU budget, and the compiler serves the others.
 * Code shared by every tenant (the Web API prelude) is charged to no one.
 */
final class CompileBudget {
    private final long burstNanos;
    private final double refillPerNano;
    private final LongSupplier clock;
    private final RuntimeEvents events;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong deferred = new AtomicLong();
    private final AtomicLong chargedNanos = new AtomicLong();

    /** One account's compile time left (may go below zero: a compilation is charged when it ends) and what it used. */
    private static final class Bucket {
        private final TokenBucket tokens;
        private long charged;
        private long deferred;

        private Bucket(TokenBucket tokens) {
            this.tokens = tokens;
        }
    }

    /** What one account used: compiler CPU time charged and compilations deferred, since the node started. */
    record Usage(long chargedNanos, long deferred, long tokensNanos) {
    }

    CompileBudget(long burstNanos, double shareOfOneCompiler, LongSupplier clock, RuntimeEvents events) {
        if (burstNanos <= 0 || shareOfOneCompiler <= 0 || shareOfOneCompiler > 1) {
            throw new IllegalArgumentException("compile budget: burst must be > 0 and share in (0, 1]");
        }
        this.burstNanos = burstNanos;
        this.refillPerNano = shareOfOneCompiler;
        this.clock = clock;
        this.events = events;
    }

    static CompileBudget of(RuntimeSettings.Fairness fairness, RuntimeEvents events) {
        return new CompileBudget(TimeUnit.MILLISECONDS.toNanos(fairness.compileBurstMsOrDefault()),
                fairness.compileSharePercentOrDefault() / 100.0, System::nanoTime, events);
    }

    /** Whether {@code account} may have another compilation queued now (its bucket is not empty). */
    boolean allows(String account) {
        Bucket bucket = buckets.get(account);
        if (bucket == null) {
            return true;
        }
        synchronized (bucket) {
            return bucket.tokens.tokens(clock.getAsLong()) > 0;
        }
    }

    /** Counts one compilation of {@code account}'s deferred. */
    void deferred(String account) {
        deferred.incrementAndGet();
        Bucket bucket = bucket(account);
        synchronized (bucket) {
            bucket.deferred++;
        }
        events.compileDeferred(account);
    }

    /** Charges {@code nanos} of compiler CPU time to {@code account}; true when this emptied its bucket. */
    boolean charge(String account, long nanos) {
        if (nanos <= 0) {
            return false;
        }
        chargedNanos.addAndGet(nanos);
        events.compiled(account, nanos);
        Bucket bucket = bucket(account);
        synchronized (bucket) {
            boolean had = bucket.tokens.tokens(clock.getAsLong()) > 0;
            bucket.tokens.take(nanos);
            bucket.charged += nanos;
            return had && bucket.tokens.tokens(clock.getAsLong()) <= 0;
        }
    }

    /**
     * Tells the tenant, in the log of {@code version} (the worker whose compilation emptied the bucket), that its
     * account's compilations are deferred from now on and why. Once per emptying, not per deferred compilation.
     */
    void emptied(WorkerVersion version) {
        events.tenantLog(new LogLine(version.environment().key(), version.number(), "warn", String.format(
                "JIT compilation of this account's code is paused: it used its share of the node's compiler (%,d ms at once, "
                        + "then %.0f%% of one compiler thread); its functions run interpreted, on their requests' CPU limits, "
                        + "until the share refills (a deploy's warm-up usually takes well under a second of it)",
                TimeUnit.NANOSECONDS.toMillis(burstNanos), refillPerNano * 100)));
    }

    Usage usage(String account) {
        Bucket bucket = buckets.get(account);
        if (bucket == null) {
            return new Usage(0, 0, burstNanos);
        }
        synchronized (bucket) {
            return new Usage(bucket.charged, bucket.deferred, bucket.tokens.tokens(clock.getAsLong()));
        }
    }

    /** Compilations deferred on this node, over every account. */
    long deferredTotal() {
        return deferred.get();
    }

    /** Compiler CPU time charged to accounts on this node. */
    long chargedNanosTotal() {
        return chargedNanos.get();
    }

    private Bucket bucket(String account) {
        return buckets.computeIfAbsent(account, a -> new Bucket(new TokenBucket(burstNanos, refillPerNano, clock.getAsLong())));
    }
}
