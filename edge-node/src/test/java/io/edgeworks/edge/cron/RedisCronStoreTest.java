package io.edgeworks.edge.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.CronRun;
import io.edgeworks.bundle.CronRunCodec;
import io.edgeworks.bundle.RedisLayout;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tick claim (SET NX PX) and the run list against a real redis-server, as two nodes use them. */
class RedisCronStoreTest {
    private static CronRedis redis;
    private static RedisCronStore nodeA;
    private static RedisCronStore nodeB;

    @BeforeAll
    static void start() throws Exception {
        redis = new CronRedis();
        nodeA = redis.store();
        nodeB = redis.store();
    }

    @AfterAll
    static void stop() throws Exception {
        nodeA.close();
        nodeB.close();
        redis.close();
    }

    @Test
    void oneNodeClaimsATickAndTheClaimExpires() throws Exception {
        long tick = 1_764_669_900_000L;
        assertTrue(nodeA.claim("acme/a/production", "* * * * *", tick, "node-a", 90_000));
        assertFalse(nodeB.claim("acme/a/production", "* * * * *", tick, "node-b", 90_000), "the tick is node-a's");
        assertFalse(nodeA.claim("acme/a/production", "* * * * *", tick, "node-a", 90_000), "and never twice, not even for its owner");
        String key = RedisLayout.cronLeaseKey("acme/a/production", "* * * * *", tick);
        assertEquals("node-a", redis.send(Request.cmd(Command.GET).arg(key)).toString());
        long pttl = redis.send(Request.cmd(Command.PTTL).arg(key)).toLong();
        assertTrue(pttl > 80_000 && pttl <= 90_000, "claims expire: " + pttl);

        assertTrue(nodeB.claim("acme/a/production", "* * * * *", tick + 60_000, "node-b", 90_000), "the next tick is free");
        assertTrue(nodeB.claim("acme/a/production", "*/5 * * * *", tick, "node-b", 90_000), "another trigger due at the same minute");
        assertTrue(nodeB.claim("acme/b/production", "* * * * *", tick, "node-b", 90_000), "another environment");
    }

    @Test
    void aClaimOfANodeThatDiedGoesAwayWithItsTtl() throws Exception {
        assertTrue(nodeA.claim("acme/dead/production", "* * * * *", 60_000, "node-a", 150));
        Thread.sleep(400);
        assertTrue(nodeB.claim("acme/dead/production", "* * * * *", 60_000, "node-b", 150), "the key expired");
    }

    @Test
    void racingNodesWinEachTickExactlyOnce() throws Exception {
        int ticks = 40;
        AtomicInteger wins = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                RedisCronStore store = t % 2 == 0 ? nodeA : nodeB;
                String node = "node-" + t;
                tasks.add(() -> {
                    for (int i = 0; i < ticks; i++) {
                        if (store.claim("acme/race/production", "* * * * *", i * 60_000L, node, 90_000)) {
                            wins.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : threads.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(ticks, wins.get());
    }

    @Test
    void runsAreKeptNewestFirstCappedAndExpiring() throws Exception {
        String env = "acme/runs/production";
        for (int i = 0; i < RedisLayout.CRON_RUNS_KEPT + 5; i++) {
            nodeA.record(env, new CronRun(i * 60_000L, "* * * * *", i * 60_000L + 3, 2, CronRun.Outcome.OK, null, 1, "node-a"));
        }
        String key = RedisLayout.cronRunsKey(env);
        assertEquals(RedisLayout.CRON_RUNS_KEPT, redis.send(Request.cmd(Command.LLEN).arg(key)).toInteger());
        assertEquals((RedisLayout.CRON_RUNS_KEPT + 4) * 60_000L,
                CronRunCodec.decode(redis.send(Request.cmd(Command.LINDEX).arg(key).arg(0)).toString()).scheduledTime(), "newest first");
        assertEquals(5 * 60_000L,
                CronRunCodec.decode(redis.send(Request.cmd(Command.LINDEX).arg(key).arg(-1)).toString()).scheduledTime(), "oldest dropped");
        long ttl = redis.send(Request.cmd(Command.TTL).arg(key)).toLong();
        assertTrue(ttl > RedisLayout.CRON_RUNS_TTL_SECONDS - 60 && ttl <= RedisLayout.CRON_RUNS_TTL_SECONDS, "expires: " + ttl);
    }
}
