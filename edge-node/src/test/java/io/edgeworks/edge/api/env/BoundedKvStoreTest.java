package io.edgeworks.edge.api.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.edge.runtime.KvStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class BoundedKvStoreTest {
    /** Records the puts that reach the store. */
    final List<String> written = new ArrayList<>();
    final KvStore recorder = new KvStore() {
        public CompletionStage<byte[]> get(String ns, String key) { return CompletableFuture.completedFuture(null); }
        public CompletionStage<Void> put(String ns, String key, byte[] value) {
            written.add(key + "=" + value.length);
            return CompletableFuture.completedFuture(null);
        }
        public CompletionStage<Void> delete(String ns, String key) { return CompletableFuture.completedFuture(null); }
        public CompletionStage<Collection<String>> keys(String ns) { return CompletableFuture.completedFuture(List.of()); }
    };

    /** The refusal a put's stage failed with (it fails at once: nothing reaches the store). */
    static KvStore.Rejected refusal(CompletionStage<Void> put) {
        CompletableFuture<Void> f = put.toCompletableFuture();
        assertTrue(f.isCompletedExceptionally(), "the put was not refused");
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return assertInstanceOf(KvStore.Rejected.class, e.getCause());
    }
    final BoundedKvStore store = new BoundedKvStore(recorder, 100, 8);

    @Test
    void valuesUpToTheLimitPass() {
        store.put("ns", "k", new byte[100]);
        store.put("ns", "empty", new byte[0]);
        assertEquals(List.of("k=100", "empty=0"), written);
    }

    @Test
    void aLargerValueIsRefusedWithItsSizeAndTheLimit() {
        KvStore.Rejected refused = refusal(store.put("ns", "k", new byte[101]));
        assertEquals("KV put: value of 101 bytes exceeds the limit of 100 bytes", refused.getMessage());
        assertEquals(List.of(), written);
    }

    @Test
    void keysAreMeasuredInUtf8Bytes() {
        store.put("ns", "abcdefgh", new byte[1]);
        KvStore.Rejected refused = refusal(store.put("ns", "ééééé", new byte[1]));
        assertEquals("KV put: key of 10 bytes; keys must be 1 to 8 bytes (UTF-8)", refused.getMessage());
        refusal(store.put("ns", "", new byte[1]));
        assertEquals(List.of("abcdefgh=1"), written);
    }

    @Test
    void defaultsMatchThePlatformApi() throws Exception {
        // platform-api: platform.limits.kv-value-bytes = 5242880, kv-key-bytes = 512 (PlatformConfig).
        var limits = io.edgeworks.edge.config.EdgeConfig.Kv.class;
        assertEquals("5242880", limits.getMethod("maxValueBytes").getAnnotation(io.smallrye.config.WithDefault.class).value());
        assertEquals("512", limits.getMethod("maxKeyBytes").getAnnotation(io.smallrye.config.WithDefault.class).value());
    }
}
