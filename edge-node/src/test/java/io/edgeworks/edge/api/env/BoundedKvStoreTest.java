package io.edgeworks.edge.api.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeworks.edge.runtime.KvStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedKvStoreTest {
    /** Records the puts that reach the store. */
    final List<String> written = new ArrayList<>();
    final KvStore recorder = new KvStore() {
        public byte[] get(String ns, String key) { return null; }
        public void put(String ns, String key, byte[] value) { written.add(key + "=" + value.length); }
        public void delete(String ns, String key) { }
        public Page list(String ns, String prefix, int limit, String cursor) { return new Page(List.of(), null); }
    };
    final BoundedKvStore store = new BoundedKvStore(recorder, 100, 8);

    @Test
    void valuesUpToTheLimitPass() {
        store.put("ns", "k", new byte[100]);
        store.put("ns", "empty", new byte[0]);
        assertEquals(List.of("k=100", "empty=0"), written);
    }

    @Test
    void aLargerValueIsRefusedWithItsSizeAndTheLimit() {
        KvStore.Rejected refused = assertThrows(KvStore.Rejected.class, () -> store.put("ns", "k", new byte[101]));
        assertEquals("KV put: value of 101 bytes exceeds the limit of 100 bytes", refused.getMessage());
        assertEquals(List.of(), written);
    }

    @Test
    void keysAreMeasuredInUtf8Bytes() {
        store.put("ns", "abcdefgh", new byte[1]);
        KvStore.Rejected refused = assertThrows(KvStore.Rejected.class, () -> store.put("ns", "ééééé", new byte[1]));
        assertEquals("KV put: key of 10 bytes; keys must be 1 to 8 bytes (UTF-8)", refused.getMessage());
        assertThrows(KvStore.Rejected.class, () -> store.put("ns", "", new byte[1]));
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
