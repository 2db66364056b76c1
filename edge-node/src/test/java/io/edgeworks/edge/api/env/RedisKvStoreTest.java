package io.edgeworks.edge.api.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.edge.runtime.KvStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.redis.client.RedisOptions;
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
    @Inject
    io.vertx.core.Vertx vertx;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.redis.kv.hosts")
    String kvUrl;

    final String namespace = "test-" + UUID.randomUUID();

    @AfterEach
    void drop() {
        redis.key().del(RedisLayout.kvKey(namespace), RedisLayout.kvTouchedKey(namespace));
    }

    @Test
    void aNewKeyBeyondTheBoundIsRefusedButUpdatesPass() {
        RedisKvStore store = new RedisKvStore(redis, 3);
        await(store.put(namespace, "a", bytes(1)));
        await(store.put(namespace, "b", bytes(2)));
        await(store.put(namespace, "c", bytes(3)));
        KvStore.Rejected refused = assertThrows(KvStore.Rejected.class, () -> await(store.put(namespace, "d", bytes(4))));
        assertTrue(refused.getMessage().contains("holds 3 keys, the limit is 3"), refused.getMessage());
        assertEquals(null, await(store.get(namespace, "d")));

        await(store.put(namespace, "b", bytes(20)));
        assertArrayEquals(bytes(20), await(store.get(namespace, "b")));

        await(store.delete(namespace, "a"));
        await(store.put(namespace, "d", bytes(4)));
        assertEquals(List.of("b", "c", "d"), KvStore.page(await(store.keys(namespace)), "", 10, null).keys());
    }

    @Test
    void valuesKeepTheirBytes() {
        RedisKvStore store = new RedisKvStore(redis, 0);
        byte[] binary = {0, (byte) 0xff, (byte) 0xc3, 0x28, 10, 13};
        await(store.put(namespace, "bin", binary));
        assertArrayEquals(binary, await(store.get(namespace, "bin")));
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
                        await(store.put(namespace, key, bytes(1)));
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

    /**
     * A write waits for platform-api's acknowledgement on this node's channel: a stand-in publishes the ticket of the
     * node's first write (tickets count from 1) until the put returns; nobody acknowledging makes it fail with an Error.
     */
    @Test
    void aWriteResolvesOnlyOnceThePlatformConfirmsIt() throws Exception {
        try (KvAcks acks = new KvAcks(vertx, () -> new RedisOptions().setConnectionString(kvUrl.split(",")[0].trim()), "test Redis")) {
            assertTrue(acks.awaitSubscribed(5000), "subscribed to the acknowledgement channel");
            RedisKvStore store = new RedisKvStore(redis, 0, 0, acks, 5000, false);
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread platform = Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    redis.pubsub(String.class).publish(RedisLayout.kvAckChannel(acks.writer()), "1");
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                await(store.put(namespace, "durable", bytes(3)));
            } finally {
                done.set(true);
                platform.join();
            }
            assertArrayEquals(bytes(3), await(store.get(namespace, "durable")));

            RedisKvStore impatient = new RedisKvStore(redis, 0, 0, acks, 300, false);
            KvStore.Unavailable late = assertThrows(KvStore.Unavailable.class, () -> await(impatient.put(namespace, "unconfirmed", bytes(1))));
            assertTrue(late.getMessage().contains("did not confirm it durable within 300 ms"), late.getMessage());
        }
    }

    /**
     * While KV is being restored ({@code edgeworks:kv-restored} absent) a miss is an error, never a false "absent". The
     * test holds platform-api's restore lock meanwhile: a platform-api running on the same Redis (the stack of up.sh)
     * would otherwise see the marker absent at its next check, restore and set it again between the test's steps.
     */
    @Test
    void aMissWhileRestoringIsAnErrorNotAbsent() throws InterruptedException {
        var values = redis.value(String.class);
        String owner = "edge-test-" + UUID.randomUUID();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (redis.execute("SET", RedisLayout.KV_RESTORE_LOCK, owner, "NX", "PX", "60000") == null) {
            assertTrue(System.nanoTime() < deadline, "a platform-api held the KV restore lock for 30 s");
            Thread.sleep(100);   // a restore in progress: wait for its end
        }
        String marker = values.get(RedisLayout.KV_RESTORED);
        try {
            redis.key().del(RedisLayout.KV_RESTORED);
            RedisKvStore store = new RedisKvStore(redis, 0, 0, null, 0, true);
            await(store.put(namespace, "there", bytes(2)));
            assertArrayEquals(bytes(2), await(store.get(namespace, "there")), "a present key reads as usual");
            KvStore.Unavailable restoring = assertThrows(KvStore.Unavailable.class, () -> await(store.get(namespace, "not-yet")));
            assertTrue(restoring.getMessage().contains("being restored"), restoring.getMessage());
            values.set(RedisLayout.KV_RESTORED, marker == null ? "test" : marker);
            assertEquals(null, await(store.get(namespace, "not-yet")), "restored: a miss is a miss");
        } finally {
            if (marker == null) {
                redis.key().del(RedisLayout.KV_RESTORED);
            } else {
                values.set(RedisLayout.KV_RESTORED, marker);
            }
            redis.key().del(RedisLayout.kvTouchedKey(namespace));
            if (owner.equals(values.get(RedisLayout.KV_RESTORE_LOCK))) {
                redis.key().del(RedisLayout.KV_RESTORE_LOCK);
            }
        }
    }

    /**
     * Durable writes wait without a thread: 64 puts started from one thread are all pending at once while the platform's
     * acknowledgements are withheld (a stand-in for platform-api, which is not running here), and all complete when their
     * tickets are published. The synchronous store held one thread per waiting put.
     */
    @Test
    void writesAwaitingTheirAcknowledgementHoldNoThread() throws Exception {
        try (KvAcks acks = new KvAcks(vertx, () -> new RedisOptions().setConnectionString(kvUrl.split(",")[0].trim()), "test Redis")) {
            assertTrue(acks.awaitSubscribed(5000), "subscribed to the acknowledgement channel");
            RedisKvStore store = new RedisKvStore(redis, 0, 0, acks, 10_000, false);
            List<java.util.concurrent.CompletableFuture<Void>> puts = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 64; i++) {
                puts.add(store.put(namespace, "k" + i, bytes(1)).toCompletableFuture());
            }
            long startMs = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            Thread.sleep(300);
            for (java.util.concurrent.CompletableFuture<Void> put : puts) {
                assertTrue(!put.isDone(), () -> "a put completed before its acknowledgement: " + put.handle((ok, e) -> String.valueOf(e)).join());
            }
            assertEquals(64, redis.hash(String.class, String.class, byte[].class).hlen(RedisLayout.kvKey(namespace)), "all 64 applied in Redis");
            List<String> tickets = new ArrayList<>();
            for (int i = 1; i <= 64; i++) {
                tickets.add(Integer.toString(i));
            }
            long acked = System.nanoTime();
            redis.pubsub(String.class).publish(RedisLayout.kvAckChannel(acks.writer()), String.join(",", tickets));
            java.util.concurrent.CompletableFuture.allOf(puts.toArray(java.util.concurrent.CompletableFuture[]::new)).get(5,
                    java.util.concurrent.TimeUnit.SECONDS);
            System.out.printf("[measure] 64 durable puts started from one thread in %d ms, all pending while unacknowledged;"
                    + " completed %d ms after the acknowledgement%n", startMs,
                    java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acked));
        }
    }

    /** The store's call, awaited; a failure is rethrown as the store's own exception. */
    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 'x');
        return b;
    }
}
