package io.edgeworks.api.common;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Creates every Redis client and data source the platform uses on the main thread, before anything else starts.
 * Quarkus's Redis recorder keeps them in plain static maps and creates each on its first use, so two threads
 * creating two different ones at once fail with a {@code ConcurrentModificationException}: seen in CI as a
 * start-up failure, the scheduler's first {@code tail-sweep} (its own thread, at start) creating the default data
 * source while {@code KvRestorer}'s start-up observer created the {@code kv} one. This observer runs before the
 * scheduler's (priority {@code PLATFORM_BEFORE}) and every other start-up observer.
 */
@ApplicationScoped
class RedisClients {

    void create(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event, Redis client,
                RedisDataSource blocking, ReactiveRedisDataSource reactive, @RedisClientName("kv") ReactiveRedisDataSource kv) {
        // each is a client proxy: its first call creates the bean (no I/O: a connection opens on the first command)
        client.getDelegate();
        blocking.getReactive();
        reactive.getRedis();
        kv.getRedis();
    }
}
