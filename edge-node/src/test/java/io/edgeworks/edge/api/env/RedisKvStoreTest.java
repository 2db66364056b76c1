package io.edgeworks.edge.api.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.edge.runtime.KvStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The keys-per-namespace bound of worker KV writes, on the real Redis the edge uses (a namespace id unique per
 * test, deleted afterwards): updates always pass, a new key beyond the bound is refused, and concurrent writers
 * never push a namespace past it (the count check and the write are one script).
 */
@QuarkusTest
class RedisKvStoreTest {
    @Inject
    RedisDataSource redis;

    final String namespace = "test-" + UUID.randomUUID();

    @AfterEach
    void drop() {
        redis.key().del(RedisLayout.kvKey(namespace));
    }

    @Test
    void aNewKeyBeyondTheBoundIsRefusedButUpdatesPass() {
        RedisKvStore store = new RedisKvStore(redis, 3);
        store.put(namespace, "a", bytes(1));
        store.put(namespace, "b", bytes(2));
        store.put(namespace, "c", bytes(3));
        KvStore.Rejected refused = assertThrows(KvStore.Rejected.class, () -> store.put(namespace, "d", bytes(4)));
        assertTrue(refused.getMessage().contains("holds 3 keys, the limit is 3"), refused.getMessage());
        assertEquals(null, store.get(namespace, "d"));

        store.put(namespace, "b", bytes(20));
        assertArrayEquals(bytes(20), store.get(namespace, "b"));

        store.delete(namespace, "a");
        store.put(namespace, "d", bytes(4));
        assertEquals(List.of("b", "c", "d"), store.list(namespace, "", 10, null).keys());
    }

    @Test
    void valuesKeepTheirBytes() {
        RedisKvStore store = new RedisKvStore(redis, 0);
        byte[] binary = {0, (byte) 0xff, (byte) 0xc3, 0x28, 10, 13};
        store.put(namespace, "bin", binary);
        assertArrayEquals(binary, store.get(namespace, "bin"));
    }

    @Test
    void concurrentWritersNeverPassTheBound() throws Exception {
        RedisKvStore store = new RedisKvStore(redis, 5);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> puts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String key = "k" + i;
                puts.add(() -> {
                    try {
                        store.put(namespace, key, bytes(1));
                        return true;
                    } catch (KvStore.Rejected e) {
                        return false;
                    }
                });
            }
            int written = 0;
            for (Future<Boolean> f : pool.invokeAll(puts)) {
                written += f.get() ? 1 : 0;
            }
            assertEquals(5, written);
            assertEquals(5, redis.hash(String.class, String.class, byte[].class).hlen(RedisLayout.kvKey(namespace)));
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 'x');
        return b;
    }
}
