package io.edgeworks.edge.cron;

import io.edgeworks.edge.sync.RedisAccess;
import io.edgeworks.edge.sync.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;

/** A private redis-server for the cron tests (port 6396, moved by -Dedgeworks.test.redis-port-offset) and a raw client to look into it. */
final class CronRedis implements AutoCloseable {
    static final int PORT = 6396 + RedisServerProcess.PORT_OFFSET;

    final Vertx vertx = Vertx.vertx();
    private final RedisServerProcess server;
    private final Redis client;

    CronRedis() throws Exception {
        server = new RedisServerProcess(PORT);
        server.start();
        client = Redis.createClient(vertx, server.url());
        send(Request.cmd(Command.FLUSHALL));
    }

    RedisCronStore store() {
        return new RedisCronStore(vertx, RedisAccess.of(server.url()));
    }

    Response send(Request request) throws Exception {
        return client.send(request).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        server.close();
    }
}
