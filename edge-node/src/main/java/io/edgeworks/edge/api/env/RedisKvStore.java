package io.edgeworks.edge.api.env;

import io.edgeworks.bundle.KvWrite;
import io.edgeworks.bundle.KvWriteScript;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.edge.runtime.KvStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * KV bindings on Redis: namespace {@code id} is the hash {@code edgeworks:kv:<id>} (the same hash the control plane's
 * KV API reads and writes). There is no edge-side cache, so reads see writes immediately. {@link #keys} reads the hash's
 * field names (the runtime sorts and pages them): fine for namespaces of up to tens of thousands of keys. Every call is
 * asynchronous (the reactive client; nothing here blocks a thread) and bounded by {@link #REDIS_TIMEOUT}; a durable
 * write's wait for its acknowledgement is a future that {@link KvAcks} completes, bounded by {@code durableWaitMs}.
 *
 * <p>Writes run the shared {@link KvWriteScript}: the namespace's key bound ({@code edge.kv.max-keys-per-namespace}, the
 * same as platform-api's {@code platform.quotas.kv-keys-per-namespace}; updates of existing keys always pass, a new key
 * beyond it is refused with {@link KvStore.Rejected}, however many nodes write at once), the change of the hash, and the
 * append to the write stream that platform-api persists in PostgreSQL, all in one atomic step. With {@link KvAcks} (the
 * default, {@code edge.kv.durable-wait-ms} > 0) a put or delete then completes only when platform-api acknowledges that the
 * write is committed in PostgreSQL, and fails with {@link KvStore.Unavailable} when that takes longer: an acknowledged
 * write survives Redis losing its data. Without, it resolves as soon as Redis applied it, and a Redis data loss before
 * platform-api read the stream (normally milliseconds) loses it.
 *
 * <p>While Redis is being restored from PostgreSQL ({@link RedisLayout#KV_RESTORED} absent), a get that finds no value
 * fails with {@link KvStore.Unavailable} rather than answering "absent" for a key that may exist
 * ({@code edge.kv.fail-misses-while-restoring}).
 */
public final class RedisKvStore implements KvStore {
    /** How long a Redis command of a KV call may take before the call fails with {@link KvStore.Unavailable}. */
    static final Duration REDIS_TIMEOUT = Duration.ofSeconds(10);

    private final ReactiveHashCommands<String, String, byte[]> hashes;
    private final ReactiveKeyCommands<String> keys;
    private final Redis client;
    private final int maxKeys;
    private final int maxBacklog;
    private final KvAcks acks;
    private final long durableWaitMs;
    private final boolean failMissesWhileRestoring;

    /** Without acknowledgements or restore checks (tests of the key bound). */
    public RedisKvStore(RedisDataSource redis, int maxKeys) {
        this(redis, maxKeys, 0, null, 0, false);
    }

    /**
     * {@code maxKeys}: keys a namespace may hold, 0 for no bound; {@code maxBacklog}: writes waiting for PostgreSQL
     * beyond which writes are refused, 0 for no bound; {@code acks} with {@code durableWaitMs} > 0: wait that long for
     * each write's acknowledgement (null: do not wait).
     */
    public RedisKvStore(RedisDataSource redis, int maxKeys, int maxBacklog, KvAcks acks, long durableWaitMs, boolean failMissesWhileRestoring) {
        if (maxKeys < 0 || maxBacklog < 0) {
            throw new IllegalArgumentException("max keys per namespace and max backlog must be 0 (no bound) or positive: " + maxKeys
                    + ", " + maxBacklog);
        }
        this.hashes = redis.getReactive().hash(String.class, String.class, byte[].class);
        this.keys = redis.getReactive().key(String.class);
        this.client = redis.getReactive().getRedis();
        this.maxKeys = maxKeys;
        this.maxBacklog = maxBacklog;
        this.acks = durableWaitMs > 0 ? acks : null;
        this.durableWaitMs = durableWaitMs;
        this.failMissesWhileRestoring = failMissesWhileRestoring;
    }

    @Override
    public CompletionStage<byte[]> get(String namespaceId, String key) {
        Uni<byte[]> value = bounded("get", hashes.hget(RedisLayout.kvKey(namespaceId), key));
        if (!failMissesWhileRestoring) {
            return value.subscribeAsCompletionStage();
        }
        return value.chain(found -> found != null ? Uni.createFrom().item(found)
                : bounded("get", keys.exists(RedisLayout.KV_RESTORED)).map(restored -> {
                    if (!restored) {
                        throw new Unavailable("KV get: the namespace is being restored from the platform database after Redis lost its"
                                + " data; retry in a moment");
                    }
                    return (byte[]) null;
                })).subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<Void> put(String namespaceId, String key, byte[] value) {
        return write(KvWrite.Op.PUT, namespaceId, key, value);
    }

    @Override
    public CompletionStage<Void> delete(String namespaceId, String key) {
        return write(KvWrite.Op.DELETE, namespaceId, key, new byte[0]);
    }

    private CompletionStage<Void> write(KvWrite.Op op, String namespaceId, String key, byte[] value) {
        KvAcks.Pending pending = acks == null ? null : acks.expect();
        Request request = Request.cmd(Command.EVAL).arg(KvWriteScript.SOURCE).arg(4);
        for (String k : KvWriteScript.keys(namespaceId)) {
            request.arg(k);
        }
        request.arg(op.wire()).arg(key).arg(Buffer.buffer(value)).arg(maxKeys).arg(namespaceId)
                .arg(pending == null ? "" : acks.writer()).arg(pending == null ? "0" : pending.ticket()).arg(maxBacklog);
        CompletableFuture<Void> done = bounded(op.wire(), client.send(request)).subscribeAsCompletionStage().thenCompose(reply -> {
            int status = reply.get(0).toInteger();
            if (status == KvWriteScript.FULL) {
                throw new Rejected("KV put: the namespace holds " + reply.get(1).toLong() + " keys, the limit is " + maxKeys
                        + " keys per namespace; delete keys first (updates of existing keys are allowed)");
            }
            if (status == KvWriteScript.BACKLOG) {
                throw new Unavailable("KV " + op.wire() + ": " + reply.get(1).toLong() + " writes wait to be persisted by the platform"
                        + " (the bound is " + maxBacklog + "); nothing was written, retry later");
            }
            return pending == null ? CompletableFuture.completedFuture(null) : awaitDurable(op, pending);
        });
        if (pending != null) {
            // whatever the outcome (refused, Redis failed, acknowledged, timed out), the ticket is no longer awaited
            done.whenComplete((ok, error) -> acks.forget(pending.ticket()));
        }
        return done;
    }

    private CompletableFuture<Void> awaitDurable(KvWrite.Op op, KvAcks.Pending pending) {
        return pending.durable().orTimeout(durableWaitMs, TimeUnit.MILLISECONDS).handle((ok, error) -> {
            if (error == null) {
                return null;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                throw new Unavailable("KV " + op.wire() + ": applied, but the platform did not confirm it durable within " + durableWaitMs
                        + " ms" + (acks.subscribed() ? "" : " (this node is not subscribed to its acknowledgements)")
                        + "; it may still be persisted, or lost if Redis loses its data first");
            }
            throw new Unavailable("KV " + op.wire() + ": " + cause.getMessage());
        });
    }

    @Override
    public CompletionStage<Collection<String>> keys(String namespaceId) {
        return bounded("list", hashes.hkeys(RedisLayout.kvKey(namespaceId))).map(list -> (Collection<String>) list)
                .subscribeAsCompletionStage();
    }

    /** {@code call} failing with {@link KvStore.Unavailable} when Redis does not answer within {@link #REDIS_TIMEOUT}. */
    private static <T> Uni<T> bounded(String op, Uni<T> call) {
        return call.ifNoItem().after(REDIS_TIMEOUT).failWith(() -> new Unavailable("KV " + op + ": Redis did not answer within "
                + REDIS_TIMEOUT.toSeconds() + " s"));
    }
}
