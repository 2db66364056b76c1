package io.edgeworks.edge.analytics;

import io.edgeworks.bundle.AnalyticsBatch;
import io.edgeworks.bundle.AnalyticsCell;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.runtime.LimitKind;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * Counts each environment version's requests per minute on this node, for {@link #drain} to ship.
 *
 * <p>Cost per request: a clock read, a phaser enter/exit (two atomic increments), a hash lookup of the environment,
 * a scan of its (few) versions, a few striped counter increments and two concurrent histogram records; no lock,
 * and no allocation once the cell exists. Memory is bounded whatever the number of versions: at most
 * {@code maxCells} cells per minute; what does not fit is counted in the minute's overflow cell (and reported to
 * {@code overflowed}). A node keeps at most the current minute plus {@link #MAX_CLOSED} finished ones.
 *
 * <p>Writers record into the active window inside a {@link WriterReaderPhaser} critical section; {@link #drain} swaps
 * the window and flips the phase, which waits for every writer that may still hold the old one, so a drained window
 * is read only when nobody writes to it and no count is lost between two drains. A request is counted in the minute in
 * which it ended (a request ending right at a minute's edge may land in the next one).
 */
public final class MinuteAggregator {
    /** Finished minutes kept at most while waiting for a drain (older ones are dropped). */
    static final int MAX_CLOSED = 5;

    private final int maxCells;
    private final LongSupplier clock;
    private final Runnable overflowed;
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private final List<Window> closed = new ArrayList<>();
    private volatile Window active;

    /**
     * @param maxCells   most environment versions counted apart per minute
     * @param clock      epoch milliseconds
     * @param overflowed called for each request, limit hit or call counted in the overflow cell
     */
    public MinuteAggregator(int maxCells, LongSupplier clock, Runnable overflowed) {
        if (maxCells < 1) {
            throw new IllegalArgumentException("maxCells must be positive");
        }
        this.maxCells = maxCells;
        this.clock = clock;
        this.overflowed = overflowed;
        this.active = new Window(minuteOf(clock.getAsLong()));
    }

    static long minuteOf(long millis) {
        return millis - Math.floorMod(millis, AnalyticsBatch.MINUTE_MS);
    }

    /** A request {@code version} served: its status, wall and CPU time, whether it ended with an uncaught exception. */
    public void request(WorkerVersion version, int status, long wallNanos, long cpuNanos, boolean exception) {
        long token = phaser.writerCriticalSectionEnter();
        try {
            window().cell(version).request(status, wallNanos, cpuNanos, exception);
        } finally {
            phaser.writerCriticalSectionExit(token);
        }
    }

    public void limitHit(WorkerVersion version, LimitKind kind) {
        long token = phaser.writerCriticalSectionEnter();
        try {
            window().cell(version).limitHit(kind);
        } finally {
            phaser.writerCriticalSectionExit(token);
        }
    }

    public void subrequest(WorkerVersion version) {
        long token = phaser.writerCriticalSectionEnter();
        try {
            window().cell(version).subrequest();
        } finally {
            phaser.writerCriticalSectionExit(token);
        }
    }

    public void bindingCall(WorkerVersion caller, EnvironmentRef target) {
        long token = phaser.writerCriticalSectionEnter();
        try {
            window().cell(caller).bindingCall(target);
        } finally {
            phaser.writerCriticalSectionExit(token);
        }
    }

    /** The window of the current minute (rolled forward when the minute changed; never backwards). */
    private Window window() {
        Window w = active;
        long minute = minuteOf(clock.getAsLong());
        return minute > w.minute ? roll(minute) : w;
    }

    private synchronized Window roll(long minute) {
        Window w = active;
        if (minute > w.minute) {
            if (!w.isEmpty()) {
                closed.add(w);
                if (closed.size() > MAX_CLOSED) {
                    closed.removeFirst();
                }
            }
            w = new Window(minute);
            active = w;
        }
        return w;
    }

    /**
     * The batches to ship: every finished minute, and the current one's counts so far when {@code includeCurrent}
     * (a node flushing more often than once a minute ships deltas of the same minute). Minutes without traffic give
     * no batch.
     */
    public List<AnalyticsBatch> drain(String node, boolean includeCurrent) {
        List<Window> taken;
        phaser.readerLock();
        try {
            synchronized (this) {
                long now = minuteOf(clock.getAsLong());
                taken = new ArrayList<>(closed);
                closed.clear();
                Window w = active;
                if (includeCurrent || w.minute < now) {
                    taken.add(w);
                    active = new Window(Math.max(now, w.minute));
                }
            }
            phaser.flipPhase();
        } finally {
            phaser.readerUnlock();
        }
        List<AnalyticsBatch> batches = new ArrayList<>(taken.size());
        for (Window w : taken) {
            List<AnalyticsCell> cells = w.toWire();
            if (!cells.isEmpty()) {
                batches.add(new AnalyticsBatch(node, w.minute, cells));
            }
        }
        return batches;
    }

    /** One minute's cells: environment → its versions' cells; a count of cells against the cap; the overflow cell. */
    private final class Window {
        final long minute;
        final ConcurrentHashMap<EnvironmentRef, Versions> environments = new ConcurrentHashMap<>();
        final AtomicInteger cells = new AtomicInteger();
        final Cell overflow = new Cell(null, 0);

        Window(long minute) {
            this.minute = minute;
        }

        Cell cell(WorkerVersion version) {
            EnvironmentRef ref = version.environment();
            Versions versions = environments.get(ref);
            if (versions == null) {
                if (cells.get() >= maxCells) {
                    overflowed.run();
                    return overflow;
                }
                versions = environments.computeIfAbsent(ref, r -> new Versions());
            }
            Cell cell = versions.find(version.number());
            return cell != null ? cell : versions.add(this, ref, version.number());
        }

        boolean isEmpty() {
            return environments.isEmpty() && overflow.empty();
        }

        List<AnalyticsCell> toWire() {
            List<AnalyticsCell> wire = new ArrayList<>();
            environments.values().forEach(v -> {
                for (Cell c : v.cells) {
                    if (!c.empty()) {
                        wire.add(c.toWire());
                    }
                }
            });
            if (!overflow.empty()) {
                wire.add(overflow.toWire());
            }
            return wire;
        }
    }

    /** An environment's version cells, copy-on-write (an environment serves one or two versions at a time). */
    private final class Versions {
        volatile Cell[] cells = new Cell[0];

        Cell find(int number) {
            for (Cell c : cells) {
                if (c.version == number) {
                    return c;
                }
            }
            return null;
        }

        synchronized Cell add(Window window, EnvironmentRef ref, int number) {
            Cell existing = find(number);
            if (existing != null) {
                return existing;
            }
            if (window.cells.incrementAndGet() > maxCells) {
                window.cells.decrementAndGet();
                overflowed.run();
                return window.overflow;
            }
            Cell cell = new Cell(ref, number);
            Cell[] grown = java.util.Arrays.copyOf(cells, cells.length + 1);
            grown[cells.length] = cell;
            cells = grown;
            return cell;
        }
    }
}
