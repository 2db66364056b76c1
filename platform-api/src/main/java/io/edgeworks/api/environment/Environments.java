package io.edgeworks.api.environment;

import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.deployment.Deployments;
import io.edgeworks.api.security.AccountAccess;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Environment lookups and the version counter, for the features that act on one environment. */
@ApplicationScoped
public class Environments {
    private final EnvironmentRepository environments;
    private final Hostnames hostnames;
    private final Deployments deployments;

    public Environments(EnvironmentRepository environments, Hostnames hostnames, Deployments deployments) {
        this.environments = environments;
        this.hostnames = hostnames;
        this.deployments = deployments;
    }

    /** The environment named in the URL, or 404. */
    public Uni<EnvironmentTarget> require(AccountAccess access, String service, String environment) {
        return find(access, service, environment).map(target -> {
            if (target == null) {
                throw ProblemException.notFound("environment '" + environment + "' of service '" + service
                        + "' not found in account '" + access.slug() + "'");
            }
            return target;
        });
    }

    /** The environment, or null when the account has no such service or environment. */
    public Uni<EnvironmentTarget> find(AccountAccess access, String service, String environment) {
        return environments.findByAccountServiceAndName(access.accountId(), service, environment)
                .map(row -> row == null ? null : new EnvironmentTarget(access, row.serviceId(), row.service(), row.id(),
                        row.name(), row.hostname(), row.latestVersion()));
    }

    /** Creates the production environment of a new service (no version yet). */
    public Uni<EnvironmentView> createProduction(AccountAccess access, UUID serviceId, String service) {
        String hostname = hostnames.of(access.slug(), service, EnvironmentEntity.PRODUCTION, "name");
        return insert(serviceId, EnvironmentEntity.PRODUCTION, hostname)
                .map(env -> new EnvironmentView(env.name, env.hostname, null, null, env.createdAt));
    }

    Uni<EnvironmentEntity> insert(UUID serviceId, String name, String hostname) {
        return requireFreeHostname(hostname).chain(() -> {
            EnvironmentEntity env = new EnvironmentEntity();
            env.id = UUID.randomUUID();
            env.serviceId = serviceId;
            env.name = name;
            env.hostname = hostname;
            env.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return environments.persist(env).call(environments::flush);
        });
    }

    /** 409 naming the environment that already uses {@code hostname}. */
    Uni<Void> requireFreeHostname(String hostname) {
        return environments.findOwnerOfHostname(hostname).map(owner -> {
            if (owner != null) {
                throw ProblemException.conflict("hostname '" + hostname + "' is already used by environment '" + owner
                        + "'; choose another name");
            }
            return null;
        });
    }

    /** Locks the environment until the transaction ends (serialises versions and deployments) and returns its latest number. */
    public Uni<Integer> lock(EnvironmentTarget target) {
        return environments.lockAndReadLatest(target.id());
    }

    /** The next version number; call after {@link #lock}. */
    public Uni<Integer> nextVersionNumber(EnvironmentTarget target) {
        return environments.nextVersionNumber(target.id());
    }

    public Uni<List<EnvironmentView>> viewsOfService(UUID serviceId) {
        return environments.listByService(serviceId).chain(rows -> {
            Uni<List<EnvironmentView>> result = Uni.createFrom().item(new ArrayList<>());
            for (EnvironmentRepository.EnvironmentRow row : rows) {
                result = result.chain(list -> view(row.id(), row.name(), row.hostname(), row.latestVersion(), row.createdAt())
                        .map(v -> {
                            list.add(v);
                            return list;
                        }));
            }
            return result;
        });
    }

    public Uni<EnvironmentView> view(AccountAccess access, String service, String environment) {
        return environments.findByAccountServiceAndName(access.accountId(), service, environment).chain(row -> {
            if (row == null) {
                throw ProblemException.notFound("environment '" + environment + "' of service '" + service
                        + "' not found in account '" + access.slug() + "'");
            }
            return view(row.id(), row.name(), row.hostname(), row.latestVersion(), row.createdAt());
        });
    }

    private Uni<EnvironmentView> view(UUID id, String name, String hostname, int latest, Instant createdAt) {
        return deployments.current(id).map(state -> new EnvironmentView(name, hostname, latest == 0 ? null : latest, state, createdAt));
    }
}
