package io.edgeworks.api.publish;

import io.edgeworks.bundle.Notice;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.edgeworks.api.security.SecretVault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PostgreSQL is the source of truth: Redis losing data or going away loses nothing. */
@QuarkusTest
@TestProfile(PublishTestProfile.class)
class RepublishTest {

    @Inject
    Pool pool;
    @Inject
    SecretVault vault;
    @Inject
    RedisDataSource redisDataSource;

    Fixtures fixtures;
    RedisState redis;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(pool, vault);
        redis = new RedisState(redisDataSource);
    }

    @Test
    void flushedStateComesBackByItselfWithAFullNotice() {
        try (Notices notices = new Notices(redisDataSource)) {
            var live = fixtures.helloDeployed("flush");
            var acme = live.account();
            var hello = live.env();
            String key = live.key();
            notices.awaitEnvironment(key);
            String digest = redis.digest(key);
            long before = redis.sequence();
            byte[] manifest = redis.manifestEnvelope(acme.slug());

            long flushedAt = System.nanoTime();
            redis.flushAll();

            Notice full = notices.await(Notice::full, Duration.ofSeconds(5));
            long millis = (System.nanoTime() - flushedAt) / 1_000_000;
            assertTrue(full.sequence() > before, "sequence never goes backwards: " + full.sequence() + " after " + before);
            assertEquals(digest, redis.digest(key), "same state rebuilt from PostgreSQL");
            assertEquals(key, redis.hostname(acme.slug(), hello.hostname()));
            assertArrayEquals(manifest, redis.manifestEnvelope(acme.slug()),
                    "the rebuilt manifest keeps its sequence and bytes: edge nodes see no change, nothing goes back");
            assertEquals(1, redis.bundle(key).rootEnvironment().versions().getFirst().number());
            assertTrue(millis < 5000, "republished within seconds (" + millis + " ms)");
        }
    }

    @Test
    void deployWhileRedisIsDownIsPublishedWhenItReturns() {
        var live = fixtures.helloDeployed("down");
        var acme = live.account();
        var hello = live.env();
        String key = live.key();
        RedisState.awaitTrue("first publication", Duration.ofSeconds(10), () -> redis.digest(key) != null);
        long before = redis.sequence();

        TestRedisServer.stopServer(false);
        try {
            fixtures.version(hello, 2, new JsonArray());
            fixtures.deploy(hello, 2);
            var other = fixtures.service(acme, "other");
            fixtures.version(other, 1, new JsonArray());
            fixtures.deploy(other, 1);
            fixtures.changed(acme);
            sleep(1500);
            assertEquals(1, fixtures.pendingOutboxRows(), "the change waits in the outbox while Redis is down");
        } finally {
            TestRedisServer.startServer();
        }

        // the restarted Redis is empty (no persistence): the whole state comes back, with the new deploy
        RedisState.awaitTrue("deploy published after Redis returned", Duration.ofSeconds(10),
                () -> redis.digest(acme.slug() + "/other/production") != null && fixtures.pendingOutboxRows() == 0);
        assertEquals(2, redis.bundle(key).rootEnvironment().versions().getFirst().number());
        assertTrue(redis.sequence() > before, "sequence continues above " + before + ", got " + redis.sequence());
        assertNull(redis.hostname(acme.slug(), "nothing." + acme.slug() + ".localhost"));
    }

    @Test
    void deployDuringAnOutageWithoutDataLossIsPublishedAsANormalChange() {
        var live = fixtures.helloDeployed("outage");
        var acme = live.account();
        var hello = live.env();
        String key = live.key();
        awaitFirstPublication(key);
        String digest = redis.digest(key);
        String epoch = redisDataSource.value(String.class).get(RedisLayout.EPOCH);
        long before = redis.sequence();

        TestRedisServer.stopServer(true);
        try {
            fixtures.version(hello, 2, new JsonArray());
            fixtures.deploy(hello, 2);
            fixtures.changed(acme);
            sleep(1500);
            assertEquals(1, fixtures.pendingOutboxRows(), "the change waits in the outbox while Redis is down");
        } finally {
            TestRedisServer.startServer();
        }

        RedisState.awaitTrue("deploy published after Redis returned", Duration.ofSeconds(10), () -> fixtures.pendingOutboxRows() == 0);
        assertEquals(2, redis.bundle(key).rootEnvironment().versions().getFirst().number());
        assertEquals(before + 1, redis.sequence(), "one publication for the pending change, no full republication");
        assertEquals(epoch, redisDataSource.value(String.class).get(RedisLayout.EPOCH));
        assertTrue(redis.ttl(digest) > 0, "the superseded bundle expires later");
    }

    @Test
    void anotherDatabasesLiveStateIsLeftAloneAndTakenOverOnceAbandoned() {
        var live = fixtures.helloDeployed("foreign");
        var acme = live.account();
        var hello = live.env();
        String key = live.key();
        awaitFirstPublication(key);
        String digest = redis.digest(key);
        var values = redisDataSource.value(String.class);
        String ours = values.get(RedisLayout.EPOCH);
        long sequence = redis.sequence();

        // another platform database owns this Redis and its relays are alive
        values.set(RedisLayout.EPOCH, "another-platform-database");
        values.set(RedisLayout.LEASE, "another-platform-database", new SetArgs().px(Duration.ofMinutes(1)));
        fixtures.version(hello, 2, new JsonArray());
        fixtures.deploy(hello, 2);
        fixtures.changed(acme);
        sleep(1500);
        assertEquals(1, fixtures.pendingOutboxRows(), "the change waits: this Redis belongs to a live owner");
        assertEquals(digest, redis.digest(key));
        assertEquals(sequence, redis.sequence(), "nothing written, no notice");
        assertEquals("another-platform-database", values.get(RedisLayout.EPOCH), "not taken over");

        // the other owner is gone: its lease expires
        redisDataSource.key().del(RedisLayout.LEASE);

        RedisState.awaitTrue("state taken over and the change published", Duration.ofSeconds(10), () -> fixtures.pendingOutboxRows() == 0);
        assertEquals(ours, values.get(RedisLayout.EPOCH), "the epoch names this database again");
        assertEquals(2, redis.bundle(key).rootEnvironment().versions().getFirst().number());
        assertTrue(redis.sequence() > sequence);
    }

    private void awaitFirstPublication(String key) {
        RedisState.awaitTrue("first publication", Duration.ofSeconds(10), () -> redis.digest(key) != null && fixtures.pendingOutboxRows() == 0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
