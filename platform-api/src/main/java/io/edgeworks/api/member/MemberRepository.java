package io.edgeworks.api.member;

import io.edgeworks.api.common.Rows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Memberships (table {@code members}, keyed by account and username). */
@ApplicationScoped
class MemberRepository {

    Uni<List<MemberView>> listByAccount(UUID accountId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select username, role, created_at from members where account_id = :account order by username", Object[].class)
                .setParameter("account", accountId)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new MemberView(Rows.string(r[0]),
                        io.edgeworks.api.security.Role.parse(Rows.string(r[1])).orElseThrow(), Rows.instant(r[2]))).toList());
    }

    Uni<String> findRole(UUID accountId, String username) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select role from members where account_id = :account and username = :username", String.class)
                .setParameter("account", accountId)
                .setParameter("username", username)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.getFirst());
    }

    Uni<Long> countOwners(UUID accountId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select count(*) from members where account_id = :account and role = 'owner'", Long.class)
                .setParameter("account", accountId)
                .getSingleResult())
                .map(n -> ((Number) n).longValue());
    }

    Uni<Integer> insert(UUID accountId, String username, String role) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into members(account_id, username, role) values (:account, :username, :role)")
                .setParameter("account", accountId)
                .setParameter("username", username)
                .setParameter("role", role)
                .executeUpdate());
    }

    Uni<Integer> updateRole(UUID accountId, String username, String role) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "update members set role = :role where account_id = :account and username = :username")
                .setParameter("account", accountId)
                .setParameter("username", username)
                .setParameter("role", role)
                .executeUpdate());
    }

    Uni<Integer> delete(UUID accountId, String username) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "delete from members where account_id = :account and username = :username")
                .setParameter("account", accountId)
                .setParameter("username", username)
                .executeUpdate());
    }
}
