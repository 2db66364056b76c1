package io.edgeworks.api.quota;

import io.edgeworks.api.common.Rows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The queries behind {@link Quotas}: counts under a transaction-scoped advisory lock, the deploy window, pruning, tombstones. */
@ApplicationScoped
class QuotaRepository {

    /**
     * Serialises the transactions that check the same quota (key e.g. {@code services:<account id>}) until they
     * end, so two concurrent creates cannot both see room for one. Run the count in a later statement: under
     * READ COMMITTED each statement sees what committed before it started.
     */
    Uni<Void> lock(String key) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select count(*) from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) locked", Long.class)
                .setParameter("key", "quota:" + key)
                .getSingleResult())
                .replaceWithVoid();
    }

    /** {@code select count(*) ... where <column> = :scope}. */
    Uni<Long> count(String sql, Object scope) {
        return Panache.getSession().chain(s -> s.createNativeQuery(sql, Long.class)
                .setParameter("scope", scope)
                .getSingleResult())
                .map(Rows::longValue);
    }

    Uni<UUID> accountOfEnvironment(UUID environmentId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select s.account_id from environments e join services s on s.id = e.service_id where e.id = :environment",
                        Object.class)
                .setParameter("environment", environmentId)
                .getSingleResult())
                .map(Rows::uuid);
    }

    /** Deployments of an account in the last {@code seconds}, and seconds until the oldest of them leaves the window. */
    record Window(long count, long retryAfterSeconds) {
    }

    Uni<Window> deploymentsWithin(UUID accountId, int seconds) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select count(*), cast(coalesce(ceil(extract(epoch from min(d.created_at) "
                                + "+ make_interval(secs => cast(:seconds as integer)) - now())), 0) as bigint) "
                                + "from deployments d join environments e on e.id = d.environment_id "
                                + "join services s on s.id = e.service_id "
                                + "where s.account_id = :account and d.created_at > now() - make_interval(secs => cast(:seconds as integer))",
                        Object[].class)
                .setParameter("account", accountId)
                .setParameter("seconds", seconds)
                .getSingleResult())
                .map(r -> new Window(Rows.longValue(r[0]), Rows.longValue(r[1])));
    }

    /**
     * Deletes the versions of the environment older than its newest {@code keep} numbers that none of its last
     * {@code window} deployments (the current one included) uses and that no service binding of the account pins
     * (a binding to this service with that {@code version}, whatever environment it reaches: kept generously, as a
     * following binding's environment changes with the graph); answers their numbers.
     */
    Uni<List<Integer>> pruneVersions(UUID environmentId, int keep, int window) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "delete from versions v where v.environment_id = :environment "
                                + "and v.number <= (select latest_version from environments where id = :environment) - :keep "
                                + "and v.number not in (select cast(x->>'number' as integer) from "
                                + "(select versions from deployments where environment_id = :environment order by seq desc limit :window) d "
                                + "cross join lateral jsonb_array_elements(d.versions) x) "
                                + "and not exists (select 1 from environments me join services ms on ms.id = me.service_id "
                                + "join services os on os.account_id = ms.account_id join environments oe on oe.service_id = os.id "
                                + "join versions ov on ov.environment_id = oe.id cross join lateral jsonb_array_elements(ov.bindings) b "
                                + "where me.id = :environment and b->>'type' = 'service' and b->>'service' = ms.name "
                                + "and b->>'version' = cast(v.number as text)) "
                                + "returning v.number", Integer.class)
                .setParameter("environment", environmentId)
                .setParameter("keep", keep)
                .setParameter("window", window)
                .getResultList())
                .map(rows -> rows.stream().map(Rows::integer).sorted().toList());
    }

    /** A blocked slug: until when, and whether {@code username} owned the deleted account. */
    record Tombstone(Instant availableAt, boolean formerOwner) {
    }

    /** The slug's tombstone while it still blocks, else null. */
    Uni<Tombstone> tombstone(String slug, String username) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select available_at, cast(:username as text) = any(owners) from account_tombstones "
                                + "where slug = :slug and available_at > now()", Object[].class)
                .setParameter("slug", slug)
                .setParameter("username", username)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null
                        : new Tombstone(Rows.instant(rows.getFirst()[0]), Boolean.TRUE.equals(rows.getFirst()[1])));
    }

    Uni<Void> dropTombstone(String slug) {
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from account_tombstones where slug = :slug")
                .setParameter("slug", slug)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Blocks the slug of an account about to be deleted for {@code seconds}, recording its owners. */
    Uni<Void> writeTombstone(UUID accountId, String slug, String deletedBy, long seconds) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into account_tombstones(slug, owners, deleted_by, available_at) "
                                + "select :slug, coalesce(array_agg(m.username order by m.username) filter (where m.role = 'owner'), '{}'), "
                                + ":by, now() + make_interval(secs => cast(:seconds as double precision)) "
                                + "from members m where m.account_id = :account "
                                + "on conflict (slug) do update set owners = excluded.owners, deleted_by = excluded.deleted_by, "
                                + "deleted_at = excluded.deleted_at, available_at = excluded.available_at")
                .setParameter("slug", slug)
                .setParameter("by", deletedBy)
                .setParameter("seconds", seconds)
                .setParameter("account", accountId)
                .executeUpdate())
                .replaceWithVoid();
    }
}
