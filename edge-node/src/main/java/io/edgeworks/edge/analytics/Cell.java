package io.edgeworks.edge.analytics;

import io.edgeworks.bundle.AnalyticsCell;
import io.edgeworks.bundle.AnalyticsHistograms;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.runtime.LimitKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One environment version's counters in one minute: striped adders for what every request touches, a concurrent
 * histogram each for CPU and wall time (lock-free recording, auto-resized only up to the largest value seen).
 * Written by any worker thread; read by the flusher only once no writer can hold it ({@link MinuteAggregator}).
 */
final class Cell {
    private static final LimitKind[] KINDS = LimitKind.values();

    final EnvironmentRef environment;
    final int version;
    private final LongAdder requests = new LongAdder();
    private final LongAdder[] statusClasses = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    private final LongAdder exceptions = new LongAdder();
    private final LongAdder subrequests = new LongAdder();
    private final AtomicLongArray limits = new AtomicLongArray(KINDS.length);
    /** Bounded by the version's service bindings (a call only reaches a bound environment), and by {@link AnalyticsCell#MAX_KEYS}. */
    private final ConcurrentHashMap<EnvironmentRef, LongAdder> bindingCalls = new ConcurrentHashMap<>(4);
    private final ConcurrentHistogram cpu = new ConcurrentHistogram(AnalyticsHistograms.SIGNIFICANT_DIGITS);
    private final ConcurrentHistogram wall = new ConcurrentHistogram(AnalyticsHistograms.SIGNIFICANT_DIGITS);

    Cell(EnvironmentRef environment, int version) {
        this.environment = environment;
        this.version = version;
    }

    void request(int status, long wallNanos, long cpuNanos, boolean exception) {
        requests.increment();
        int c = status / 100;
        if (c >= 1 && c <= 5) {
            statusClasses[c - 1].increment();
        }
        if (exception) {
            exceptions.increment();
        }
        cpu.recordValue(AnalyticsHistograms.micros(cpuNanos));
        wall.recordValue(AnalyticsHistograms.micros(wallNanos));
    }

    void limitHit(LimitKind kind) {
        limits.incrementAndGet(kind.ordinal());
    }

    void subrequest() {
        subrequests.increment();
    }

    void bindingCall(EnvironmentRef target) {
        LongAdder calls = bindingCalls.get(target);
        if (calls == null) {
            if (bindingCalls.size() >= AnalyticsCell.MAX_KEYS) {
                return;
            }
            calls = bindingCalls.computeIfAbsent(target, t -> new LongAdder());
        }
        calls.increment();
    }

    boolean empty() {
        return requests.sum() == 0 && subrequests.sum() == 0 && bindingCalls.isEmpty() && noLimits();
    }

    private boolean noLimits() {
        for (int i = 0; i < limits.length(); i++) {
            if (limits.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The wire form (call only when no writer can hold the cell). */
    AnalyticsCell toWire() {
        List<Long> status = new ArrayList<>(5);
        for (LongAdder a : statusClasses) {
            status.add(a.sum());
        }
        Map<String, Long> limitCounts = new TreeMap<>();
        for (int i = 0; i < limits.length(); i++) {
            if (limits.get(i) != 0) {
                limitCounts.put(KINDS[i].metricTag(), limits.get(i));
            }
        }
        Map<String, Long> calls = new TreeMap<>();
        bindingCalls.forEach((target, n) -> calls.put(target.key(), n.sum()));
        return new AnalyticsCell(environment, environment == null ? 0 : version, requests.sum(), status, exceptions.sum(),
                limitCounts, subrequests.sum(), calls, encode(cpu), encode(wall));
    }

    private static String encode(ConcurrentHistogram h) {
        Histogram copy = AnalyticsHistograms.empty();
        copy.add(h);
        return AnalyticsHistograms.encode(copy);
    }
}
