package io.edgeworks.edge.runtime;

import java.util.List;

/** The channel behind KV bindings. Calls block the worker thread briefly (a Redis round trip). */
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

    /** {@code cursor} is null when the listing is complete. */
    record Page(List<String> keys, String cursor) {
    }
}
