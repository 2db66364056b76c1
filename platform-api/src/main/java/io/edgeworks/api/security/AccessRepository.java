package io.edgeworks.api.security;

import io.edgeworks.api.common.Rows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Reads an account and the caller's membership in it with one query. */
@ApplicationScoped
class AccessRepository {

    record Found(java.util.UUID accountId, String slug, String role) {
    }

    Uni<Found> findAccountWithRoleOf(String slug, String username) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select a.id, a.slug, m.role from accounts a "
                                + "left join members m on m.account_id = a.id and m.username = :username "
                                + "where a.slug = :slug", Object[].class)
                .setParameter("slug", slug)
                .setParameter("username", username)
                .getResultList())
                .map(AccessRepository::first);
    }

    private static Found first(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.getFirst();
        return new Found(Rows.uuid(row[0]), Rows.string(row[1]), Rows.string(row[2]));
    }
}
