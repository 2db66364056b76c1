package io.edgeworks.edge.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the realms of each version keep on this node's heap together ({@code edge.limits.version-heap-bytes}). A version
 * has a realm on every worker thread that served it, so the per-realm limit alone lets it keep that limit times the
 * threads: a pool grown to 20 threads while a hostile tenant's requests waited held 20 realms of its hoarder, up to
 * 2.5 GB at 128 MB each, and every tenant's GC pauses grew with it (deploy/bench/RESULTS.md).
 *
 * <p>Each realm's figure is its last walk's ({@link WorkerThread}'s {@code boundRetained}); a version's total is their
 * sum. A realm is walked once what its thread allocated while it was in use since its last walk reaches its equal
 * share of what is left of the version's limit ({@code (limit - total) / realms}): the realms' growth since their walks
 * then adds up to at most what was left, so the version's total stays within its limit, and the walk that finds it
 * there resets the realm it walked. With the default limit (four realms at the per-realm default) a version on four
 * threads is walked as often as the per-realm limit alone would walk it; one spread over more threads (a pool grown
 * while requests wait) is walked more often, in proportion.
 */
final class VersionHeaps {
    private final ConcurrentHashMap<String, VersionHeap> byContextKey = new ConcurrentHashMap<>();

    /** A version's realms on this node together. */
    final class VersionHeap {
        private final String contextKey;
        private final AtomicLong total = new AtomicLong();
        /** Its live realms; changed only inside the map's compute for its key. */
        private volatile int realms;

        private VersionHeap(String contextKey) {
            this.contextKey = contextKey;
        }

        /**
         * What a realm of this version may allocate since its last walk before it is walked again, for the version's
         * {@code limit}: an equal share of what is left of it among its realms.
         */
        long share(long limit) {
            return (limit - total.get()) / Math.max(1, realms);
        }

        /** The sum of its realms' last walks. */
        long total() {
            return total.get();
        }

        int realms() {
            return realms;
        }

        /** A realm of this version was walked again: it kept {@code now}, where its last walk found {@code before}. */
        long walked(long before, long now) {
            return total.addAndGet(now - before);
        }

        /** A realm of this version that kept {@code retained} when last walked was closed. */
        void released(long retained) {
            total.addAndGet(-retained);
            byContextKey.computeIfPresent(contextKey, (key, heap) -> {
                if (heap != this) {
                    return heap;
                }
                realms--;
                return realms > 0 ? this : null;
            });
        }
    }

    /** A realm of the version {@code contextKey} was created: the version's figures, to release when it closes. */
    VersionHeap added(String contextKey) {
        return byContextKey.compute(contextKey, (key, heap) -> {
            VersionHeap out = heap != null ? heap : new VersionHeap(key);
            out.realms++;
            return out;
        });
    }

    /** The version's figures, or null while it has no realm on this node. */
    VersionHeap get(String contextKey) {
        return byContextKey.get(contextKey);
    }
}
