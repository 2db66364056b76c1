package io.edgeworks.edge.api.env;

import io.edgeworks.edge.runtime.KvStore;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The KV limits of the control plane's KV API, applied to the writes workers make: a value of at most
 * {@code maxValueBytes} bytes ({@code edge.kv.max-value-bytes}, default 5 MiB as platform-api's {@code
 * platform.limits.kv-value-bytes}) and a key of 1 to {@code maxKeyBytes} UTF-8 bytes ({@code
 * edge.kv.max-key-bytes}, 512 as {@code platform.limits.kv-key-bytes}). A refused put fails with {@link
 * KvStore.Rejected}, whose message the worker gets as a {@code TypeError}; nothing reaches the store.
 * Reads, deletes and lists pass through. (Workers' put has no metadata or expiration here: env.js ignores
 * the options argument, so there is nothing else to bound.)
 */
public final class BoundedKvStore implements KvStore {
    private final KvStore store;
    private final int maxValueBytes;
    private final int maxKeyBytes;

    public BoundedKvStore(KvStore store, int maxValueBytes, int maxKeyBytes) {
        if (maxValueBytes < 0 || maxKeyBytes < 1) {
            throw new IllegalArgumentException("KV limits must be positive: value " + maxValueBytes + ", key " + maxKeyBytes);
        }
        this.store = store;
        this.maxValueBytes = maxValueBytes;
        this.maxKeyBytes = maxKeyBytes;
    }

    @Override
    public CompletionStage<Void> put(String namespaceId, String key, byte[] value) {
        int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (keyBytes == 0 || keyBytes > maxKeyBytes) {
            return CompletableFuture.failedFuture(
                    new Rejected("KV put: key of " + keyBytes + " bytes; keys must be 1 to " + maxKeyBytes + " bytes (UTF-8)"));
        }
        if (value.length > maxValueBytes) {
            return CompletableFuture.failedFuture(
                    new Rejected("KV put: value of " + value.length + " bytes exceeds the limit of " + maxValueBytes + " bytes"));
        }
        return store.put(namespaceId, key, value);
    }

    @Override
    public CompletionStage<byte[]> get(String namespaceId, String key) {
        return store.get(namespaceId, key);
    }

    @Override
    public CompletionStage<Void> delete(String namespaceId, String key) {
        return store.delete(namespaceId, key);
    }

    @Override
    public CompletionStage<Collection<String>> keys(String namespaceId) {
        return store.keys(namespaceId);
    }
}
