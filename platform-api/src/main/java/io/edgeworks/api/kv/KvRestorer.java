package io.edgeworks.api.kv;

import io.edgeworks.bundle.KvVersion;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Puts PostgreSQL's KV values back into Redis when Redis may no longer hold them. Every
 * {@code platform.kv.restore-check-interval} each replica compares {@link RedisLayout#KV_RESTORED} with the {@code run_id}
 * of the Redis server it talks to: equal means this server's hashes were restored (or written since) and are intact.
 * Absent (FLUSHALL, a restart without persistence: as the published state's epoch check) or another run id (a failover to
 * a replica that may lack the primary's last writes, a restart that replayed a stale AOF) means: restore. One replica at
 * a time ({@link RedisLayout#KV_RESTORE_LOCK}, renewed by every batch; a replica that loses it stops):
 * <ol>
 *   <li>delete {@code KV_RESTORED}: from now on {@link io.edgeworks.bundle.KvWriteScript} records each written key in
 *       the namespace's touched hash, reads that miss answer "restoring" (edge) or read PostgreSQL (API);</li>
 *   <li>mark the keys of every write still waiting in the stream as touched (Redis holds a newer value than PostgreSQL
 *       for them until the consumer persists them);</li>
 *   <li>create the stream and its group if missing, and move the stream's last id past the highest version PostgreSQL
 *       holds ({@code XSETID}), so new writes outrank every persisted one even if Redis restarted with an older id;</li>
 *   <li>the first time ever (table {@code kv_redis_import} empty): copy what Redis holds into PostgreSQL first, at version
 *       0-0 and without overwriting (values written before durable KV existed);</li>
 *   <li>per namespace: write PostgreSQL's live values into the hash in batches of about {@code restore-batch-bytes},
 *       skipping touched keys; then delete the hash's keys PostgreSQL does not hold (deleted, or never persisted),
 *       again skipping touched keys;</li>
 *   <li>set {@code KV_RESTORED} to the run id and drop the touched hashes, atomically with the lock check.</li>
 * </ol>
 * A restore interrupted half way (the replica died, Redis went away) leaves {@code KV_RESTORED} absent, so the next check,
 * on any replica, starts it again.
 */
@ApplicationScoped
class KvRestorer {
    private static final Logger LOG = Logger.getLogger(KvRestorer.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final int KEY_PAGE = 1000;
    static final String NO_RUN_ID = "unknown-run-id";

    /** KEYS: restored marker. ARGV: run id. 0 when already restored for this run id, else deletes the marker. */
    static final String BEGIN = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return 0
            end
            redis.call('DEL', KEYS[1])
            return 1
            """;

    /** KEYS: stream. ARGV: start (inclusive, or '(' exclusive), count, touched-hash prefix. Answers {entries seen, last id}. */
    static final String TOUCH_PENDING = """
            local entries = redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', tonumber(ARGV[2]))
            local last = ''
            for _, e in ipairs(entries) do
              last = e[1]
              local f = e[2]
              local ns, key
              for i = 1, #f, 2 do
                if f[i] == 'ns' then ns = f[i + 1] elseif f[i] == 'key' then key = f[i + 1] end
              end
              if ns and key then
                local touched = ARGV[3] .. ns
                redis.call('HSET', touched, key, '1')
                redis.call('EXPIRE', touched, 86400)
              end
            end
            return {#entries, last}
            """;

    /** KEYS: stream. ARGV: ms, seq. Moves the stream's last generated id up to ms-seq when it is below. */
    static final String RAISE_LAST_ID = """
            local info = redis.call('XINFO', 'STREAM', KEYS[1])
            local last = '0-0'
            for i = 1, #info, 2 do
              if info[i] == 'last-generated-id' then last = info[i + 1] end
            end
            local lm, ls = string.match(last, '(%d+)-(%d+)')
            local tm, ts = tonumber(ARGV[1]), tonumber(ARGV[2])
            if tonumber(lm) < tm or (tonumber(lm) == tm and tonumber(ls) < ts) then
              redis.call('XSETID', KEYS[1], ARGV[1] .. '-' .. ARGV[2])
              return 1
            end
            return 0
            """;

    /** KEYS: hash, touched hash, lock. ARGV: owner, lock ttl ms, then key, value pairs. -1 when the lock is lost, else keys written. */
    static final String APPLY = """
            if redis.call('GET', KEYS[3]) ~= ARGV[1] then
              return -1
            end
            redis.call('PEXPIRE', KEYS[3], ARGV[2])
            local n = 0
            for i = 3, #ARGV, 2 do
              if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 0 then
                redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
                n = n + 1
              end
            end
            return n
            """;

    /** KEYS: hash, touched hash, lock. ARGV: owner, lock ttl ms, then keys. -1 when the lock is lost, else keys deleted. */
    static final String REMOVE = """
            if redis.call('GET', KEYS[3]) ~= ARGV[1] then
              return -1
            end
            redis.call('PEXPIRE', KEYS[3], ARGV[2])
            local n = 0
            for i = 3, #ARGV do
              if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 0 then
                n = n + redis.call('HDEL', KEYS[1], ARGV[i])
              end
            end
            return n
            """;

    /** KEYS: lock, restored marker. ARGV: owner, run id, then touched hashes to drop. 1 when done, 0 when the lock was lost. */
    static final String FINISH = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then
              return 0
            end
            redis.call('SET', KEYS[2], ARGV[2])
            for i = 3, #ARGV do
              redis.call('DEL', ARGV[i])
            end
            redis.call('DEL', KEYS[1])
            return 1
            """;

    /** KEYS: lock. ARGV: owner. Releases the lock when it is still ours. */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final Redis redis;
    private final KvValueRepository repository;
    private final KvConfig config;
    private final String owner = "api-" + UUID.randomUUID();
    private ScheduledExecutorService executor;
    private int failures;
    private boolean infoDenied;

    KvRestorer(@RedisClientName("kv") ReactiveRedisDataSource redis, KvValueRepository repository, KvConfig config) {
        this.redis = redis.getRedis();
        this.repository = repository;
        this.config = config;
    }

    /** What a restore did: keys written into Redis, keys deleted from it, namespaces, keys imported from Redis, time taken. */
    record Outcome(long written, long removed, int namespaces, long imported, long millis) {
    }

    void start(@Observes StartupEvent event) {
        if (!KvWriteConsumer.enabled(config)) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("edgeworks-kv-restore").daemon().factory());
        long every = config.restoreCheckInterval().toMillis();
        executor.scheduleWithFixedDelay(this::check, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void check() {
        try {
            checkNow();
            failures = 0;
        } catch (RuntimeException e) {
            failures++;
            if (failures % 10 == 1) {
                LOG.warnf("KV restore check: %s (failure %d; retrying every %s)", e.getMessage(), failures, config.restoreCheckInterval());
            }
        }
    }

    /** Restores when Redis needs it and no other replica is at it; null when nothing was done. */
    Outcome checkNow() {
        String runId = runId();
        Response marker = send(Request.cmd(Command.GET).arg(RedisLayout.KV_RESTORED));
        if (marker != null && runId.equals(marker.toString())) {
            return null;
        }
        return restore(runId);
    }

    private Outcome restore(String runId) {
        Response locked = send(Request.cmd(Command.SET).arg(RedisLayout.KV_RESTORE_LOCK).arg(owner).arg("NX").arg("PX")
                .arg(config.restoreLockTtl().toMillis()));
        if (locked == null) {
            return null; // another replica restores
        }
        long started = System.nanoTime();
        try {
            if (eval(BEGIN, List.of(RedisLayout.KV_RESTORED), List.of(runId)).toInteger() == 0) {
                return null;
            }
            LOG.warn("Redis lacks the restored KV values (flushed, restarted or failed over): restoring them from PostgreSQL");
            touchPending();
            raiseStreamId();
            long imported = 0;
            if (!await(repository.imported())) {
                imported = importFromRedis();
                await(repository.markImported());
            }
            List<UUID> namespaces = await(repository.namespaceIds());
            long written = 0;
            long removed = 0;
            for (UUID ns : namespaces) {
                long[] counts = restoreNamespace(ns);
                written += counts[0];
                removed += counts[1];
            }
            List<String> args = new ArrayList<>(List.of(owner, runId));
            namespaces.forEach(ns -> args.add(RedisLayout.kvTouchedKey(ns.toString())));
            if (eval(FINISH, List.of(RedisLayout.KV_RESTORE_LOCK, RedisLayout.KV_RESTORED), args).toInteger() == 0) {
                throw new IllegalStateException("lost the restore lock before the end (platform.kv.restore-lock-ttl too short?)");
            }
            Outcome outcome = new Outcome(written, removed, namespaces.size(), imported, (System.nanoTime() - started) / 1_000_000);
            LOG.infof("KV restored from PostgreSQL: %d keys written and %d removed in %d namespaces in %d ms%s", written, removed,
                    namespaces.size(), outcome.millis(), imported > 0 ? " (" + imported + " values imported from Redis first)" : "");
            return outcome;
        } finally {
            try {
                eval(RELEASE, List.of(RedisLayout.KV_RESTORE_LOCK), List.of(owner));
            } catch (RuntimeException e) {
                LOG.debugf("KV restore lock not released (it expires): %s", e.getMessage());
            }
        }
    }

    private void touchPending() {
        String start = "-";
        while (true) {
            Response reply = eval(TOUCH_PENDING, List.of(RedisLayout.KV_WRITES), List.of(start, "1000", RedisLayout.KV_TOUCHED_PREFIX));
            if (reply.get(0).toInteger() < 1000) {
                return;
            }
            start = "(" + reply.get(1).toString();
        }
    }

    private void raiseStreamId() {
        try {
            send(Request.cmd(Command.XGROUP).arg("CREATE").arg(RedisLayout.KV_WRITES).arg(RedisLayout.KV_GROUP).arg("0").arg("MKSTREAM"));
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
                throw e;
            }
        }
        KvVersion max = await(repository.maxVersion());
        if (max != null) {
            eval(RAISE_LAST_ID, List.of(RedisLayout.KV_WRITES), List.of(String.valueOf(max.millis()), String.valueOf(max.sequence())));
        }
    }

    /** Copies every value Redis holds for a known namespace into PostgreSQL, without overwriting (first start only). */
    private long importFromRedis() {
        long imported = 0;
        for (UUID ns : await(repository.namespaceIds())) {
            String cursor = "0";
            do {
                Response reply = send(Request.cmd(Command.HSCAN).arg(RedisLayout.kvKey(ns.toString())).arg(cursor).arg("COUNT").arg(500));
                cursor = reply.get(0).toString();
                Response pairs = reply.get(1);
                List<KvValueRepository.Entry> entries = new ArrayList<>();
                for (int i = 0; i + 1 < pairs.size(); i += 2) {
                    entries.add(new KvValueRepository.Entry(pairs.get(i).toBytes(), pairs.get(i + 1).toBytes()));
                }
                await(repository.importValues(ns, entries));
                imported += entries.size();
            } while (!"0".equals(cursor));
        }
        return imported;
    }

    /** Answers {keys written, keys removed}. */
    private long[] restoreNamespace(UUID ns) {
        String hash = RedisLayout.kvKey(ns.toString());
        String touched = RedisLayout.kvTouchedKey(ns.toString());
        Set<String> stored = new HashSet<>();
        long written = 0;
        byte[] after = null;
        while (true) {
            List<KvValueRepository.StoredKey> page = await(repository.keysAfter(ns, after, KEY_PAGE));
            if (page.isEmpty()) {
                break;
            }
            List<byte[]> batch = new ArrayList<>();
            long bytes = 0;
            for (KvValueRepository.StoredKey key : page) {
                stored.add(key.text());
                if (!batch.isEmpty() && bytes + key.length() > config.restoreBatchBytes()) {
                    written += apply(ns, hash, touched, batch);
                    batch = new ArrayList<>();
                    bytes = 0;
                }
                batch.add(key.key());
                bytes += key.length() + key.key().length;
            }
            written += apply(ns, hash, touched, batch);
            if (page.size() < KEY_PAGE) {
                break;
            }
            after = page.getLast().key();
        }
        long removed = 0;
        Response fields = send(Request.cmd(Command.HKEYS).arg(hash));
        List<String> extra = new ArrayList<>();
        if (fields != null) {
            for (Response field : fields) {
                String key = field.toString();
                if (!stored.contains(key)) {
                    extra.add(key);
                }
            }
        }
        for (int i = 0; i < extra.size(); i += KEY_PAGE) {
            List<String> args = new ArrayList<>(List.of(owner, String.valueOf(config.restoreLockTtl().toMillis())));
            args.addAll(extra.subList(i, Math.min(extra.size(), i + KEY_PAGE)));
            removed += locked(eval(REMOVE, List.of(hash, touched, RedisLayout.KV_RESTORE_LOCK), args).toLong());
        }
        return new long[]{written, removed};
    }

    private long apply(UUID ns, String hash, String touched, List<byte[]> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        List<KvValueRepository.Entry> values = await(repository.values(ns, keys));
        if (values.isEmpty()) {
            return 0;
        }
        Request request = Request.cmd(Command.EVAL).arg(APPLY).arg(3).arg(hash).arg(touched).arg(RedisLayout.KV_RESTORE_LOCK)
                .arg(owner).arg(config.restoreLockTtl().toMillis());
        for (KvValueRepository.Entry entry : values) {
            request.arg(Buffer.buffer(entry.key())).arg(Buffer.buffer(entry.value()));
        }
        return locked(send(request).toLong());
    }

    private static long locked(long result) {
        if (result < 0) {
            throw new IllegalStateException("lost the KV restore lock to another replica (platform.kv.restore-lock-ttl too short?)");
        }
        return result;
    }

    /**
     * The run id of the Redis server the "kv" client talks to ({@code INFO server}). A Redis user denied INFO (an ACL with
     * {@code -@dangerous} and no {@code +info}) gets {@value #NO_RUN_ID}: a restore then follows a data loss only, not a
     * failover or a restart that kept stale data.
     */
    private String runId() {
        String info;
        try {
            info = send(Request.cmd(Command.INFO).arg("server")).toString();
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("NOPERM")) {
                throw e;
            }
            if (!infoDenied) {
                infoDenied = true;
                LOG.warnf("the KV Redis user may not run INFO (%s): KV is restored after a data loss only, not after a failover;"
                        + " allow it (+info in the user's ACL)", e.getMessage());
            }
            return NO_RUN_ID;
        }
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).trim();
            }
        }
        throw new IllegalStateException("INFO server has no run_id line (is INFO allowed for this Redis user?)");
    }

    private Response eval(String script, List<String> keys, List<String> args) {
        Request request = Request.cmd(Command.EVAL).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return send(request);
    }

    private Response send(Request request) {
        return redis.send(request).await().atMost(STEP_TIMEOUT);
    }

    private static <T> T await(io.smallrye.mutiny.Uni<T> uni) {
        return uni.await().atMost(STEP_TIMEOUT);
    }
}
