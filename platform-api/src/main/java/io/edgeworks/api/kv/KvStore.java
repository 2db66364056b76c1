package io.edgeworks.api.kv;

import io.edgeworks.bundle.KvVersion;
import io.edgeworks.bundle.KvWrite;
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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * KV values in Redis: one hash per namespace ({@link RedisLayout#kvKey}), field = key, value = raw bytes: the store edge
 * nodes read and write, and the KV API's read path. Every write goes through {@link KvWriteScript}, which also queues it
 * in {@link RedisLayout#KV_WRITES} for PostgreSQL (the source of truth, {@link KvValueRepository}). Redis client "kv"
 * ({@code quarkus.redis.kv.*}): the published state's Redis unless {@code PLATFORM_REDIS_KV_URL} is set.
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
     * Runs {@link KvWriteScript} as platform-api's writer: a put ({@code value} non-null) unless the key is new and the
     * namespace already holds {@code maxKeys} keys (0: no bound), or a delete ({@code value} null); refused when
     * {@code maxBacklog} writes wait in the stream.
     */
    public Uni<KvWriteScript.Outcome> write(UUID namespace, String key, byte[] value, int maxKeys, int maxBacklog) {
        String ns = namespace.toString();
        Request request = Request.cmd(Command.EVAL).arg(KvWriteScript.SOURCE).arg(4);
        for (String k : KvWriteScript.keys(ns)) {
            request.arg(k);
        }
        request.arg(value == null ? KvWrite.Op.DELETE.wire() : KvWrite.Op.PUT.wire()).arg(key)
                .arg(Buffer.buffer(value == null ? new byte[0] : value)).arg(maxKeys).arg(ns).arg(KvWrite.API_WRITER).arg("0")
                .arg(maxBacklog);
        return client.send(request).map(reply -> {
            String id = reply.get(2).toString();
            return new KvWriteScript.Outcome(reply.get(0).toInteger(), reply.get(1).toLong(), id.isEmpty() ? null : KvVersion.parse(id));
        });
    }

    /** The value, or null when absent. */
    public Uni<byte[]> get(UUID namespace, String key) {
        return hashes.hget(RedisLayout.kvKey(namespace.toString()), key);
    }

    /** Whether the hashes hold the values of PostgreSQL (false while Redis is being restored, or lost its data). */
    Uni<Boolean> restored() {
        return keys.exists(RedisLayout.KV_RESTORED);
    }

    /** Keys starting with {@code prefix}, sorted, at most {@code limit}. */
    public Uni<List<String>> keys(UUID namespace, String prefix, int limit) {
        return hashes.hkeys(RedisLayout.kvKey(namespace.toString()))
                .map(all -> all.stream().filter(k -> k.startsWith(prefix)).sorted().limit(limit).toList());
    }

    /** Drops the namespaces' hashes (their rows in PostgreSQL go with the namespace rows, by cascade). */
    public Uni<Void> dropNamespaces(List<UUID> namespaces) {
        if (namespaces.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> doomed = new ArrayList<>();
        for (UUID id : namespaces) {
            doomed.add(RedisLayout.kvKey(id.toString()));
            doomed.add(RedisLayout.kvTouchedKey(id.toString()));
        }
        return keys.del(doomed.toArray(String[]::new)).replaceWithVoid();
    }
}
