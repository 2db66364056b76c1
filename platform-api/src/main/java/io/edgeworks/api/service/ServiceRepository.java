package io.edgeworks.api.service;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class ServiceRepository implements PanacheRepositoryBase<ServiceEntity, UUID> {

    Uni<ServiceEntity> findByAccountAndName(UUID accountId, String name) {
        return find("accountId = ?1 and name = ?2", accountId, name).firstResult();
    }

    Uni<List<ServiceEntity>> listByAccount(UUID accountId) {
        return find("accountId", Sort.by("name"), accountId).list();
    }

    Uni<Integer> deleteService(UUID id) {
        return getSession().chain(s -> s.createNativeQuery("delete from services where id = :id")
                .setParameter("id", id).executeUpdate());
    }
}
