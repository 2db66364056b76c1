package io.edgeworks.bundle;

/**
 * The one rule for writing a KV value, shared by platform-api's KV API and the KV bindings of edge-node
 * workers: a namespace holds at most {@code maxKeys} keys. A put of a key the namespace already holds (an
 * update) is always written; a put of a new key is written only while the namespace holds fewer than
 * {@code maxKeys}. The check (HEXISTS, HLEN) and the write (HSET) run in one Lua script, so concurrent
 * writers on any number of API replicas and edge nodes never push a namespace past its bound.
 *
 * <p>{@code EVAL SOURCE 1 <RedisLayout.kvKey(namespace)> <key> <value bytes> <maxKeys>} ({@code maxKeys}
 * 0 means no bound) answers {@code [written, keys]}: {@code written} 1 when the value was stored, 0 when
 * refused; {@code keys} the namespace's key count after the call. Value and key sizes are checked by the
 * callers before the script runs.
 */
public final class KvPutScript {
    public static final String SOURCE = """
            local max = tonumber(ARGV[3])
            if max > 0 and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
              local keys = redis.call('HLEN', KEYS[1])
              if keys >= max then
                return {0, keys}
              end
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return {1, redis.call('HLEN', KEYS[1])}
            """;

    /**
     * Default bounds of a KV write, the same on both planes (platform-api {@code platform.limits.kv-key-bytes} /
     * {@code kv-value-bytes}, edge-node {@code edge.kv.max-key-bytes} / {@code max-value-bytes}): keys of 1 to 512
     * UTF-8 bytes, values up to 5 MiB, as on Workers KV.
     */
    public static final int DEFAULT_MAX_KEY_BYTES = 512;
    public static final int DEFAULT_MAX_VALUE_BYTES = 5 * 1024 * 1024;

    private KvPutScript() {
    }

    /** What a put did: whether it was written, and the namespace's key count afterwards. */
    public record Outcome(boolean written, long keys) {
    }
}
