package io.edgeworks.edge.cron;

import io.edgeworks.bundle.CronRun;
import io.edgeworks.bundle.CronRunCodec;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.edge.sync.RedisAccess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link CronStore} on the published state's Redis (same URL, user, password and TLS as the state sync): a claim
 * is {@code SET <lease key> <node> NX PX <ttl>} (atomic: one SET succeeds per key), a run is
 * {@code LPUSH}, {@code LTRIM} to {@link RedisLayout#CRON_RUNS_KEPT} and {@code EXPIRE} in one MULTI/EXEC.
 */
public final class RedisCronStore implements CronStore, AutoCloseable {
    private static final long TIMEOUT_MS = 2000;

    private final Redis client;

    public RedisCronStore(Vertx vertx, RedisAccess access) {
        this.client = Redis.createClient(vertx, access.options().setMaxPoolSize(4).setMaxPoolWaiting(64));
    }

    @Override
    public boolean claim(String environmentKey, String cron, long scheduledTimeMillis, String node, long ttlMillis) throws Exception {
        Response reply = client.send(Request.cmd(Command.SET).arg(RedisLayout.cronLeaseKey(environmentKey, cron, scheduledTimeMillis))
                        .arg(node).arg("NX").arg("PX").arg(ttlMillis))
                .toCompletionStage().toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return reply != null && "OK".equals(reply.toString());
    }

    @Override
    public void record(String environmentKey, CronRun run) throws Exception {
        String key = RedisLayout.cronRunsKey(environmentKey);
        client.batch(List.of(
                        Request.cmd(Command.MULTI),
                        Request.cmd(Command.LPUSH).arg(key).arg(CronRunCodec.encode(run)),
                        Request.cmd(Command.LTRIM).arg(key).arg(0).arg(RedisLayout.CRON_RUNS_KEPT - 1),
                        Request.cmd(Command.EXPIRE).arg(key).arg(RedisLayout.CRON_RUNS_TTL_SECONDS),
                        Request.cmd(Command.EXEC)))
                .toCompletionStage().toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        client.close();
    }
}
