package io.edgeworks.edge.api.env;

import io.edgeworks.bundle.KvWriteScript;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.edge.runtime.KvStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.List;

/**
 * KV bindings on Redis: namespace {@code id} is the hash {@code edgeworks:kv:<id>} (the same hash the
 * control plane's KV API reads and writes). A put is acknowledged once Redis has applied it; its
 * durability is the Redis server's (AOF/RDB settings) — there is no edge-side cache, so reads see
 * writes immediately. list() reads the hash's field names and sorts them: fine for namespaces of up to
 * tens of thousands of keys.
 *
 * <p>A namespace holds at most {@code maxKeys} keys ({@code edge.kv.max-keys-per-namespace}, the same bound
 * and default as platform-api's {@code platform.quotas.kv-keys-per-namespace}): put runs the shared
 * {@link KvWriteScript} (the count check and the write in one Lua script), so updates of existing keys always
 * go through and a new key beyond the bound is refused with {@link KvStore.Rejected}, however many nodes
 * write at once.
 */
public final class RedisKvStore implements KvStore {
    private static final Duration PUT_TIMEOUT = Duration.ofSeconds(10);

    private final HashCommands<String, String, byte[]> hashes;
    private final Redis client;
    private final int maxKeys;

    /** {@code maxKeys}: keys a namespace may hold, 0 for no bound. */
    public RedisKvStore(RedisDataSource redis, int maxKeys) {
        if (maxKeys < 0) {
            throw new IllegalArgumentException("max keys per namespace must be 0 (no bound) or positive: " + maxKeys);
        }
        this.hashes = redis.hash(String.class, String.class, byte[].class);
        this.client = redis.getReactive().getRedis();
        this.maxKeys = maxKeys;
    }

    @Override
    public byte[] get(String namespaceId, String key) {
        return hashes.hget(RedisLayout.kvKey(namespaceId), key);
    }

    @Override
    public void put(String namespaceId, String key, byte[] value) {
        Response reply = client.send(Request.cmd(Command.EVAL).arg(KvWriteScript.SOURCE).arg(1)
                        .arg(RedisLayout.kvKey(namespaceId)).arg(key).arg(Buffer.buffer(value)).arg(maxKeys))
                .await().atMost(PUT_TIMEOUT);
        if (reply.get(0).toInteger() == 0) {
            throw new Rejected("KV put: the namespace holds " + reply.get(1).toLong() + " keys, the limit is " + maxKeys
                    + " keys per namespace; delete keys first (updates of existing keys are allowed)");
        }
    }

    @Override
    public void delete(String namespaceId, String key) {
        hashes.hdel(RedisLayout.kvKey(namespaceId), key);
    }

    @Override
    public Page list(String namespaceId, String prefix, int limit, String cursor) {
        List<String> keys = hashes.hkeys(RedisLayout.kvKey(namespaceId)).stream()
                .filter(k -> k.startsWith(prefix))
                .filter(k -> cursor == null || k.compareTo(cursor) > 0)
                .sorted()
                .limit(limit + 1L)
                .toList();
        if (keys.size() > limit) {
            List<String> page = keys.subList(0, limit);
            return new Page(page, page.getLast());
        }
        return new Page(keys, null);
    }
}
