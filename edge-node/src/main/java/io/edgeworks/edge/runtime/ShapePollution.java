package io.edgeworks.edge.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the object shapes the engine's realms share make every realm's heap walk run past its CPU bound
 * ({@code edge.limits.context-heap-walk-ms}, see {@link ContextHeap}). Truffle's walk follows weak references, so it goes
 * from a realm's objects to their shapes and through GraalJS's shape tree, which all realms of the engine share: a tenant
 * that builds objects with many distinct keys grows the tree (its shapes stay in it until the collector clears them,
 * whether or not it keeps the objects), and every realm's walk then takes that long. A realm's walk that overran was
 * reset, so for as long as one tenant kept adding shapes, every other tenant's realm was reset at each walk and its next
 * request paid a start-up (deploy/bench/RESULTS.md: 4,915 of 5,561 walks of a 20-minute hostile soak overran).
 *
 * <p>The verdict comes from walking a spare realm (the prelude only: what every realm has) under the same bound, at most
 * once per {@link #VERDICT_NANOS}, by a worker thread that has a realm due for a walk (it prepares the spare if it has
 * none: a busy thread prepares them only while idle). While the spare's walk overruns too, a due realm's walk waits
 * (its allocation since then forgotten) up to {@link #MAX_DEFERRALS} times in a row; then it is walked, and reset if that
 * overruns. What a realm keeps in the meantime is bounded by the node's heap guard ({@link HeapGuard}). A spare's walk
 * can also overrun on a machine so loaded that even a fresh realm cannot be walked within the bound (a fresh realm
 * walks in ~9 ms on a quiet machine, up to 29 ms seen in CI): no realm's walk would fit then either, and waiting is
 * as right as it is for the shapes. So can the walk's own code before the JIT has compiled it (a node's first walks
 * took ~26 ms): a node walks a spare a few times while idle before any walk judges ({@link WorkerPool#WALK_WARM_UPS}).
 */
final class ShapePollution {
    /** How long one verdict holds. */
    static final long VERDICT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How many due walks in a row a realm may skip while the shapes make every walk overrun. */
    static final int MAX_DEFERRALS = 4;

    private volatile boolean polluted;
    /** System.nanoTime() of the last verdict; 0: none yet. */
    private volatile long judgedNanos;
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong deferrals = new AtomicLong();

    /** The verdict, or null when it is older than {@link #VERDICT_NANOS} (or none was given): judge again. */
    Boolean verdict(long nowNanos) {
        long judged = judgedNanos;
        return judged != 0 && nowNanos - judged < VERDICT_NANOS ? polluted : null;
    }

    /** The last verdict, however old. */
    boolean lastVerdict() {
        return polluted;
    }

    /** A spare realm's walk was cancelled at the bound ({@code overran}) or not; true when the verdict changed. */
    boolean judged(boolean overran, long nowNanos) {
        probes.incrementAndGet();
        boolean changed = polluted != overran;
        polluted = overran;
        judgedNanos = nowNanos == 0 ? 1 : nowNanos;
        return changed;
    }

    /**
     * A realm's walk overran: a verdict of clean shapes no longer holds (the next due walk judges again), so that the
     * realms walked after a tenant started adding shapes are not reset for up to {@link #VERDICT_NANOS} on its account.
     */
    void doubt() {
        if (!polluted) {
            judgedNanos = 0;
        }
    }

    /** A due walk waited because of the verdict. */
    void deferred() {
        deferrals.incrementAndGet();
    }

    /** Spare realms walked to judge so far. */
    long probes() {
        return probes.get();
    }

    /** Due walks that waited so far. */
    long deferrals() {
        return deferrals.get();
    }
}
