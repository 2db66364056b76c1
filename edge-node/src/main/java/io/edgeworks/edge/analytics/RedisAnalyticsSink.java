package io.edgeworks.edge.analytics;

import io.edgeworks.bundle.AnalyticsBatch;
import io.edgeworks.bundle.AnalyticsCodec;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.edge.sync.RedisAccess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.concurrent.TimeUnit;

/**
 * Ships a batch to the published state's Redis (the state sync's URL, user, password and TLS):
 * {@code XADD edgeworks:analytics MAXLEN ~ <max> * batch <json>} ({@link RedisLayout#ANALYTICS_STREAM}).
 */
public final class RedisAnalyticsSink implements AutoCloseable {
    private static final long TIMEOUT_MS = 2000;

    private final Redis client;

    public RedisAnalyticsSink(Vertx vertx, RedisAccess access) {
        this.client = Redis.createClient(vertx, access.options().setMaxPoolSize(2).setMaxPoolWaiting(16));
    }

    public void send(AnalyticsBatch batch) throws Exception {
        client.send(Request.cmd(Command.XADD).arg(RedisLayout.ANALYTICS_STREAM).arg("MAXLEN").arg("~")
                        .arg(RedisLayout.ANALYTICS_STREAM_MAX_LEN).arg("*").arg("batch").arg(AnalyticsCodec.encode(batch)))
                .toCompletionStage().toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        client.close();
    }
}
