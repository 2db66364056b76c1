package io.edgeworks.api.account;

import io.edgeworks.api.common.Rows;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class AccountRepository implements PanacheRepositoryBase<AccountEntity, UUID> {

    record Membership(String slug, String name, String role, java.time.Instant createdAt) {
    }

    Uni<AccountEntity> findBySlug(String slug) {
        return find("slug", slug).firstResult();
    }

    Uni<List<Membership>> listMembershipsOf(String username) {
        return getSession().chain(session -> session.createNativeQuery(
                        "select a.slug, a.name, m.role, a.created_at from accounts a join members m on m.account_id = a.id "
                                + "where m.username = :username order by a.slug", Object[].class)
                .setParameter("username", username)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Membership(Rows.string(r[0]), Rows.string(r[1]),
                        Rows.string(r[2]), Rows.instant(r[3]))).toList());
    }

    Uni<Integer> deleteAccount(UUID id) {
        return getSession().chain(session -> session.createNativeQuery("delete from accounts where id = :id")
                .setParameter("id", id).executeUpdate());
    }
}
