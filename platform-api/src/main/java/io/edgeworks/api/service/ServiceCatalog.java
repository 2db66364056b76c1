package io.edgeworks.api.service;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.Names;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.deployment.DeployedBindings;
import io.edgeworks.api.environment.Environments;
import io.edgeworks.api.publish.Outbox;
import io.edgeworks.api.quota.Quotas;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.Role;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The services of an account: create (with its production environment), list, delete. */
@ApplicationScoped
public class ServiceCatalog {
    private final ServiceRepository services;
    private final Environments environments;
    private final DeployedBindings deployedBindings;
    private final AccessGuard guard;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Quotas quotas;

    public ServiceCatalog(ServiceRepository services, Environments environments, DeployedBindings deployedBindings,
                          AccessGuard guard, AuditLog audit, Outbox outbox, Quotas quotas) {
        this.quotas = quotas;
        this.services = services;
        this.environments = environments;
        this.deployedBindings = deployedBindings;
        this.guard = guard;
        this.audit = audit;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<ServiceView> create(String slug, CreateService body) {
        FieldErrors errors = new FieldErrors();
        Names.checkLabel(errors, "name", body == null ? null : body.name());
        errors.throwIfAny();
        String name = body.name();
        return guard.require(slug, Role.DEVELOPER).chain(access -> services.findByAccountAndName(access.accountId(), name)
                .call(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("service '" + name + "' already exists in account '" + slug + "'");
                    }
                    return quotas.requireServiceRoom(access);
                })
                .chain(none -> {
                    ServiceEntity service = new ServiceEntity();
                    service.id = UUID.randomUUID();
                    service.accountId = access.accountId();
                    service.name = name;
                    service.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return services.persist(service).call(services::flush)
                            .chain(() -> environments.createProduction(access, service.id, name))
                            .call(() -> outbox.accountChanged(access.accountId(), access.slug()))
                            .call(env -> audit.record(access, "service.create", slug + "/" + name,
                                    Map.of("after", Map.of("name", name, "hostname", env.hostname()))))
                            .map(env -> new ServiceView(name, List.of(env), service.createdAt));
                }));
    }

    @WithSession
    public Uni<List<ServiceView>> list(String slug) {
        return guard.require(slug, Role.VIEWER).chain(access -> services.listByAccount(access.accountId()))
                .chain(list -> list.isEmpty() ? Uni.createFrom().item(List.<ServiceView>of()) : join(list));
    }

    private Uni<List<ServiceView>> join(List<ServiceEntity> list) {
        Uni<List<ServiceView>> result = Uni.createFrom().item(new java.util.ArrayList<>());
        for (ServiceEntity service : list) {
            result = result.chain(acc -> view(service).map(v -> {
                acc.add(v);
                return acc;
            }));
        }
        return result;
    }

    @WithSession
    public Uni<ServiceView> get(String slug, String name) {
        return guard.require(slug, Role.VIEWER).chain(access -> require(access, name)).chain(this::view);
    }

    @WithTransaction
    public Uni<Void> delete(String slug, String name) {
        return guard.require(slug, Role.ADMIN).chain(access -> require(access, name).chain(service ->
                deployedBindings.bindersOfService(access.accountId(), name, service.id).chain(binders -> {
                    if (!binders.isEmpty()) {
                        throw ProblemException.conflict("service '" + name + "' cannot be deleted: deployed versions bind to it ("
                                + String.join(", ", binders) + "); remove those bindings first");
                    }
                    return outbox.accountChanged(access.accountId(), access.slug())
                            .call(() -> audit.record(access, "service.delete", slug + "/" + name, Map.of("before", Map.of("name", name))))
                            .call(() -> services.deleteService(service.id))
                            .replaceWithVoid();
                })));
    }

    private Uni<ServiceEntity> require(AccountAccess access, String name) {
        return services.findByAccountAndName(access.accountId(), name).map(service -> {
            if (service == null) {
                throw ProblemException.notFound("service '" + name + "' not found in account '" + access.slug() + "'");
            }
            return service;
        });
    }

    private Uni<ServiceView> view(ServiceEntity service) {
        return environments.viewsOfService(service.accountId, service.id).map(envs -> new ServiceView(service.name, envs, service.createdAt));
    }
}
