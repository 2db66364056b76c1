package io.edgeworks.api.analytics;

import io.edgeworks.bundle.AnalyticsBatch;
import io.edgeworks.bundle.AnalyticsCell;
import io.edgeworks.bundle.AnalyticsCodec;
import io.edgeworks.bundle.BundleFormatException;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Consumes the edge nodes' analytics stream ({@link RedisLayout#ANALYTICS_STREAM}) in the consumer group
 * {@link RedisLayout#ANALYTICS_GROUP}, so that API replicas share it and each entry is stored once:
 * <ol>
 *   <li>create the group if missing (from the stream's start: what edges sent before the first platform-api ran counts);</li>
 *   <li>take over entries another replica read but did not acknowledge within {@code platform.analytics.claim-idle}
 *       ({@code XAUTOCLAIM}: it died between reading and storing);</li>
 *   <li>read new entries ({@code XREADGROUP … >}), up to {@code read-count} per round;</li>
 *   <li>per entry, in one transaction: lock the cells' environments that no one else holds, without waiting
 *       ({@link AnalyticsRepository#lockEnvironments}), and add each of their cells to its (environment, version,
 *       minute) row ({@link AnalyticsRepository#add}) in environment-id, version order; then, one transaction each, the
 *       environments another transaction held, waited for while holding nothing (dropped if deleted meanwhile); then
 *       {@code XACK}. An entry is acknowledged only once stored; one that cannot be decoded, or whose minute lies
 *       outside the stored days, is logged and acknowledged (it would never store).</li>
 * </ol>
 * The lock order is what keeps the ingest out of deadlocks: a delete of an account, service or environment locks each
 * environment before it cascades to its rows, and an ingest transaction waits for an environment only when it holds
 * nothing (before, holding a row of one environment while waiting for another being deleted, PostgreSQL killed one
 * of the two, sometimes the user's {@code DELETE}). Replicas take rows in the same order, so they never wait in a cycle.
 * <p>
 * Delivery is at least once: a replica that dies after a commit and before the XACK makes another replica add that
 * entry's cells again (the minute is counted twice; rare, and visible only in that minute).
 */
@ApplicationScoped
class AnalyticsIngest {
    private static final Logger LOG = Logger.getLogger(AnalyticsIngest.class);

    private final Redis redis;
    private final Pool pool;
    private final AnalyticsRepository repository;
    private final AnalyticsConfig config;
    private final String consumer = "api-" + UUID.randomUUID();
    private volatile boolean groupReady;

    AnalyticsIngest(Redis redis, Pool pool, AnalyticsRepository repository, AnalyticsConfig config) {
        this.redis = redis;
        this.pool = pool;
        this.repository = repository;
        this.config = config;
    }

    /** One stream entry: its id and the batch JSON (null when the entry has no batch field). */
    record Entry(String id, String json) {
    }

    @Scheduled(identity = "analytics-ingest", every = "${platform.analytics.poll-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        if (!config.consume()) {
            return Uni.createFrom().voidItem();
        }
        return ensureGroup()
                .chain(() -> redis.send(Request.cmd(Command.XAUTOCLAIM).arg(RedisLayout.ANALYTICS_STREAM).arg(RedisLayout.ANALYTICS_GROUP)
                        .arg(consumer).arg(config.claimIdle().toMillis()).arg("0-0").arg("COUNT").arg(config.readCount())))
                .chain(claimed -> store(entries(claimed == null ? null : claimed.get(1))))
                .chain(this::readNew)
                .onFailure().recoverWithUni(e -> {
                    if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
                        groupReady = false;
                    }
                    LOG.warnf("analytics ingest: %s", e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Reads and stores new entries until a round returns fewer than {@code read-count} (at most 10 rounds per poll). */
    private Uni<Void> readNew() {
        return readRound(10);
    }

    private Uni<Void> readRound(int roundsLeft) {
        return redis.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(RedisLayout.ANALYTICS_GROUP).arg(consumer)
                        .arg("COUNT").arg(config.readCount()).arg("STREAMS").arg(RedisLayout.ANALYTICS_STREAM).arg(">"))
                .chain(reply -> {
                    List<Entry> entries = entries(streamEntries(reply));
                    Uni<Void> stored = store(entries);
                    return entries.size() < config.readCount() || roundsLeft <= 1 ? stored : stored.chain(() -> readRound(roundsLeft - 1));
                });
    }

    private Uni<Void> ensureGroup() {
        if (groupReady) {
            return Uni.createFrom().voidItem();
        }
        return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(RedisLayout.ANALYTICS_STREAM).arg(RedisLayout.ANALYTICS_GROUP)
                        .arg("0").arg("MKSTREAM"))
                .replaceWithVoid()
                .onFailure(e -> String.valueOf(e.getMessage()).contains("BUSYGROUP")).recoverWithNull().replaceWithVoid()
                .invoke(() -> groupReady = true);
    }

    /** XREADGROUP's reply: a map (RESP3) or an array of [stream, entries] pairs (RESP2); null when nothing is new. */
    private static Response streamEntries(Response reply) {
        if (reply == null || reply.size() == 0) {
            return null;
        }
        io.vertx.redis.client.Response core = reply.getDelegate();
        if (core.isMap()) {
            return reply.get(RedisLayout.ANALYTICS_STREAM);
        }
        return reply.get(0).get(1);
    }

    /** Entries as [id, [field, value, …]]; a deleted entry (trimmed away while pending) has no fields. */
    static List<Entry> entries(Response list) {
        List<Entry> entries = new ArrayList<>();
        if (list == null) {
            return entries;
        }
        for (Response item : list) {
            String id = item.get(0).toString();
            Response fields = item.get(1);
            String json = null;
            if (fields != null) {
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    if ("batch".equals(fields.get(i).toString())) {
                        json = fields.get(i + 1).toString();
                    }
                }
            }
            entries.add(new Entry(id, json));
        }
        return entries;
    }

    private Uni<Void> store(List<Entry> entries) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Entry entry : entries) {
            chain = chain.chain(() -> store(entry)).chain(() -> redis.send(Request.cmd(Command.XACK)
                    .arg(RedisLayout.ANALYTICS_STREAM).arg(RedisLayout.ANALYTICS_GROUP).arg(entry.id())).replaceWithVoid());
        }
        return chain;
    }

    Uni<Void> store(Entry entry) {
        AnalyticsBatch batch;
        try {
            batch = AnalyticsCodec.decode(entry.json());
        } catch (BundleFormatException e) {
            LOG.warnf("analytics entry %s dropped: %s", entry.id(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime minute = Instant.ofEpochMilli(batch.minute()).atOffset(ZoneOffset.UTC);
        Instant now = Instant.now();
        if (minute.toInstant().isBefore(now.minus(config.retention())) || minute.toInstant().isAfter(now.plus(AnalyticsPartitions.AHEAD))) {
            LOG.warnf("analytics batch of node %s for minute %s dropped: outside the stored days (clock skew?)", batch.node(), minute);
            return Uni.createFrom().voidItem();
        }
        List<AnalyticsCell> cells = new ArrayList<>();
        for (AnalyticsCell cell : batch.cells()) {
            if (cell.overflow()) {
                LOG.warnf("node %s counted %d requests of minute %s in its overflow cell (edge.analytics.max-cells reached)",
                        batch.node(), cell.requests(), minute);
            } else {
                cells.add(cell);
            }
        }
        if (cells.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // pass 1: the environments nobody holds, locked up front (never waiting), their cells in one order
        return pool.withTransaction(conn -> repository.lockEnvironments(conn, cells).chain(locked -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (AnalyticsCell cell : inLockOrder(cells, locked)) {
                chain = chain.chain(() -> repository.add(conn, cell, minute).replaceWithVoid());
            }
            return chain.replaceWith(locked);
        })).chain(locked -> {
            // pass 2: each environment another transaction held (being deleted, or a version being added), one per
            // transaction that waits for it holding nothing else; gone by then = deleted, its cells dropped
            Map<EnvironmentRef, List<AnalyticsCell>> waiting = new LinkedHashMap<>();
            for (AnalyticsCell cell : cells) {
                if (!locked.containsKey(cell.environment())) {
                    waiting.computeIfAbsent(cell.environment(), e -> new ArrayList<>()).add(cell);
                }
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (List<AnalyticsCell> ofOne : waiting.values()) {
                chain = chain.chain(() -> pool.withTransaction(conn -> repository.lockEnvironment(conn, ofOne.getFirst().environment())
                        .chain(id -> {
                            if (id == null) {
                                return Uni.createFrom().voidItem();
                            }
                            Uni<Void> adds = Uni.createFrom().voidItem();
                            for (AnalyticsCell cell : inLockOrder(ofOne, Map.of(ofOne.getFirst().environment(), id))) {
                                adds = adds.chain(() -> repository.add(conn, cell, minute).replaceWithVoid());
                            }
                            return adds;
                        })));
            }
            return chain;
        });
    }

    /**
     * The cells of {@code locked}'s environments ordered by environment id, then version: every ingest transaction takes
     * the rows of {@code analytics_minutes} in this one order, so two replicas storing batches of the same minute wait
     * for each other at most, never in a cycle.
     */
    static List<AnalyticsCell> inLockOrder(List<AnalyticsCell> cells, Map<EnvironmentRef, UUID> locked) {
        return cells.stream().filter(c -> locked.containsKey(c.environment()))
                .sorted(Comparator.comparing((AnalyticsCell c) -> locked.get(c.environment())).thenComparingInt(AnalyticsCell::version))
                .toList();
    }
}
