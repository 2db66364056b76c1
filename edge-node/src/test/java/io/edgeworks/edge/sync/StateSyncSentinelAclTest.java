package io.edgeworks.edge.sync;

import io.edgeworks.testsupport.RedisSentinelGroup;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.BundleVerifier;
import io.edgeworks.bundle.Ed25519Keys;
import io.edgeworks.bundle.Notice;
import io.edgeworks.bundle.NoticeCodec;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.edge.graph.GraphBuilder;
import io.edgeworks.edge.graph.LiveGraph;
import io.edgeworks.edge.graph.SecretOpener;
import io.edgeworks.edge.metrics.EdgeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sentinel with Redis ACL (README "Redis failover"): every node and Sentinel has the default user off and one ACL user
 * with a password; the state sync reaches the Sentinels and the primary as that user (the URL's {@code ?user=}, the
 * password apart), follows notices, and follows a {@code kill -9} failover of the primary. Notices only (no
 * manifests): what is checked is the connection, not the state.
 */
class StateSyncSentinelAclTest {
    private static final String USER = "edge-node";
    private static final String PASSWORD = "edge-sentinel-password-for-tests";

    @Test
    void theSyncFollowsAFailoverAsAnAclUser() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (RedisSentinelGroup group = RedisSentinelGroup.start(USER, PASSWORD)) {
            RedisAccess access = new RedisAccess(group.sentinelUrls(), PASSWORD, null, true, RedisSentinelGroup.MASTER);
            Redis writer = Redis.createClient(vertx, access.options().setMaxPoolSize(2).setMaxPoolWaiting(8));
            GraphBuilder builder = new GraphBuilder(v -> CompletableFuture.failedFuture(new IllegalStateException("no versions here")),
                    new SecretOpener(null), 1 << 20, 30_000);
            StateSync sync = new StateSync(vertx, access, new BundleVerifier(Map.of("k1", Ed25519Keys.generate().getPublic())),
                    builder, new LiveGraph(), new EdgeMetrics(new SimpleMeterRegistry()), 200, 5000);
            try {
                sync.start();
                RedisSentinelGroup.await("the first load as " + USER, Duration.ofSeconds(20), sync::loaded);
                long first = notice(writer);
                RedisSentinelGroup.await("notice " + first, Duration.ofSeconds(10), () -> sync.appliedSequence() >= first);
                group.awaitReplicated(Duration.ofSeconds(5));

                int old = group.killPrimary();
                long killedAt = System.nanoTime();
                long next = -1;
                while (next < 0) {
                    try {
                        next = notice(writer);
                    } catch (Exception e) {
                        assertTrue(System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(30), "no write accepted 30 s after the kill: " + e);
                        Thread.sleep(50);
                    }
                }
                long seq = next;
                RedisSentinelGroup.await("the sync to follow the new primary", Duration.ofSeconds(20), () -> sync.appliedSequence() >= seq);
                assertNotEquals(old, group.primaryPort());
                assertNull(sync.lastFailure());
                System.out.printf("edge failover with ACL: kill -9 -> applied from the new primary %d ms%n",
                        (System.nanoTime() - killedAt) / 1_000_000);
            } finally {
                sync.close();
                writer.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Advances the sequence and publishes its notice (an account-less notice: nothing to apply but the sequence). */
    private static long notice(Redis writer) throws Exception {
        long sequence = writer.send(Request.cmd(Command.INCR).arg(RedisLayout.SEQUENCE))
                .toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS).toLong();
        writer.send(Request.cmd(Command.PUBLISH).arg(RedisLayout.NOTICES).arg(NoticeCodec.encode(new Notice(sequence, List.of(), false))))
                .toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
        return sequence;
    }
}
