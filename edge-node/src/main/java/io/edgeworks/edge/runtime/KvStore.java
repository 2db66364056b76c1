package io.edgeworks.edge.runtime;

import java.util.List;

/**
 * The channel behind KV bindings. Calls block the worker thread briefly: a Redis round trip for reads; for writes, until
 * the platform confirms them durable (bounded, {@code edge.kv.durable-wait-ms}).
 */
public interface KvStore {

    byte[] get(String namespaceId, String key);

    void put(String namespaceId, String key, byte[] value);

    void delete(String namespaceId, String key);

    /** Keys starting with {@code prefix}, sorted, after {@code cursor} (exclusive) when given. */
    Page list(String namespaceId, String prefix, int limit, String cursor);

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
