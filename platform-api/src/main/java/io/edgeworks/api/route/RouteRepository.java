package io.edgeworks.api.route;

import io.edgeworks.api.common.Rows;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class RouteRepository implements PanacheRepositoryBase<RouteEntity, UUID> {
    private static final String VIEW = "select r.id, r.pattern, s.name, e.name, r.created_at from routes r "
            + "join environments e on e.id = r.environment_id join services s on s.id = e.service_id ";

    Uni<Boolean> existsPattern(String pattern) {
        return count("pattern", pattern).map(n -> n > 0);
    }

    Uni<List<RouteView>> listByAccount(UUID accountId) {
        return getSession().chain(s -> s.createNativeQuery(VIEW + "where r.account_id = :account order by r.pattern", Object[].class)
                .setParameter("account", accountId)
                .getResultList())
                .map(rows -> rows.stream().map(RouteRepository::view).toList());
    }

    Uni<RouteView> findByAccountAndId(UUID accountId, UUID id) {
        return getSession().chain(s -> s.createNativeQuery(VIEW + "where r.account_id = :account and r.id = :id", Object[].class)
                .setParameter("account", accountId)
                .setParameter("id", id)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : view(rows.getFirst()));
    }

    Uni<Integer> deleteRoute(UUID id) {
        return getSession().chain(s -> s.createNativeQuery("delete from routes where id = :id").setParameter("id", id).executeUpdate());
    }

    private static RouteView view(Object[] r) {
        return new RouteView(Rows.uuid(r[0]), Rows.string(r[1]), Rows.string(r[2]), Rows.string(r[3]), null, null, Rows.instant(r[4]));
    }
}
