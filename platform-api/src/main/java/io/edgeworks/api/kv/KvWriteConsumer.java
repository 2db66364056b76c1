package io.edgeworks.api.kv;

import io.edgeworks.bundle.BundleFormatException;
import io.edgeworks.bundle.KvWrite;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Persists the KV writes of edge nodes (and, a second time, harmlessly, platform-api's own) from the stream
 * {@link RedisLayout#KV_WRITES} into PostgreSQL, in the consumer group {@link RedisLayout#KV_GROUP} that all replicas
 * share, so each entry is handled by one replica:
 * <ol>
 *   <li>create the group if missing (from the stream's start: after Redis lost its data, the writes made before the
 *       first read count);</li>
 *   <li>every {@code platform.kv.claim-idle}, take over entries another replica read but did not acknowledge for that
 *       long ({@code XAUTOCLAIM}: it died between reading and committing);</li>
 *   <li>read new entries ({@code XREADGROUP … BLOCK}: a write is picked up as soon as it is appended);</li>
 *   <li>commit the batch in one transaction ({@link KvValueRepository#applyAll}: last writer wins by version, so an
 *       entry handled twice changes nothing); should the batch fail, each write is tried alone and a write PostgreSQL
 *       refuses as data (SQL states 22, 23) is dropped with a log line, never acknowledged to its writer;</li>
 *   <li>{@code XACK} and {@code XDEL} the handled entries (the stream's length is the backlog), then publish each edge
 *       node's tickets on its {@link RedisLayout#kvAckChannel}: its workers' {@code put}/{@code delete} resolve. A write
 *       whose namespace PostgreSQL does not hold (deleted meanwhile) stored nothing and is not acknowledged.</li>
 * </ol>
 * Runs on a thread of its own (the blocking read holds one Redis connection of the "kv" client while it waits).
 */
@ApplicationScoped
class KvWriteConsumer {
    private static final Logger LOG = Logger.getLogger(KvWriteConsumer.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final Redis redis;
    private final KvValueRepository repository;
    private final KvConfig config;
    private final String consumer = "api-" + UUID.randomUUID();
    private volatile boolean running;
    private Thread thread;
    private boolean groupReady;
    private long lastClaimNanos;

    KvWriteConsumer(@RedisClientName("kv") ReactiveRedisDataSource redis, KvValueRepository repository, KvConfig config) {
        this.redis = redis.getRedis();
        this.repository = repository;
        this.config = config;
    }

    static boolean enabled(KvConfig config) {
        return config.durabilityEnabled().orElse(LaunchMode.current() != LaunchMode.TEST);
    }

    void start(@Observes StartupEvent event) {
        if (!enabled(config)) {
            LOG.info("KV write stream consumer and restore off in this instance (platform.kv.durability-enabled)");
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("edgeworks-kv-writes").daemon().start(this::loop);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void loop() {
        int failures = 0;
        while (running) {
            try {
                round();
                failures = 0;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
                    groupReady = false; // Redis lost the stream and its group: create them again
                }
                failures++;
                if (failures % 10 == 1) {
                    LOG.warnf("KV write stream: %s (failure %d; retrying)", e.getMessage(), failures);
                }
                sleep(Math.min(2000, 100L * failures));
            }
        }
    }

    /**
     * One round: the group, claims when due, then one blocking read. Tests drive rounds themselves (the thread is off in
     * the test launch mode). A group Redis lost (FLUSHALL) is created again and the round retried once.
     */
    void round() {
        try {
            roundOnce();
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("NOGROUP")) {
                throw e;
            }
            groupReady = false;
            roundOnce();
        }
    }

    private void roundOnce() {
        ensureGroup();
        if (System.nanoTime() - lastClaimNanos > config.claimIdle().toNanos() / 2) {
            lastClaimNanos = System.nanoTime();
            Response claimed = send(Request.cmd(Command.XAUTOCLAIM).arg(RedisLayout.KV_WRITES).arg(RedisLayout.KV_GROUP).arg(consumer)
                    .arg(config.claimIdle().toMillis()).arg("0-0").arg("COUNT").arg(config.readCount()));
            if (claimed != null) {
                handle(claimed.get(1));
                if (claimed.size() > 2 && claimed.get(2) != null && claimed.get(2).size() > 0) {
                    List<String> gone = new ArrayList<>();
                    for (Response id : claimed.get(2)) {
                        gone.add(id.toString());
                    }
                    acknowledge(gone);
                }
            }
        }
        Response reply = send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(RedisLayout.KV_GROUP).arg(consumer)
                .arg("COUNT").arg(config.readCount()).arg("BLOCK").arg(config.readBlock().toMillis())
                .arg("STREAMS").arg(RedisLayout.KV_WRITES).arg(">"));
        handle(streamEntries(reply));
    }

    private void ensureGroup() {
        if (groupReady) {
            return;
        }
        try {
            send(Request.cmd(Command.XGROUP).arg("CREATE").arg(RedisLayout.KV_WRITES).arg(RedisLayout.KV_GROUP).arg("0").arg("MKSTREAM"));
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
                throw e;
            }
        }
        groupReady = true;
    }

    /** XREADGROUP's reply: a map (RESP3) or an array of [stream, entries] pairs (RESP2); null when nothing is new. */
    private static Response streamEntries(Response reply) {
        if (reply == null || reply.size() == 0) {
            return null;
        }
        if (reply.getDelegate().isMap()) {
            return reply.get(RedisLayout.KV_WRITES);
        }
        return reply.get(0).get(1);
    }

    /** Persists a list of entries [id, [field, value, …]] and acknowledges what was handled. */
    private void handle(Response entries) {
        if (entries == null || entries.size() == 0) {
            return;
        }
        List<KvWrite> writes = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Response item : entries) {
            String id = item.get(0).toString();
            Response fields = item.get(1);
            if (fields == null) { // deleted while pending (Redis 6.2 XAUTOCLAIM)
                dropped.add(id);
                continue;
            }
            Map<String, byte[]> map = new HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                map.put(fields.get(i).toString(), fields.get(i + 1).toBytes());
            }
            try {
                writes.add(KvWrite.decode(id, map));
            } catch (BundleFormatException e) {
                LOG.warnf("KV write entry %s dropped: %s", id, e.getMessage());
                dropped.add(id);
            }
        }
        List<KvWrite> persisted = persist(writes, dropped);
        List<String> handled = new ArrayList<>(dropped);
        persisted.forEach(w -> handled.add(w.version().toString()));
        acknowledge(handled);
        Map<String, List<String>> tickets = new LinkedHashMap<>();
        Set<UUID> known = persisted.stream().anyMatch(KvWrite::acknowledged)
                ? repository.existing(persisted.stream().map(KvWrite::namespace).collect(Collectors.toSet())).await().atMost(STEP_TIMEOUT)
                : Set.of();
        for (KvWrite write : persisted) {
            // a write of a namespace PostgreSQL does not have (deleted meanwhile, or another platform's) stored nothing
            if (write.acknowledged() && known.contains(write.namespace())) {
                tickets.computeIfAbsent(write.writer(), w -> new ArrayList<>()).add(write.ticket());
            }
        }
        tickets.forEach((writer, list) -> {
            try {
                send(Request.cmd(Command.PUBLISH).arg(RedisLayout.kvAckChannel(writer)).arg(KvWrite.ackMessage(list)));
            } catch (BundleFormatException e) {
                LOG.warnf("KV writes of writer '%s' are persisted but cannot be acknowledged: %s", writer, e.getMessage());
            }
        });
    }

    /** Commits the writes: as one batch, else one by one. Answers those committed; adds refused ones to {@code dropped}. */
    private List<KvWrite> persist(List<KvWrite> writes, List<String> dropped) {
        if (writes.isEmpty()) {
            return writes;
        }
        try {
            repository.pool().withTransaction(conn -> repository.applyAll(conn, writes)).await().atMost(STEP_TIMEOUT);
            return writes;
        } catch (RuntimeException batchFailure) {
            List<KvWrite> persisted = new ArrayList<>();
            for (KvWrite write : writes) {
                try {
                    repository.apply(repository.pool(), write.namespace(), write.key(), write.value(), write.version()).await().atMost(STEP_TIMEOUT);
                    persisted.add(write);
                } catch (RuntimeException e) {
                    if (e instanceof PgException pg && pg.getSqlState() != null && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"))) {
                        LOG.warnf("KV write %s dropped: PostgreSQL refuses it (%s)", write, pg.getMessage());
                        dropped.add(write.version().toString());
                    } else {
                        // PostgreSQL unreachable: acknowledge what went through, leave the rest pending (claimed again later)
                        acknowledge(new ArrayList<>(dropped));
                        dropped.clear();
                        throw e;
                    }
                }
            }
            return persisted;
        }
    }

    private void acknowledge(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Request ack = Request.cmd(Command.XACK).arg(RedisLayout.KV_WRITES).arg(RedisLayout.KV_GROUP);
        Request del = Request.cmd(Command.XDEL).arg(RedisLayout.KV_WRITES);
        for (String id : ids) {
            ack.arg(id);
            del.arg(id);
        }
        send(ack);
        send(del);
    }

    private Response send(Request request) {
        return redis.send(request).await().atMost(STEP_TIMEOUT.plus(config.readBlock()));
    }

    /** Hourly: tombstones older than {@code platform.kv.tombstone-retention} go (only one replica needs to, any may). */
    @Scheduled(identity = "kv-tombstones", every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeTombstones() {
        if (!enabled(config)) {
            return Uni.createFrom().voidItem();
        }
        return repository.purgeTombstones(config.tombstoneRetention())
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("purged %d KV tombstones older than %s", n, config.tombstoneRetention());
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("KV tombstone purge: %s", e.getMessage());
                    return 0;
                })
                .replaceWithVoid();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
