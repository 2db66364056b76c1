package io.edgeworks.edge.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Keeps one tenant's memory from taking the node's heap. The per-request allocation budget bounds what a
 * request allocates, but not what a version keeps between requests (module globals live as long as its
 * contexts), and GraalJS Community Edition has no per-context heap cap. So the node watches its own heap:
 * when the heap in use, after a garbage collection, is above {@code limitBytes}, it sheds the account that
 * allocated the most in its recent requests: every context of that account is closed (what its globals held
 * becomes garbage) and its running requests end with the memory limit. Other accounts keep their contexts
 * and are served on. Allocation per account decays by half every {@link #HALF_LIFE_NANOS}, so the account
 * shed is the one allocating now, not the one that once did.
 */
final class HeapGuard {
    private static final Logger LOG = Logger.getLogger(HeapGuard.class);
    private static final long HALF_LIFE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long GC_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    /**
     * The heap's pools other than the young generation's (G1's old generation and its humongous objects, ZGC's old
     * generation, …): what survived collections or was too large for the young generation. Empty if the
     * collector's pools are not named so (the whole heap is looked at then).
     */
    private static final List<MemoryPoolMXBean> TENURED = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .filter(p -> !p.getName().contains("Eden") && !p.getName().contains("Survivor") && !p.getName().contains("Young"))
            .toList();

    private final WorkerPool pool;
    private final long limitBytes;
    private final Map<String, AtomicLong> recent = new ConcurrentHashMap<>();
    private long lastGcNanos;
    private long lastDecayNanos = System.nanoTime();
    private volatile long sheds;
    private volatile long collections;

    HeapGuard(WorkerPool pool, long limitBytes) {
        this.pool = pool;
        long max = Runtime.getRuntime().maxMemory();
        this.limitBytes = limitBytes > 0 ? limitBytes : (long) (max * 0.85);
    }

    long sheds() {
        return sheds;
    }

    /** The full collections the guard has forced to find out what is live. */
    long collections() {
        return collections;
    }

    /** A request of {@code account} ended having allocated {@code bytes} (its whole binding chain). */
    void allocated(String account, long bytes) {
        if (bytes > 0 && !account.isEmpty()) {
            recent.computeIfAbsent(account, a -> new AtomicLong()).addAndGet(bytes);
        }
    }

    /** Called by the watchdog every ~100 ms. */
    void check() {
        long now = System.nanoTime();
        if (now - lastDecayNanos > HALF_LIFE_NANOS) {
            lastDecayNanos = now;
            recent.values().removeIf(total -> total.updateAndGet(bytes -> bytes / 2) < 1 << 20);
        }
        // Garbage counts as used until collected: only what survives a collection is pressure. The young generation
        // is left out: under load it is mostly garbage, and filling it is what starts a (young) collection. Looking
        // at the whole heap, a node under heavy allocation forced full collections (one or two a minute) that
        // found a tenth of the heap live and stopped every tenant for 0.3-0.6 s each (deploy/bench/RESULTS.md, "A
        // tenant's live data and the collector's pauses").
        long used = TENURED.isEmpty() ? MEMORY.getHeapMemoryUsage().getUsed()
                : TENURED.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        if (used < limitBytes) {
            return;
        }
        if (now - lastGcNanos < GC_INTERVAL_NANOS) {
            return;
        }
        System.gc();
        collections++;
        lastGcNanos = System.nanoTime();
        used = MEMORY.getHeapMemoryUsage().getUsed();
        if (used < limitBytes) {
            return;
        }
        String heaviest = null;
        long most = 0;
        for (Map.Entry<String, AtomicLong> e : recent.entrySet()) {
            long total = e.getValue().get();
            if (total > most) {
                most = total;
                heaviest = e.getKey();
            }
        }
        if (heaviest == null) {
            LOG.warnf("heap pressure: %d MB in use (limit %d MB) and no account allocated recently", used >> 20, limitBytes >> 20);
            return;
        }
        recent.remove(heaviest);
        sheds++;
        LOG.warnf("heap pressure: %d MB in use after GC (limit %d MB); shedding account %s (%d MB allocated recently):"
                + " its contexts are closed and its running requests end", used >> 20, limitBytes >> 20, heaviest, most >> 20);
        pool.shed(heaviest);
    }
}
