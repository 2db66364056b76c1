package io.edgeworks.api.domain;

import io.edgeworks.api.common.Rows;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class DomainRepository implements PanacheRepositoryBase<DomainEntity, UUID> {

    record Holder(UUID accountId, String name, boolean active) {
    }

    /** A claim with its account's slug, for work that has no signed-in user (the retry job). */
    record Claim(UUID id, UUID accountId, String slug, String name, String token) {
    }

    /** A route of another account, as the activation of a domain finds it. */
    record ForeignRoute(UUID id, UUID accountId, String slug, String pattern) {
    }

    /** Claims (pending or active) equal to {@code name}, parents of it or children of it, in any account. */
    Uni<List<Holder>> findSameParentOrChild(String name) {
        return getSession().chain(s -> s.createNativeQuery(
                        "select account_id, name, status from domains where name = :name or :name like ('%.' || name) or name like ('%.' || :name)",
                        Object[].class)
                .setParameter("name", name)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Holder(Rows.uuid(r[0]), Rows.string(r[1]), DomainEntity.ACTIVE.equals(Rows.string(r[2])))).toList());
    }

    Uni<List<DomainEntity>> listByAccount(UUID accountId) {
        return find("accountId", Sort.by("name"), accountId).list();
    }

    Uni<DomainEntity> findByAccountAndName(UUID accountId, String name) {
        return find("accountId = ?1 and name = ?2", accountId, name).firstResult();
    }

    Uni<List<String>> routePatternsOf(UUID accountId) {
        return getSession().chain(s -> s.createNativeQuery("select pattern from routes where account_id = :account order by pattern", String.class)
                .setParameter("account", accountId)
                .getResultList());
    }

    /** Routes of other accounts whose pattern mentions {@code name} (callers check the host exactly). */
    Uni<List<ForeignRoute>> foreignRoutesMentioning(UUID accountId, String name) {
        return getSession().chain(s -> s.createNativeQuery("select r.id, r.account_id, a.slug, r.pattern from routes r"
                                + " join accounts a on a.id = r.account_id where r.account_id <> :account and strpos(r.pattern, :name) > 0",
                        Object[].class)
                .setParameter("account", accountId)
                .setParameter("name", name)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new ForeignRoute(Rows.uuid(r[0]), Rows.uuid(r[1]), Rows.string(r[2]), Rows.string(r[3]))).toList());
    }

    Uni<Integer> deleteRoute(UUID id) {
        return getSession().chain(s -> s.createNativeQuery("delete from routes where id = :id").setParameter("id", id).executeUpdate());
    }

    /** Sets {@code last_check} and {@code checked_at} of a claim that is still pending; other columns are untouched. */
    Uni<Integer> recordFailure(UUID id, String report) {
        return getSession().chain(s -> s.createNativeQuery(
                        "update domains set last_check = :report, checked_at = now() where id = :id and status = 'pending'")
                .setParameter("report", report)
                .setParameter("id", id)
                .executeUpdate());
    }

    Uni<Integer> deleteDomain(UUID id) {
        return getSession().chain(s -> s.createNativeQuery("delete from domains where id = :id").setParameter("id", id).executeUpdate());
    }

    /**
     * Serialises activations of overlapping names until the transaction ends: overlapping names share
     * their registrable domain, so two replicas cannot activate a parent and a child for two accounts.
     */
    Uni<Void> lockRegistrable(String registrable) {
        return getSession().chain(s -> s.createNativeQuery("select cast(pg_advisory_xact_lock(hashtextextended(:key, 0)) as text)")
                .setParameter("key", "edgeworks.domain:" + registrable)
                .getSingleResult())
                .replaceWithVoid();
    }

    /**
     * Takes up to {@code limit} pending claims due for a check (never checked, or not within
     * {@code spacingSeconds}) and stamps them checked now, skipping rows another replica holds: several
     * replicas never check the same claim in one round.
     */
    Uni<List<Claim>> takeDue(int limit, long spacingSeconds) {
        return getSession().chain(s -> s.createNativeQuery("""
                        update domains d set checked_at = now() from accounts a
                        where a.id = d.account_id and d.id in (
                            select id from domains where status = 'pending' and expires_at > now()
                                and (checked_at is null or checked_at <= now() - make_interval(secs => :spacing))
                            order by checked_at nulls first limit :limit for update skip locked)
                        returning d.id, d.account_id, a.slug, d.name, d.token""", Object[].class)
                .setParameter("limit", limit)
                .setParameter("spacing", (double) spacingSeconds)
                .getResultList())
                .map(DomainRepository::claims);
    }

    /** Up to {@code limit} pending claims past their expiry, locked (others' locked rows skipped). */
    Uni<List<Claim>> lockExpired(int limit) {
        return getSession().chain(s -> s.createNativeQuery("""
                        select d.id, d.account_id, a.slug, d.name, d.token from domains d join accounts a on a.id = d.account_id
                        where d.status = 'pending' and d.expires_at <= now()
                        order by d.expires_at limit :limit for update of d skip locked""", Object[].class)
                .setParameter("limit", limit)
                .getResultList())
                .map(DomainRepository::claims);
    }

    private static List<Claim> claims(List<Object[]> rows) {
        return rows.stream().map(r -> new Claim(Rows.uuid(r[0]), Rows.uuid(r[1]), Rows.string(r[2]), Rows.string(r[3]), Rows.string(r[4]))).toList();
    }
}
