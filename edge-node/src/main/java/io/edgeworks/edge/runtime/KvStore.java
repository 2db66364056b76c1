package io.edgeworks.edge.runtime;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The channel behind KV bindings. Every call is asynchronous, like outbound fetch ({@link OutboundHttp}): it returns at
 * once and its stage completes later, on whichever thread the store answers on (a Redis reply, a write's durability
 * acknowledgement); the runtime then resumes the request on its worker thread. A request waiting for a KV call holds no
 * run slot (see {@link FairScheduler}). Reads take a Redis round trip; writes complete once the platform confirms them
 * durable (bounded, {@code edge.kv.durable-wait-ms}). A stage fails with {@link Rejected} or {@link Unavailable} (their
 * messages reach the worker), or with any other exception (the worker gets an {@code Error} naming the call).
 *
 * <p>The runtime bounds what one request asks of the store ({@link RequestBudget#KV_OPERATIONS} calls in all,
 * {@link RequestBudget#KV_IN_FLIGHT} at once) and drops a call's outcome when its request has ended.
 */
public interface KvStore {

    /** The value, or null when the key is absent. */
    CompletionStage<byte[]> get(String namespaceId, String key);

    CompletionStage<Void> put(String namespaceId, String key, byte[] value);

    CompletionStage<Void> delete(String namespaceId, String key);

    /**
     * The names of every key of the namespace, in any order. The runtime pages them ({@link #page}) on the request's
     * worker thread, so sorting a large namespace is charged to the request's CPU time, not to the thread that answered.
     */
    CompletionStage<Collection<String>> keys(String namespaceId);

    /** A store for runtimes without KV (tests, the conformance runner): every call fails with {@code reason}. */
    static KvStore none(String reason) {
        return new KvStore() {
            public CompletionStage<byte[]> get(String namespaceId, String key) {
                return CompletableFuture.failedFuture(new IllegalStateException(reason));
            }

            public CompletionStage<Void> put(String namespaceId, String key, byte[] value) {
                return CompletableFuture.failedFuture(new IllegalStateException(reason));
            }

            public CompletionStage<Void> delete(String namespaceId, String key) {
                return CompletableFuture.failedFuture(new IllegalStateException(reason));
            }

            public CompletionStage<Collection<String>> keys(String namespaceId) {
                return CompletableFuture.failedFuture(new IllegalStateException(reason));
            }
        };
    }

    /** Keys starting with {@code prefix}, sorted, after {@code cursor} (exclusive) when given, at most {@code limit}. */
    static Page page(Collection<String> keys, String prefix, int limit, String cursor) {
        List<String> sorted = keys.stream()
                .filter(k -> k.startsWith(prefix))
                .filter(k -> cursor == null || k.compareTo(cursor) > 0)
                .sorted()
                .limit(limit + 1L)
                .toList();
        if (sorted.size() > limit) {
            List<String> page = sorted.subList(0, limit);
            return new Page(page, page.getLast());
        }
        return new Page(sorted, null);
    }

    /**
     * A write the store refuses (a value or key over its limit): its message reaches the worker as the
     * {@code TypeError} of {@code put}. Nothing is written.
     */
    final class Rejected extends RuntimeException {
        public Rejected(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A call the store cannot complete now (KV being restored after Redis lost its data, a write not confirmed durable in
     * time, too many writes waiting to be persisted): its message reaches the worker as an {@code Error}.
     */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code cursor} is null when the listing is complete. */
    record Page(List<String> keys, String cursor) {
    }
}
