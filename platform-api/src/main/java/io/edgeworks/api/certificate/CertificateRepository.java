package io.edgeworks.api.certificate;

import io.edgeworks.api.common.Rows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Rows of {@code certificates} and {@code acme_accounts} (V90), in the caller's session or transaction. */
@ApplicationScoped
public class CertificateRepository {

    /** A domain whose certificate the job orders now. */
    public record Due(UUID domainId, UUID accountId, String slug, String name) {
    }

    /** A stored certificate of an active domain, for publication. */
    public record Stored(UUID domainId, String name, String chainPem, String keySealed, Instant notAfter) {
    }

    /** Enters every active domain that has no row yet, due now. */
    Uni<Integer> enrollActiveDomains() {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into certificates(domain_id, status, next_attempt_at)
                        select d.id, 'pending', now() from domains d
                        where d.status = 'active' and not exists (select 1 from certificates c where c.domain_id = d.id)
                        on conflict do nothing""")
                .executeUpdate());
    }

    /**
     * Takes up to {@code limit} rows of active domains that are due and moves their next attempt
     * {@code leaseSeconds} ahead (the lease while this replica orders), skipping rows another replica holds.
     */
    Uni<List<Due>> takeDue(int limit, long leaseSeconds) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        update certificates c set next_attempt_at = now() + make_interval(secs => :lease), updated_at = now()
                        from domains d join accounts a on a.id = d.account_id
                        where d.id = c.domain_id and c.domain_id in (
                            select c2.domain_id from certificates c2 join domains d2 on d2.id = c2.domain_id
                            where d2.status = 'active' and c2.next_attempt_at <= now()
                            order by c2.next_attempt_at limit :limit for update of c2 skip locked)
                        returning c.domain_id, d.account_id, a.slug, d.name""", Object[].class)
                .setParameter("limit", limit)
                .setParameter("lease", (double) leaseSeconds)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Due(Rows.uuid(r[0]), Rows.uuid(r[1]), Rows.string(r[2]), Rows.string(r[3]))).toList());
    }

    /** Stores an issued certificate; false when the domain was removed meanwhile. */
    Uni<Boolean> storeIssued(UUID domainId, String chainPem, String keySealedJson, Instant notAfter, Instant nextAttempt) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        update certificates set status = 'valid', chain_pem = :chain, key_sealed = cast(cast(:key as text) as jsonb),
                            not_after = to_timestamp(:notAfter), issued_at = now(), last_error = null,
                            next_attempt_at = to_timestamp(:next), updated_at = now()
                        where domain_id = :id""")
                .setParameter("chain", chainPem)
                .setParameter("key", keySealedJson)
                .setParameter("notAfter", epoch(notAfter))
                .setParameter("next", epoch(nextAttempt))
                .setParameter("id", domainId)
                .executeUpdate())
                .map(n -> n > 0);
    }

    /** Records a failed order (a stored older certificate stays); false when the domain was removed meanwhile. */
    Uni<Boolean> storeFailure(UUID domainId, String error, long retrySeconds) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        update certificates set status = 'failed', last_error = :error,
                            next_attempt_at = now() + make_interval(secs => :retry), updated_at = now()
                        where domain_id = :id""")
                .setParameter("error", error)
                .setParameter("retry", (double) retrySeconds)
                .setParameter("id", domainId)
                .executeUpdate())
                .map(n -> n > 0);
    }

    /** The sealed account key (JSON) for the directory, or null. */
    Uni<String> accountKey(String directory) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select cast(key_sealed as text) from acme_accounts where directory_url = :u", String.class)
                .setParameter("u", directory)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.getFirst());
    }

    /** Inserts the account key unless another replica was first. */
    Uni<Integer> insertAccountKey(String directory, String sealedJson) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into acme_accounts(directory_url, key_sealed) values (:u, cast(cast(:k as text) as jsonb)) on conflict do nothing")
                .setParameter("u", directory)
                .setParameter("k", sealedJson)
                .executeUpdate());
    }

    /** Replaces the account key that no longer opens, unless another replica replaced it first. */
    Uni<Integer> replaceAccountKey(String directory, String unreadableJson, String sealedJson) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        update acme_accounts set key_sealed = cast(cast(:k as text) as jsonb), created_at = now()
                        where directory_url = :u and key_sealed = cast(cast(:old as text) as jsonb)""")
                .setParameter("u", directory)
                .setParameter("k", sealedJson)
                .setParameter("old", unreadableJson)
                .executeUpdate());
    }

    /** Unexpired certificates of the account's active domains, by name. */
    public Uni<List<Stored>> deliverable(UUID accountId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        select c.domain_id, d.name, c.chain_pem, cast(c.key_sealed as text), c.not_after from certificates c
                        join domains d on d.id = c.domain_id
                        where d.account_id = :account and d.status = 'active' and c.chain_pem is not null and c.not_after > now()
                        order by d.name""", Object[].class)
                .setParameter("account", accountId)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Stored(Rows.uuid(r[0]), Rows.string(r[1]), Rows.string(r[2]), Rows.string(r[3]),
                        Rows.instant(r[4]))).toList());
    }

    private static double epoch(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
