package io.edgeworks.api.publish;

import io.edgeworks.api.kv.KvStore;
import io.edgeworks.api.security.SecretVault;
import io.edgeworks.api.tail.TailProbe;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * platform-api follows a Sentinel failover by itself (README "Redis failover"), with real Redis processes
 * ({@link SentinelTestProfile}): the primary is killed with {@code kill -9} right after a deploy; the Sentinels promote
 * the replica; the deploy made during the switch is published on the new primary by the relay's retries, a KV write
 * (client {@code kv}) succeeds there, and a live tail held across the failover subscribes again and receives the
 * events published after it. Prints the times from the kill.
 */
@QuarkusTest
@TestProfile(SentinelTestProfile.class)
class SentinelFailoverTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Inject
    Pool pool;
    @Inject
    SecretVault vault;
    @Inject
    RedisDataSource redisDataSource;
    @Inject
    KvStore kv;

    @Test
    void publicationsKvAndTailsFollowAFailoverOfThePrimary() throws Exception {
        Fixtures fixtures = new Fixtures(pool, vault);
        RedisState redis = new RedisState(redisDataSource);
        var live = fixtures.helloDeployed("failover");
        String key = live.key();
        RedisState.awaitTrue("first publication", Duration.ofSeconds(10),
                () -> redis.digest(key) != null && fixtures.pendingOutboxRows() == 0);
        UUID namespace = UUID.randomUUID();
        byte[] before = "written before the failover".getBytes(StandardCharsets.UTF_8);
        kv.write(namespace, "before", before, 0, 0).await().atMost(TIMEOUT);
        TailProbe tail = TailProbe.attach(live.account().id(), live.account().slug(), key, TIMEOUT);
        try {
            // what was acknowledged so far is on the replica (replication is asynchronous: an unreplicated write may be
            // lost by a failover, which is what the relay's epoch check repairs for the published state)
            SentinelTestProfile.group.awaitReplicated(Duration.ofSeconds(5));
            String digestBefore = redis.digest(key);

            int old = SentinelTestProfile.group.killPrimary();
            long killedAt = System.nanoTime();
            // a deploy during the switch: the relay fails, backs off and retries until the new primary takes it
            fixtures.version(live.env(), 2, new JsonArray());
            fixtures.deploy(live.env(), 2);
            fixtures.changed(live.account());

            long kvMs = -1;
            while (kvMs < 0) {
                try {
                    kv.write(namespace, "after", "written after".getBytes(StandardCharsets.UTF_8), 0, 0).await().atMost(TIMEOUT);
                    kvMs = millisSince(killedAt);
                } catch (Exception e) {
                    assertTrue(millisSince(killedAt) < 30_000, "no KV write accepted 30 s after the kill: " + e);
                    Thread.sleep(50);
                }
            }
            RedisState.awaitTrue("the deploy made during the failover published on the new primary", Duration.ofSeconds(30),
                    () -> fixtures.pendingOutboxRows() == 0 && !digestBefore.equals(redis.digest(key)));
            long publishMs = millisSince(killedAt);
            assertEquals(2, redis.bundle(key).rootEnvironment().versions().getFirst().number(), "version 2 is published");
            assertNotEquals(old, SentinelTestProfile.group.primaryPort(), "the Sentinels promoted the replica");
            assertArrayEquals(before, kv.get(namespace, "before").await().atMost(TIMEOUT), "the replicated value survived");

            // the tail subscribed again on the new primary: an event published now reaches its consumer
            String event = "{\"failover\":true}";
            String received = null;
            while (received == null) {
                redisDataSource.pubsub(String.class).publish(tail.channel, event);
                received = tail.events.poll(200, TimeUnit.MILLISECONDS);
                assertTrue(millisSince(killedAt) < 30_000, "the tail received nothing 30 s after the kill");
            }
            long tailMs = millisSince(killedAt);
            assertEquals(event, received, "the tail is still open and receives events");
            assertNotNull(redis.manifest(live.account().slug()));
            System.out.printf("api failover: kill -9 of the primary -> first KV write accepted %d ms, -> deploy published %d ms,"
                    + " -> live tail receiving again %d ms%n", kvMs, publishMs, tailMs);
        } finally {
            tail.detach();
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
