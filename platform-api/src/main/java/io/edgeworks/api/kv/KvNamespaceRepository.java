package io.edgeworks.api.kv;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class KvNamespaceRepository implements PanacheRepositoryBase<KvNamespaceEntity, UUID> {

    Uni<KvNamespaceEntity> findByAccountAndName(UUID accountId, String name) {
        return find("accountId = ?1 and name = ?2", accountId, name).firstResult();
    }

    Uni<List<KvNamespaceEntity>> listByAccount(UUID accountId) {
        return find("accountId", Sort.by("name"), accountId).list();
    }

    Uni<Integer> deleteNamespace(UUID id) {
        return getSession().chain(s -> s.createNativeQuery("delete from kv_namespaces where id = :id")
                .setParameter("id", id).executeUpdate());
    }
}
