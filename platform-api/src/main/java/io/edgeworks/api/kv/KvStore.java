package io.edgeworks.api.kv;

import io.edgeworks.bundle.KvWriteScript;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * KV values in Redis: one hash per namespace ({@link RedisLayout#kvKey}), field = key, value = raw bytes. This
 * is the store edge nodes read and write; its durability is Redis persistence (AOF/RDB), not PostgreSQL. Redis
 * client "kv" ({@code quarkus.redis.kv.*}): the published state's Redis unless {@code PLATFORM_REDIS_KV_URL} is set.
 */
@ApplicationScoped
public class KvStore {
    private final ReactiveHashCommands<String, String, byte[]> hashes;
    private final ReactiveKeyCommands<String> keys;
    private final Redis client;

    public KvStore(@RedisClientName("kv") ReactiveRedisDataSource redis) {
        this.hashes = redis.hash(String.class, String.class, byte[].class);
        this.keys = redis.key(String.class);
        this.client = redis.getRedis();
    }

    /**
     * Writes the value unless the key is new and the namespace already holds {@code maxKeys} keys (0: no bound):
     * the same {@link KvWriteScript} edge nodes run for workers' writes, so both sides apply one rule atomically.
     */
    public Uni<KvWriteScript.Outcome> put(UUID namespace, String key, byte[] value, int maxKeys) {
        return client.send(Request.cmd(Command.EVAL).arg(KvWriteScript.SOURCE).arg(1).arg(RedisLayout.kvKey(namespace.toString()))
                        .arg(key).arg(Buffer.buffer(value)).arg(maxKeys))
                .map(reply -> new KvWriteScript.Outcome(reply.get(0).toInteger() == 1, reply.get(1).toLong()));
    }

    /** The value, or null when absent. */
    public Uni<byte[]> get(UUID namespace, String key) {
        return hashes.hget(RedisLayout.kvKey(namespace.toString()), key);
    }

    /** True when the key existed. */
    public Uni<Boolean> delete(UUID namespace, String key) {
        return hashes.hdel(RedisLayout.kvKey(namespace.toString()), key).map(n -> n > 0);
    }

    /** Keys starting with {@code prefix}, sorted, at most {@code limit}. */
    public Uni<List<String>> keys(UUID namespace, String prefix, int limit) {
        return hashes.hkeys(RedisLayout.kvKey(namespace.toString()))
                .map(all -> all.stream().filter(k -> k.startsWith(prefix)).sorted().limit(limit).toList());
    }

    public Uni<Void> dropNamespaces(List<UUID> namespaces) {
        if (namespaces.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return keys.del(namespaces.stream().map(id -> RedisLayout.kvKey(id.toString())).toArray(String[]::new)).replaceWithVoid();
    }
}
