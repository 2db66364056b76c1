package io.edgeworks.api.kv;

import io.edgeworks.api.Api;
import io.edgeworks.bundle.KvVersion;
import io.edgeworks.bundle.KvWrite;
import io.edgeworks.bundle.KvWriteScript;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.edgeworks.api.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KV values survive Redis losing its data (issue 15, durable KV), on a real PostgreSQL (the test database) and a Redis of
 * the test's own that it flushes ({@link KvTestProfile}). The write stream consumer and the restore are driven step by
 * step ({@link KvWriteConsumer#round()}, {@link KvRestorer#checkNow()}), as edge nodes would see them.
 */
@QuarkusTest
@TestProfile(KvTestProfile.class)
class KvDurabilityTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    @RedisClientName("kv")
    RedisDataSource redis;
    @Inject
    Pool pool;
    @Inject
    KvWriteConsumer consumer;
    @Inject
    KvRestorer restorer;
    @Inject
    KvValueRepository repository;

    @Test
    void anAcknowledgedApiWriteSurvivesFlushAll() {
        String alice = Api.user();
        String acme = Api.account(alice);
        String namespaces = "/api/accounts/" + acme + "/kv/namespaces";
        as(alice).body(Map.of("name", "cache")).post(namespaces).then().statusCode(201);
        byte[] bytes = {0, 1, 2, (byte) 0xff, 'x'};
        String value = namespaces + "/cache/values/greeting";
        given().auth().oauth2(Api.token(alice)).contentType("application/octet-stream").body(bytes).put(value).then().statusCode(204);
        UUID ns = namespaceId(acme, "cache");
        assertArrayEquals(bytes, repository.find(ns, "greeting").await().atMost(WAIT), "committed in PostgreSQL when acknowledged");

        redis.flushall();

        // not restored yet: the API reads PostgreSQL rather than answering "absent"
        assertArrayEquals(bytes, given().auth().oauth2(Api.token(alice)).get(value).then().statusCode(200).extract().asByteArray());
        as(alice).get(namespaces + "/cache/values").then().statusCode(200).body("name", equalTo(List.of("greeting")));

        KvRestorer.Outcome outcome = restorer.checkNow();
        assertNotNull(outcome, "Redis lost its data: a restore ran");
        assertTrue(outcome.written() >= 1, outcome.toString());
        assertArrayEquals(bytes, hash(ns).hget(RedisLayout.kvKey(ns.toString()), "greeting"), "back in the hash edge nodes read");
        assertNull(restorer.checkNow(), "restored for this Redis server: nothing more to do");

        given().auth().oauth2(Api.token(alice)).delete(value).then().statusCode(204);
        given().auth().oauth2(Api.token(alice)).get(value).then().statusCode(404);
        assertNull(repository.find(ns, "greeting").await().atMost(WAIT), "the delete is committed in PostgreSQL too");
        redis.flushall();
        restorer.checkNow();
        given().auth().oauth2(Api.token(alice)).get(value).then().statusCode(404);
    }

    @Test
    void theStreamConsumerPersistsAnEdgeWriteAndAcknowledgesIt() throws InterruptedException {
        UUID ns = newNamespace();
        String writer = "edge-test-" + UUID.randomUUID().toString().substring(0, 8);
        LinkedBlockingQueue<String> acks = new LinkedBlockingQueue<>();
        PubSubCommands.RedisSubscriber subscriber = redis.pubsub(String.class).subscribe(RedisLayout.kvAckChannel(writer), acks::add);
        try {
            long started = System.nanoTime();
            KvWriteScript.Outcome put = edgeWrite(ns, "from-edge", "v1".getBytes(StandardCharsets.UTF_8), writer, "7");
            assertTrue(put.written(), put.toString());
            assertEquals(List.of("7"), awaitAck(acks));
            System.out.printf("edge-style put -> committed in PostgreSQL and acknowledged: %.1f ms%n", (System.nanoTime() - started) / 1e6);
            assertArrayEquals("v1".getBytes(StandardCharsets.UTF_8), repository.find(ns, "from-edge").await().atMost(WAIT));
            assertEquals(0L, redis.stream(String.class).xlen(RedisLayout.KV_WRITES), "persisted entries leave the stream");

            assertTrue(edgeWrite(ns, "from-edge", null, writer, "8").written());
            assertEquals(List.of("8"), awaitAck(acks));
            assertNull(repository.find(ns, "from-edge").await().atMost(WAIT), "the delete reached PostgreSQL");
        } finally {
            subscriber.unsubscribe();
        }
    }

    @Test
    void aReplayedOrReorderedWriteChangesNothing() {
        UUID ns = newNamespace();
        KvWrite older = new KvWrite(new KvVersion(1000, 0), ns, KvWrite.Op.PUT, "k", bytes("older"), "edge-x", "1");
        KvWrite newer = new KvWrite(new KvVersion(1000, 1), ns, KvWrite.Op.PUT, "k", bytes("newer"), "edge-x", "2");
        KvWrite delete = new KvWrite(new KvVersion(2000, 0), ns, KvWrite.Op.DELETE, "k", null, "edge-x", "3");

        apply(List.of(newer));
        apply(List.of(newer)); // delivered twice (a replica died before XACK)
        apply(List.of(older)); // an older write arriving late
        assertArrayEquals(bytes("newer"), repository.find(ns, "k").await().atMost(WAIT));

        apply(List.of(delete, older, newer)); // in one batch, in any order
        assertNull(repository.find(ns, "k").await().atMost(WAIT), "the tombstone outranks the older puts");

        KvWrite orphan = new KvWrite(new KvVersion(3000, 0), UUID.randomUUID(), KvWrite.Op.PUT, "k", bytes("x"), "edge-x", "4");
        apply(List.of(orphan)); // a namespace deleted meanwhile: skipped, no error
    }

    @Test
    void restoreAfterFlushAllWritesPostgresqlBackAndKeepsNewerWrites() {
        String alice = Api.user();
        String acme = Api.account(alice);
        String namespaces = "/api/accounts/" + acme + "/kv/namespaces";
        as(alice).body(Map.of("name", "bulk")).post(namespaces).then().statusCode(201);
        UUID ns = namespaceId(acme, "bulk");
        int keys = Integer.getInteger("kv.restore-test-keys", 10_000);
        pool.preparedQuery("""
                        insert into kv_values (namespace_id, key, value, version_ms, version_seq)
                        select $1, convert_to('key-' || i, 'UTF8'), convert_to('value-' || i, 'UTF8'), 1, i from generate_series(1, $2) i""")
                .execute(Tuple.of(ns, keys)).await().atMost(Duration.ofSeconds(60));
        given().auth().oauth2(Api.token(alice)).contentType("text/plain").body("from the API").put(namespaces + "/bulk/values/kept")
                .then().statusCode(204);

        redis.flushall();
        // after the loss and before the restore: a worker writes "kept" again (Redis is newer than PostgreSQL until the
        // consumer persists it), and Redis holds a key PostgreSQL never had
        assertTrue(edgeWrite(ns, "kept", bytes("newer, from the edge"), "", "0").written());
        hash(ns).hset(RedisLayout.kvKey(ns.toString()), "stray", bytes("never persisted"));

        KvRestorer.Outcome outcome = restorer.checkNow();
        assertNotNull(outcome);
        System.out.printf("restore after FLUSHALL: %d keys written, %d removed, %d namespaces in the test database, %d ms%n",
                outcome.written(), outcome.removed(), outcome.namespaces(), outcome.millis());
        String hashKey = RedisLayout.kvKey(ns.toString());
        assertEquals(keys + 1L, hash(ns).hlen(hashKey), "every key of PostgreSQL, plus the newer write");
        assertArrayEquals(bytes("value-17"), hash(ns).hget(hashKey, "key-17"));
        assertArrayEquals(bytes("newer, from the edge"), hash(ns).hget(hashKey, "kept"), "a write after the loss is not overwritten");
        assertNull(hash(ns).hget(hashKey, "stray"), "a key PostgreSQL does not hold is removed");
        assertNotNull(redis.value(String.class).get(RedisLayout.KV_RESTORED));
        assertFalse(redis.key(String.class).exists(RedisLayout.kvTouchedKey(ns.toString())), "the touched keys are dropped at the end");

        for (int i = 0; i < 50 && redis.stream(String.class).xlen(RedisLayout.KV_WRITES) > 0; i++) {
            consumer.round();
        }
        assertArrayEquals(bytes("newer, from the edge"), repository.find(ns, "kept").await().atMost(WAIT));

        // deleting the namespace deletes its values in both stores
        as(alice).delete(namespaces + "/bulk").then().statusCode(204);
        assertFalse(redis.key(String.class).exists(hashKey));
        assertEquals(0, pool.preparedQuery("select count(*) from kv_values where namespace_id = $1").execute(Tuple.of(ns))
                .await().atMost(WAIT).iterator().next().getInteger(0));
    }

    /**
     * A failover to a replica that missed the primary's last writes: the marker names another server's run id, so the
     * values are rewritten from PostgreSQL (a stale value replaced, a deleted key removed) though nothing was flushed.
     */
    @Test
    void aFailoverIsNoticedByTheRunIdAndStaleValuesAreReplaced() {
        String alice = Api.user();
        String acme = Api.account(alice);
        String values = "/api/accounts/" + acme + "/kv/namespaces/cache/values/";
        as(alice).body(Map.of("name", "cache")).post("/api/accounts/" + acme + "/kv/namespaces").then().statusCode(201);
        given().auth().oauth2(Api.token(alice)).contentType("text/plain").body("v2").put(values + "k").then().statusCode(204);
        given().auth().oauth2(Api.token(alice)).contentType("text/plain").body("x").put(values + "gone").then().statusCode(204);
        given().auth().oauth2(Api.token(alice)).delete(values + "gone").then().statusCode(204);
        UUID ns = namespaceId(acme, "cache");
        // the consumer has read the stream (as it does within milliseconds when deployed): a write still waiting there
        // counts as newer than PostgreSQL, and the restore would leave its key alone
        for (int i = 0; i < 50 && redis.stream(String.class).xlen(RedisLayout.KV_WRITES) > 0; i++) {
            consumer.round();
        }
        restorer.checkNow();
        String hashKey = RedisLayout.kvKey(ns.toString());
        hash(ns).hset(hashKey, "k", bytes("v1"));
        hash(ns).hset(hashKey, "gone", bytes("x"));
        redis.value(String.class).set(RedisLayout.KV_RESTORED, "run-id-of-the-old-primary");

        assertNotNull(restorer.checkNow(), "another server's run id: restored");
        assertArrayEquals(bytes("v2"), hash(ns).hget(hashKey, "k"));
        assertNull(hash(ns).hget(hashKey, "gone"));
        assertFalse("run-id-of-the-old-primary".equals(redis.value(String.class).get(RedisLayout.KV_RESTORED)));
    }

    private List<String> awaitAck(LinkedBlockingQueue<String> acks) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.round();
            String message = acks.poll(50, TimeUnit.MILLISECONDS);
            if (message != null) {
                return KvWrite.parseAck(message);
            }
        }
        throw new AssertionError("no acknowledgement within " + WAIT);
    }

    /** Runs the write script exactly as an edge node does (a delete when {@code value} is null). */
    private KvWriteScript.Outcome edgeWrite(UUID ns, String key, byte[] value, String writer, String ticket) {
        Request request = Request.cmd(Command.EVAL).arg(KvWriteScript.SOURCE).arg(4);
        for (String k : KvWriteScript.keys(ns.toString())) {
            request.arg(k);
        }
        request.arg(value == null ? "delete" : "put").arg(key).arg(Buffer.buffer(value == null ? new byte[0] : value)).arg(0)
                .arg(ns.toString()).arg(writer).arg(ticket).arg(KvWriteScript.DEFAULT_MAX_BACKLOG);
        Response reply = redis.getReactive().getRedis().send(request).await().atMost(WAIT);
        String id = reply.get(2).toString();
        return new KvWriteScript.Outcome(reply.get(0).toInteger(), reply.get(1).toLong(), id.isEmpty() ? null : KvVersion.parse(id));
    }

    private void apply(List<KvWrite> writes) {
        pool.withTransaction(conn -> repository.applyAll(conn, writes)).await().atMost(WAIT);
    }

    private UUID newNamespace() {
        String alice = Api.user();
        String acme = Api.account(alice);
        as(alice).body(Map.of("name", "cache")).post("/api/accounts/" + acme + "/kv/namespaces").then().statusCode(201);
        return namespaceId(acme, "cache");
    }

    private UUID namespaceId(String slug, String name) {
        return pool.preparedQuery("select n.id from kv_namespaces n join accounts a on a.id = n.account_id where a.slug = $1 and n.name = $2")
                .execute(Tuple.of(slug, name)).await().atMost(WAIT).iterator().next().getUUID(0);
    }

    private io.quarkus.redis.datasource.hash.HashCommands<String, String, byte[]> hash(UUID ignored) {
        return redis.hash(String.class, String.class, byte[].class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
