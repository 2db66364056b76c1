package io.edgeworks.edge.metrics;

import io.edgeworks.bundle.EnvironmentRef;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Each environment's request counts, durations and CPU times on this node, in one {@code long[]} per environment
 * (~200 bytes with its map entry), exported by {@link EnvironmentRequestCollector}. It replaces a Micrometer timer,
 * distribution summary and status counter per environment: with their ids, tags, window maxima and the composite
 * registry's copies those were ~2 KB of the ~7.8 KB an environment that had served a request took beyond the engine's
 * part (RESULTS.md 2026-12-04 18:18), and they were never removed, so a node kept every preview environment it had
 * ever served. {@link #retainOnly} forgets the environments the served graph no longer carries.
 *
 * <p>Counters only grow while an environment is carried (Prometheus' {@code rate()} treats a forgotten and re-added
 * environment's restart from zero as a counter reset). The maxima are of the last one to two minutes: two windows of
 * {@link #WINDOW_NANOS}, the current and the previous one.
 */
final class EnvironmentRequestStats {
    static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    // slots of an environment's long[]
    private static final int COUNT = 0, DURATION_SUM = 1, CPU_SUM = 2, STATUS = 3; // STATUS..STATUS+5: other, 1xx … 5xx
    private static final int WINDOW_START = 9, DURATION_MAX = 10, DURATION_MAX_BEFORE = 11, CPU_MAX = 12, CPU_MAX_BEFORE = 13;
    private static final int SLOTS = 14;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    static final String[] STATUS_CLASSES = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private final Map<EnvironmentRef, long[]> byEnvironment = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    EnvironmentRequestStats(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    void record(EnvironmentRef ref, int status, long nanos, long cpuNanos) {
        long[] s = byEnvironment.get(ref);
        long now = clock.getAsLong();
        if (s == null) {
            s = byEnvironment.computeIfAbsent(ref, r -> {
                long[] fresh = new long[SLOTS];
                fresh[WINDOW_START] = now;
                return fresh;
            });
        }
        SLOT.getAndAdd(s, COUNT, 1L);
        SLOT.getAndAdd(s, DURATION_SUM, nanos);
        SLOT.getAndAdd(s, CPU_SUM, cpuNanos);
        int c = status / 100;
        SLOT.getAndAdd(s, STATUS + (c >= 1 && c <= 5 ? c : 0), 1L);
        if (now - (long) SLOT.getVolatile(s, WINDOW_START) >= WINDOW_NANOS) {
            rotate(s, now);
        }
        raise(s, DURATION_MAX, nanos);
        raise(s, CPU_MAX, cpuNanos);
    }

    private static void raise(long[] s, int slot, long value) {
        long seen = (long) SLOT.getVolatile(s, slot);
        while (value > seen) {
            long witness = (long) SLOT.compareAndExchange(s, slot, seen, value);
            if (witness == seen) {
                return;
            }
            seen = witness;
        }
    }

    /** Starts a new max window (once a minute per environment with traffic; a maximum racing with it may land in either). */
    private static void rotate(long[] s, long now) {
        synchronized (s) {
            long start = (long) SLOT.getVolatile(s, WINDOW_START);
            if (now - start < WINDOW_NANOS) {
                return; // another thread rotated first
            }
            boolean adjacent = now - start < 2 * WINDOW_NANOS;
            SLOT.setVolatile(s, DURATION_MAX_BEFORE, adjacent ? (long) SLOT.getAndSet(s, DURATION_MAX, 0L) : 0L);
            SLOT.setVolatile(s, CPU_MAX_BEFORE, adjacent ? (long) SLOT.getAndSet(s, CPU_MAX, 0L) : 0L);
            if (!adjacent) {
                SLOT.setVolatile(s, DURATION_MAX, 0L);
                SLOT.setVolatile(s, CPU_MAX, 0L);
            }
            SLOT.setVolatile(s, WINDOW_START, now);
        }
    }

    /** Forgets every environment not in {@code carried}; returns the forgotten ones. */
    List<EnvironmentRef> retainOnly(Set<EnvironmentRef> carried) {
        List<EnvironmentRef> forgotten = new ArrayList<>();
        byEnvironment.keySet().removeIf(ref -> {
            if (carried.contains(ref)) {
                return false;
            }
            forgotten.add(ref);
            return true;
        });
        return forgotten;
    }

    Set<EnvironmentRef> environments() {
        return Set.copyOf(byEnvironment.keySet());
    }

    /** One environment's figures at a scrape. */
    record Snapshot(EnvironmentRef environment, long count, long durationNanos, long cpuNanos, long[] byStatusClass,
                    long maxDurationNanos, long maxCpuNanos) {
    }

    List<Snapshot> snapshot() {
        long now = clock.getAsLong();
        List<Snapshot> out = new ArrayList<>(byEnvironment.size());
        byEnvironment.forEach((ref, s) -> {
            long[] statuses = new long[STATUS_CLASSES.length];
            for (int i = 0; i < statuses.length; i++) {
                statuses[i] = (long) SLOT.getVolatile(s, STATUS + i);
            }
            long age = now - (long) SLOT.getVolatile(s, WINDOW_START);
            out.add(new Snapshot(ref, (long) SLOT.getVolatile(s, COUNT), (long) SLOT.getVolatile(s, DURATION_SUM),
                    (long) SLOT.getVolatile(s, CPU_SUM), statuses, max(s, DURATION_MAX, DURATION_MAX_BEFORE, age),
                    max(s, CPU_MAX, CPU_MAX_BEFORE, age)));
        });
        return out;
    }

    /** The maximum of the last one to two windows as of a scrape {@code age} after the current window began. */
    private static long max(long[] s, int current, int before, long age) {
        if (age >= 2 * WINDOW_NANOS) {
            return 0; // no request for two windows
        }
        long cur = (long) SLOT.getVolatile(s, current);
        return age >= WINDOW_NANOS ? cur : Math.max(cur, (long) SLOT.getVolatile(s, before));
    }
}
