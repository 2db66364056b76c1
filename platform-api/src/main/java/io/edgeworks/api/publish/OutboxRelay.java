package io.edgeworks.api.publish;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Publishes from the outbox to Redis, one publication per call, each in its own PostgreSQL
 * transaction: claim the oldest unpublished row ({@code for update skip locked}), take the account's
 * advisory lock, claim all its pending rows, read the account, build and sign its bundles, give its
 * manifest a sequence (unchanged content keeps its number, anything else takes a new, higher one) and sign
 * it, reconcile Redis in one script, mark the rows published, commit. If Redis fails, the transaction rolls back and
 * the rows stay for a retry. Safe to call concurrently, also from several API replicas.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** What one call did. {@code account} is the slug (or "" for a whole-state publication), {@code sequence} 0 when Redis needed no change. */
    public record Outcome(Kind kind, String account, long sequence) {
        public enum Kind { IDLE, PUBLISHED }

        static final Outcome IDLE = new Outcome(Kind.IDLE, "", 0);
    }

    /** A publication failed; {@code account} says which rows to back off ("" for whole-state rows). */
    public static final class PublicationException extends RuntimeException {
        private final String account;

        PublicationException(String account, Throwable cause) {
            super((account.isEmpty() ? "whole-state publication" : "publication of account '" + account + "'")
                    + " failed: " + cause.getMessage(), cause);
            this.account = account;
        }

        public String account() {
            return account;
        }

        public boolean stateLost() {
            return getCause() instanceof RedisPublisher.StateLostException;
        }
    }

    private final Pool pool;
    private final PublishRepository repository;
    private final BundleBuilder builder;
    private final RedisPublisher redis;

    OutboxRelay(Pool pool, PublishRepository repository, BundleBuilder builder, RedisPublisher redis) {
        this.pool = pool;
        this.repository = repository;
        this.builder = builder;
        this.redis = redis;
    }

    /**
     * Publishes the oldest pending change whose account is not in {@code skip}.
     * Fails with {@link PublicationException}.
     */
    public Uni<Outcome> publishNext(List<String> skip) {
        return pool.withTransaction(conn -> repository.claimOldest(conn, skip).chain(claim -> {
            if (claim.isEmpty()) {
                return Uni.createFrom().item(Outcome.IDLE);
            }
            if (claim.get().full()) {
                return publishAllRows(conn).onFailure().transform(e -> new PublicationException("", e));
            }
            String slug = claim.get().slug();
            if (slug == null) {
                LOG.warnf("outbox row %d names no account that exists; marking it published", claim.get().id());
                return repository.markPublished(conn, List.of(claim.get().id()), 0).replaceWith(new Outcome(Outcome.Kind.PUBLISHED, "", 0));
            }
            return publishAccount(conn, slug, new Laps(claim.get().waitedMs()))
                    .onFailure().transform(e -> new PublicationException(slug, e));
        }));
    }

    /**
     * Rebuilds the whole published state from PostgreSQL: with {@link RedisPublisher.Mode#IF_LOST} only
     * when Redis lost it (and only one replica at a time does it), with {@code RECONCILE} to converge
     * whatever differs. Returns the new sequence, or 0 when nothing was done.
     *
     * <p>{@code IF_LOST} asks Redis first ({@link #health}, two commands) and reads nothing when the state is there: every
     * replica does this at start, and building and signing every account's bundles only for the script to find them
     * published made a replica's start cost grow with the platform's size and kept its relay busy meanwhile (its
     * account rows waited). The script still decides atomically, so a state lost between the check and the script is
     * rebuilt by the next check.
     */
    public Uni<Long> republishAll(RedisPublisher.Mode mode) {
        Uni<Boolean> needed = mode == RedisPublisher.Mode.IF_LOST
                ? health().map(health -> health == RedisPublisher.Health.LOST)
                : Uni.createFrom().item(true);
        return needed.chain(rebuild -> !rebuild ? Uni.createFrom().item(0L)
                : pool.withTransaction(conn -> repository.tryLockAll(conn).chain(locked -> !locked
                        ? Uni.createFrom().item(0L)
                        : repository.owner(conn).chain(owner -> publishEverything(conn, owner, mode)))));
    }

    /** Whether Redis still holds the state PostgreSQL says was published (or someone else's). */
    public Uni<RedisPublisher.Health> health() {
        return pool.withConnection(conn -> repository.owner(conn)).chain(redis::health);
    }

    private Uni<Outcome> publishAccount(SqlConnection conn, String slug, Laps laps) {
        return repository.lockAccount(conn, slug)
                .chain(() -> repository.claimAccountRows(conn, slug))
                .invoke(() -> laps.lap("lock"))
                .chain(ids -> repository.owner(conn)
                        .chain(owner -> read(c -> repository.loadAccount(c, slug))
                                .invoke(() -> laps.lap("read"))
                                // signing and sealing are CPU work: keep them off the event loop
                                .emitOn(Infrastructure.getDefaultWorkerPool())
                                .map(builder::draft)
                                .invoke(() -> laps.lap("build"))
                                .chain(draft -> sign(conn, slug, draft))
                                .invoke(() -> laps.lap("sign"))
                                .chain(publication -> redis.publishAccount(publication, owner))
                                .invoke(() -> laps.lap("redis")))
                        .call(sequence -> repository.markPublished(conn, ids, sequence))
                        .map(sequence -> {
                            laps.lap("mark");
                            LOG.debugf("published account %s (outbox rows %s) at sequence %d: %s", slug, ids, sequence, laps);
                            return new Outcome(Outcome.Kind.PUBLISHED, slug, sequence);
                        }));
    }

    /**
     * Where one publication's time went, for its DEBUG line (how to read a slow deploy): the outbox row's age when the
     * relay claimed it, then each step in ms: lock (the account's lock and rows), read (the account, on a second
     * connection), build (bundles built, sealed and signed), sign (the manifest's sequence and signature), redis (the
     * script), mark (the rows marked; the commit follows).
     */
    static final class Laps {
        private static final int MAX = 8;
        private final double waitedMs;
        private final String[] names = new String[MAX];
        private final long[] at = new long[MAX + 1];
        private int count;

        Laps(double waitedMs) {
            this.waitedMs = waitedMs;
            at[0] = System.nanoTime();
        }

        /** Records the end of {@code step} (formatted only when the line is logged). */
        void lap(String step) {
            if (count < MAX) {
                names[count] = step;
                at[++count] = System.nanoTime();
            }
        }

        @Override
        public String toString() {
            StringBuilder steps = new StringBuilder();
            for (int i = 0; i < count; i++) {
                steps.append(i == 0 ? "" : ", ").append(names[i]).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.1f", (at[i + 1] - at[i]) / 1e6));
            }
            return String.format(java.util.Locale.ROOT, "row written %.1f ms before the claim; ms: %s", waitedMs, steps);
        }
    }

    private Uni<Outcome> publishAllRows(SqlConnection conn) {
        return repository.claimFullRows(conn)
                .chain(ids -> repository.owner(conn)
                        .chain(owner -> publishEverything(conn, owner, RedisPublisher.Mode.FULL))
                        .call(sequence -> repository.markPublished(conn, ids, sequence))
                        .map(sequence -> new Outcome(Outcome.Kind.PUBLISHED, "", sequence)));
    }

    /** Signs every account's draft, one after the other on the relay's connection. */
    private Uni<Map<String, AccountPublication>> signAll(SqlConnection conn, Map<String, Optional<BundleBuilder.Draft>> drafts) {
        Map<String, AccountPublication> signed = new TreeMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, Optional<BundleBuilder.Draft>> entry : drafts.entrySet()) {
            chain = chain.chain(() -> sign(conn, entry.getKey(), entry.getValue()).invoke(p -> signed.put(entry.getKey(), p)).replaceWithVoid());
        }
        return chain.replaceWith(signed);
    }

    /**
     * Reads on a second connection in one repeatable-read snapshot, taken now: after this transaction
     * holds the account's lock and its outbox rows, so the snapshot includes every change those rows announce.
     */
    private <T> Uni<T> read(java.util.function.Function<SqlConnection, Uni<T>> query) {
        return pool.withTransaction(c -> repository.snapshot(c).chain(() -> query.apply(c)));
    }

    /**
     * Gives the draft its manifest sequence (the recorded one when the content did not change, else a new
     * one: {@link PublishRepository#manifestSequence}) and signs it; no draft means "remove the manifest".
     */
    private Uni<AccountPublication> sign(SqlConnection conn, String slug, Optional<BundleBuilder.Draft> draft) {
        if (draft.isEmpty()) {
            return Uni.createFrom().item(AccountPublication.none(slug));
        }
        return repository.manifestSequence(conn, slug, draft.get().contentDigest())
                .map(sequence -> builder.sign(draft.get(), sequence));
    }

    private Uni<Long> publishEverything(SqlConnection conn, StateOwner owner, RedisPublisher.Mode mode) {
        return read(repository::loadAll)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(accounts -> {
                    Map<String, Optional<BundleBuilder.Draft>> drafts = new TreeMap<>();
                    accounts.forEach((slug, account) -> drafts.put(slug, builder.draft(Optional.of(account))));
                    return drafts;
                })
                .chain(drafts -> signAll(conn, drafts))
                .chain(states -> redis.publishAll(states, owner, mode))
                .call(sequence -> repository.markPublished(conn, List.of(), sequence))
                .invoke(sequence -> {
                    if (sequence > 0) {
                        LOG.infof("republished the whole state (%s) at sequence %d", mode, sequence);
                    }
                });
    }
}
