package io.edgeworks.bundle;

/**
 * The one script that writes a KV value, shared by platform-api's KV API and the KV bindings of edge-node workers.
 * In one atomic step it changes the namespace's hash and appends the write to the stream {@link RedisLayout#KV_WRITES},
 * from which platform-api persists it in PostgreSQL (the source of truth of KV values). The stream entry's id is the
 * write's version ({@link KvVersion}): Redis applies writes to the hash in exactly the order of their ids, so
 * PostgreSQL, keeping per key the write of the highest version, converges on what Redis holds.
 *
 * <p>Rules, checked in this order:
 * <ol>
 *   <li>the stream holds at most {@code maxBacklog} writes not yet persisted (0: no bound); beyond, the write is
 *       refused (status {@link #BACKLOG}): platform-api is not persisting, and a write that cannot become durable is
 *       refused rather than dropped later;</li>
 *   <li>a namespace holds at most {@code maxKeys} keys (0: no bound): a put of a key the namespace already holds (an
 *       update) is always written, a put of a new key only while the namespace holds fewer than {@code maxKeys}
 *       (status {@link #FULL} otherwise). Deletes are always written.</li>
 * </ol>
 * While Redis has not been restored from PostgreSQL ({@link RedisLayout#KV_RESTORED} absent, see there) the script also
 * records the key in {@link RedisLayout#kvTouchedKey}, so the restore does not overwrite a newer write with an older
 * value from PostgreSQL.
 *
 * <p>{@code EVAL SOURCE 4 <kvKey(ns)> <KV_WRITES> <KV_RESTORED> <kvTouchedKey(ns)>
 * <op: put|delete> <key> <value bytes, empty for delete> <maxKeys> <namespace id> <writer> <ticket> <maxBacklog>}
 * answers {@code [status, count, version]}: status {@link #WRITTEN}, {@link #FULL} or {@link #BACKLOG}; count the
 * namespace's keys after the call (the backlog's length for {@link #BACKLOG}); version the stream entry id (empty
 * when refused). {@code writer} is the edge node that waits for the write's acknowledgement on
 * {@link RedisLayout#kvAckChannel} (or {@link KvWrite#API_WRITER}, which persists its writes itself), {@code ticket}
 * the writer's own id of the write (echoed in the acknowledgement). Value and key sizes are checked by the callers
 * before the script runs.
 */
public final class KvWriteScript {
    public static final String SOURCE = """
            local backlog = tonumber(ARGV[8])
            if backlog > 0 then
              local pending = redis.call('XLEN', KEYS[2])
              if pending >= backlog then
                return {2, pending, ''}
              end
            end
            if ARGV[1] == 'put' then
              local max = tonumber(ARGV[4])
              if max > 0 and redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then
                local keys = redis.call('HLEN', KEYS[1])
                if keys >= max then
                  return {0, keys, ''}
                end
              end
              redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
            else
              redis.call('HDEL', KEYS[1], ARGV[2])
            end
            if redis.call('EXISTS', KEYS[3]) == 0 then
              redis.call('HSET', KEYS[4], ARGV[2], '1')
              redis.call('EXPIRE', KEYS[4], 86400)
            end
            local id = redis.call('XADD', KEYS[2], '*', 'ns', ARGV[5], 'op', ARGV[1], 'key', ARGV[2], 'value', ARGV[3],
              'writer', ARGV[6], 'ticket', ARGV[7])
            return {1, redis.call('HLEN', KEYS[1]), id}
            """;

    /** Status: the write is applied and queued for PostgreSQL. */
    public static final int WRITTEN = 1;
    /** Status: refused, the namespace holds {@code maxKeys} keys and the put adds one. */
    public static final int FULL = 0;
    /** Status: refused, {@code maxBacklog} writes wait to be persisted. */
    public static final int BACKLOG = 2;

    /**
     * Default bounds of a KV write, the same on both planes (platform-api {@code platform.limits.kv-key-bytes} /
     * {@code kv-value-bytes}, edge-node {@code edge.kv.max-key-bytes} / {@code max-value-bytes}): keys of 1 to 512
     * UTF-8 bytes, values up to 5 MiB, as on Workers KV.
     */
    public static final int DEFAULT_MAX_KEY_BYTES = 512;
    public static final int DEFAULT_MAX_VALUE_BYTES = 5 * 1024 * 1024;
    /** Default bound of writes waiting in {@link RedisLayout#KV_WRITES} (platform-api and edge-node alike). */
    public static final int DEFAULT_MAX_BACKLOG = 100_000;

    private KvWriteScript() {
    }

    /** The four keys of the script, in order, for namespace {@code namespaceId}. */
    public static String[] keys(String namespaceId) {
        return new String[]{RedisLayout.kvKey(namespaceId), RedisLayout.KV_WRITES, RedisLayout.KV_RESTORED,
                RedisLayout.kvTouchedKey(namespaceId)};
    }

    /**
     * What a write did: {@code status} ({@link #WRITTEN}, {@link #FULL}, {@link #BACKLOG}), the namespace's key count
     * afterwards (the backlog for {@link #BACKLOG}) and the version of a written write (null when refused).
     */
    public record Outcome(int status, long count, KvVersion version) {
        public boolean written() {
            return status == WRITTEN;
        }
    }
}
