package io.edgeworks.edge.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the realms of each version keep on this node's heap together ({@code edge.limits.version-heap-bytes}). A version
 * has a realm on every worker thread that served it, so the per-realm limit alone lets it keep that limit times the
 * threads: a pool grown to 20 threads while a hostile tenant's requests waited held 20 realms of its hoarder, up to
 * 2.5 GB at 128 MB each, and every tenant's GC pauses grew with it (deploy/bench/RESULTS.md).
 *
 * <p>Each realm's figure is its last walk's ({@link WorkerThread}'s {@code boundRetained}); a version's total is their
 * sum, and a walk that finds the total at the version's limit resets the realm it walked. Until then a realm is walked,
 * as before, once what its thread allocated while it was in use could take the version's total past its limit: that
 * costs a well-behaved version nothing more than the per-realm limit did, but lets a version that starts hoarding on
 * every thread at once pass its limit by up to its realms' headroom before the walks see it. So a version that has hit
 * a memory limit on this node is <em>watched</em> from then on, as long as the node serves it: each of its realms then
 * gets an equal share of what is left ({@code (limit - total) / realms}), which bounds the version's total to about its
 * limit at the price of more walks, paid on its own realms only.
 */
final class VersionHeaps {
    private final ConcurrentHashMap<String, VersionHeap> byContextKey = new ConcurrentHashMap<>();
    /** Versions (context keys) that hit a memory limit on this node, kept while the served graph carries them. */
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

    /** A version's realms on this node together. */
    final class VersionHeap {
        private final String contextKey;
        private final AtomicLong total = new AtomicLong();
        /** Its live realms; changed only inside the map's compute for its key. */
        private volatile int realms;
        private volatile boolean watchedHere;

        private VersionHeap(String contextKey, boolean watched) {
            this.contextKey = contextKey;
            this.watchedHere = watched;
        }

        /**
         * What a realm of this version may still allocate before it is walked, for the version's {@code limit}: what is
         * left of it, or (watched) an equal share of that among its realms.
         */
        long free(long limit) {
            long left = limit - total.get();
            return watchedHere ? left / Math.max(1, realms) : left;
        }

        /** The sum of its realms' last walks. */
        long total() {
            return total.get();
        }

        int realms() {
            return realms;
        }

        boolean watched() {
            return watchedHere;
        }

        /** A realm of this version was walked again: it kept {@code now}, where its last walk found {@code before}. */
        long walked(long before, long now) {
            return total.addAndGet(now - before);
        }

        /** The version hit a memory limit: its realms get equal shares of what is left from now on. */
        void watch() {
            watchedHere = true;
            watched.add(contextKey);
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
            VersionHeap out = heap != null ? heap : new VersionHeap(key, watched.contains(key));
            out.realms++;
            return out;
        });
    }

    /** Forgets that versions the served graph no longer carries were watched. */
    void retainOnly(Set<String> contextKeys) {
        watched.retainAll(contextKeys);
    }

    /** The version's figures, or null while it has no realm on this node. */
    VersionHeap get(String contextKey) {
        return byContextKey.get(contextKey);
    }
}
