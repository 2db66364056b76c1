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

    record Holder(UUID accountId, String name) {
    }

    /** Domains equal to {@code name}, parents of it or children of it, in any account. */
    Uni<List<Holder>> findSameParentOrChild(String name) {
        return getSession().chain(s -> s.createNativeQuery(
                        "select account_id, name from domains where name = :name or :name like ('%.' || name) or name like ('%.' || :name)",
                        Object[].class)
                .setParameter("name", name)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Holder(Rows.uuid(r[0]), Rows.string(r[1]))).toList());
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

    Uni<Integer> deleteDomain(UUID id) {
        return getSession().chain(s -> s.createNativeQuery("delete from domains where id = :id").setParameter("id", id).executeUpdate());
    }
}
