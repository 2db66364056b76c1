package io.edgeworks.edge.api.env;

import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.edge.runtime.KvStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import java.util.List;

/**
 * KV bindings on Redis: namespace {@code id} is the hash {@code edgeworks:kv:<id>} (the same hash the
 * control plane's KV API reads and writes). A put is acknowledged once Redis has applied it; its
 * durability is the Redis server's (AOF/RDB settings) — there is no edge-side cache, so reads see
 * writes immediately. list() reads the hash's field names and sorts them: fine for namespaces of up to
 * tens of thousands of keys.
 */
public final class RedisKvStore implements KvStore {
    private final HashCommands<String, String, byte[]> hashes;

    public RedisKvStore(RedisDataSource redis) {
        this.hashes = redis.hash(String.class, String.class, byte[].class);
    }

    @Override
    public byte[] get(String namespaceId, String key) {
        return hashes.hget(RedisLayout.kvKey(namespaceId), key);
    }

    @Override
    public void put(String namespaceId, String key, byte[] value) {
        hashes.hset(RedisLayout.kvKey(namespaceId), key, value);
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
