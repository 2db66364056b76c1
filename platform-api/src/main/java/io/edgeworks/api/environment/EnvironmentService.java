package io.edgeworks.api.environment;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.Names;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.deployment.DeployedBindings;
import io.edgeworks.api.publish.Outbox;
import io.edgeworks.api.quota.Quotas;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.Role;
import io.edgeworks.api.version.VersionService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * Environments of a service: create (empty or cloned), rename (the hostname follows), delete. Production
 * is created with its service and can be neither renamed nor deleted.
 */
@ApplicationScoped
public class EnvironmentService {
    private final Environments environments;
    private final EnvironmentRepository repository;
    private final Hostnames hostnames;
    private final DeployedBindings deployedBindings;
    private final VersionService versions;
    private final AccessGuard guard;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Quotas quotas;

    public EnvironmentService(Environments environments, EnvironmentRepository repository, Hostnames hostnames,
                              DeployedBindings deployedBindings, VersionService versions, AccessGuard guard,
                              AuditLog audit, Outbox outbox, Quotas quotas) {
        this.quotas = quotas;
        this.environments = environments;
        this.repository = repository;
        this.hostnames = hostnames;
        this.deployedBindings = deployedBindings;
        this.versions = versions;
        this.guard = guard;
        this.audit = audit;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<EnvironmentView> create(String slug, String service, CreateEnvironment body) {
        FieldErrors errors = new FieldErrors();
        Names.checkLabel(errors, "name", body == null ? null : body.name());
        if (body != null && body.cloneFrom() != null && !Names.LABEL.matcher(body.cloneFrom()).matches()) {
            errors.add("clone_from", "'" + body.cloneFrom() + "' is not an environment name");
        }
        errors.throwIfAny();
        String name = body.name();
        return guard.require(slug, Role.DEVELOPER, name)
                .chain(access -> environments.require(access, service, EnvironmentEntity.PRODUCTION)
                        .chain(production -> environments.find(access, service, name).call(existing -> {
                            if (existing != null) {
                                throw ProblemException.conflict("environment '" + name + "' already exists in service '" + service + "'");
                            }
                            return quotas.requireEnvironmentRoom(access, production.serviceId(), service);
                        }).chain(none -> {
                            String hostname = hostnames.of(access.slug(), service, name, "name");
                            Uni<EnvironmentTarget> source = body.cloneFrom() == null ? Uni.createFrom().nullItem()
                                    : environments.find(access, service, body.cloneFrom()).map(found -> {
                                        if (found == null) {
                                            throw ProblemException.invalid("clone_from", "service '" + service
                                                    + "' has no environment '" + body.cloneFrom() + "'");
                                        }
                                        if (found.latestVersion() == 0) {
                                            throw ProblemException.invalid("clone_from", "environment '" + body.cloneFrom()
                                                    + "' has no version to copy yet");
                                        }
                                        return found;
                                    });
                            return source.chain(from -> environments.insert(production.serviceId(), name, hostname)
                                    .chain(env -> {
                                        EnvironmentTarget created = new EnvironmentTarget(access, production.serviceId(), service,
                                                env.id, name, hostname, 0);
                                        Uni<?> copy = from == null ? Uni.createFrom().voidItem()
                                                : versions.copyLatest(from, created, "cloned from " + from.name() + " v" + from.latestVersion());
                                        return copy
                                                .call(() -> outbox.accountChanged(access.accountId(), access.slug()))
                                                .call(() -> audit.record(access, "environment.create", created.key(),
                                                        from == null ? Map.of("after", Map.of("hostname", hostname))
                                                                : Map.of("after", Map.of("hostname", hostname, "cloned_from", from.name(),
                                                                "cloned_version", from.latestVersion()))))
                                                .chain(() -> environments.view(access, service, name));
                                    }));
                        })));
    }

    @WithSession
    public Uni<List<EnvironmentView>> list(String slug, String service) {
        return guard.require(slug, Role.VIEWER).chain(access -> environments.require(access, service, EnvironmentEntity.PRODUCTION))
                .chain(production -> environments.viewsOfService(production.access().accountId(), production.serviceId()));
    }

    @WithSession
    public Uni<EnvironmentView> get(String slug, String service, String environment) {
        return guard.require(slug, Role.VIEWER).chain(access -> environments.view(access, service, environment));
    }

    /** The binding graph of the environment as deployed now (readers and up; tokens with scope {@code read}). */
    @WithSession
    public Uni<GraphView> graph(String slug, String service, String environment) {
        return guard.require(slug, Role.VIEWER).chain(access -> environments.graph(access, service, environment));
    }

    /**
     * {@code PATCH}: renames (the hostname follows; following bindings that reached the old name re-resolve at the
     * publication this triggers) and/or switches version overrides (audit {@code environment.update}).
     */
    @WithTransaction
    public Uni<EnvironmentView> update(String slug, String service, String environment, UpdateEnvironment body) {
        FieldErrors errors = new FieldErrors();
        if (body == null || (body.name() == null && body.versionOverrides() == null)) {
            errors.add("name", "send a new name, version_overrides, or both");
        } else if (body.name() != null) {
            Names.checkLabel(errors, "name", body.name());
        }
        errors.throwIfAny();
        Uni<io.edgeworks.api.security.AccountAccess> allowed = body.name() == null || body.name().equals(environment)
                ? guard.require(slug, Role.DEVELOPER, environment)
                : guard.require(slug, Role.DEVELOPER, environment).call(() -> guard.require(slug, Role.DEVELOPER, body.name()));
        return allowed.chain(access -> environments.require(access, service, environment).chain(target -> {
            Uni<String> renamed = body.name() == null || body.name().equals(environment) ? Uni.createFrom().item(environment)
                    : rename(target, body.name()).replaceWith(body.name());
            return renamed.call(name -> body.versionOverrides() == null ? Uni.createFrom().voidItem()
                            : environments.view(access, service, name).chain(before -> before.versionOverrides() == body.versionOverrides()
                            ? Uni.createFrom().voidItem()
                            : repository.setVersionOverrides(target.id(), body.versionOverrides())
                                    .call(() -> outbox.accountChanged(access.accountId(), access.slug()))
                                    .call(() -> audit.record(access, "environment.update", access.slug() + "/" + service + "/" + name, Map.of(
                                            "before", Map.of("version_overrides", before.versionOverrides()),
                                            "after", Map.of("version_overrides", body.versionOverrides()))))
                                    .replaceWithVoid()))
                    .chain(name -> environments.view(access, service, name));
        }));
    }

    private Uni<Void> rename(EnvironmentTarget target, String name) {
        AccountAccess access = target.access();
        if (EnvironmentEntity.PRODUCTION.equals(target.name())) {
            throw ProblemException.conflict("the production environment cannot be renamed");
        }
        return environments.find(access, target.service(), name).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("environment '" + name + "' already exists in service '" + target.service() + "'");
            }
            String hostname = hostnames.of(access.slug(), target.service(), name, "name");
            return requireUnbound(target, "renamed")
                    .chain(() -> environments.requireFreeHostname(hostname))
                    .call(() -> repository.rename(target.id(), name, hostname))
                    .call(() -> outbox.accountChanged(access.accountId(), access.slug()))
                    .call(() -> audit.record(access, "environment.rename", target.key(), Map.of(
                            "before", Map.of("name", target.name(), "hostname", target.hostname()),
                            "after", Map.of("name", name, "hostname", hostname))))
                    .replaceWithVoid();
        });
    }

    @WithTransaction
    public Uni<Void> delete(String slug, String service, String environment) {
        return guard.require(slug, Role.DEVELOPER, environment).chain(access -> environments.require(access, service, environment).chain(target -> {
            if (EnvironmentEntity.PRODUCTION.equals(environment)) {
                throw ProblemException.conflict("the production environment cannot be deleted; delete the service instead");
            }
            return requireUnbound(target, "deleted")
                    .call(() -> outbox.accountChanged(access.accountId(), access.slug()))
                    .call(() -> audit.record(access, "environment.delete", target.key(),
                            Map.of("before", Map.of("hostname", target.hostname(), "latest_version", target.latestVersion()))))
                    .call(() -> repository.deleteEnvironment(target.id()))
                    .replaceWithVoid();
        }));
    }

    /** 409 while deployed versions of other environments name this one explicitly (following bindings re-resolve instead). */
    Uni<Void> requireUnbound(EnvironmentTarget target, String what) {
        return deployedBindings.bindersOfEnvironment(target.access().accountId(), target.service(), target.name(), target.id())
                .map(binders -> {
                    if (!binders.isEmpty()) {
                        throw ProblemException.conflict("environment '" + target.name() + "' cannot be " + what
                                + " while deployed versions bind to it (" + String.join(", ", binders) + ")");
                    }
                    return null;
                });
    }
}
