package io.edgeworks.api.environment;

import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.deployment.DeploymentState;
import io.edgeworks.api.deployment.Split;
import io.edgeworks.api.deployment.Deployments;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.bundle.Binding;
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
                .map(env -> new EnvironmentView(env.name, env.hostname, null, null, env.createdAt, true, List.of()));
    }

    Uni<EnvironmentEntity> insert(UUID serviceId, String name, String hostname) {
        return insert(serviceId, name, hostname, null);
    }

    /** A new environment (no version yet); {@code previewId} names the full-stack preview that makes it, or null. */
    public Uni<EnvironmentEntity> insert(UUID serviceId, String name, String hostname, UUID previewId) {
        return requireFreeHostname(hostname).chain(() -> {
            EnvironmentEntity env = new EnvironmentEntity();
            env.id = UUID.randomUUID();
            env.serviceId = serviceId;
            env.name = name;
            env.hostname = hostname;
            env.previewId = previewId;
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

    public Uni<List<EnvironmentView>> viewsOfService(UUID accountId, UUID serviceId) {
        return environments.listByService(serviceId).chain(rows -> {
            Uni<List<EnvironmentView>> result = Uni.createFrom().item(new ArrayList<>());
            for (EnvironmentRepository.EnvironmentRow row : rows) {
                result = result.chain(list -> view(accountId, row)
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
            return view(access.accountId(), row);
        });
    }

    private Uni<EnvironmentView> view(UUID accountId, EnvironmentRepository.EnvironmentRow row) {
        return deployments.current(row.id()).chain(state -> bindings(accountId, row).map(bindings -> new EnvironmentView(row.name(),
                row.hostname(), row.latestVersion() == 0 ? null : row.latestVersion(), state, row.createdAt(), row.versionOverrides(), bindings)));
    }

    /** The service bindings of the environment's deployed versions, each resolved as publication resolves it now ({@link BindingTargets}). */
    private Uni<List<BindingView>> bindings(UUID accountId, EnvironmentRepository.EnvironmentRow row) {
        return landed(accountId, row).map(landed -> landed.stream().map(Landed::view).toList());
    }

    /** A declared service binding with where it lands now. */
    private record Landed(BindingView view, String entrypoint) {
    }

    private Uni<List<Landed>> landed(UUID accountId, EnvironmentRepository.EnvironmentRow row) {
        return environments.deployedServiceBindings(row.id()).chain(declared -> {
            Uni<List<Landed>> result = Uni.createFrom().item(new ArrayList<>());
            for (EnvironmentRepository.DeclaredBinding binding : declared) {
                result = result.chain(list -> land(accountId, row.name(), binding).map(v -> {
                    list.add(new Landed(v, binding.entrypoint()));
                    return list;
                }));
            }
            return result;
        });
    }

    /**
     * The binding graph of {@code service/environment} (404 when it does not exist): a breadth-first walk over the
     * bindings of deployed versions, each environment visited once (cycles end there), at most
     * {@link GraphView#MAX_NODES} environments. Queries run one after another (one reactive session).
     */
    public Uni<GraphView> graph(AccountAccess access, String service, String environment) {
        return environments.findByAccountServiceAndName(access.accountId(), service, environment).chain(root -> {
            if (root == null) {
                throw ProblemException.notFound("environment '" + environment + "' of service '" + service
                        + "' not found in account '" + access.slug() + "'");
            }
            GraphWalk walk = new GraphWalk(access.accountId());
            walk.queue.add(root);
            walk.seen.add(id(root.service(), root.name()));
            return walk.next().map(done -> new GraphView(id(root.service(), root.name()), List.copyOf(walk.nodes),
                    List.copyOf(walk.edges), walk.truncated));
        });
    }

    private static String id(String service, String environment) {
        return service + "/" + environment;
    }

    private final class GraphWalk {
        final UUID accountId;
        final java.util.ArrayDeque<EnvironmentRepository.EnvironmentRow> queue = new java.util.ArrayDeque<>();
        final java.util.Set<String> seen = new java.util.HashSet<>();
        final List<GraphView.Node> nodes = new ArrayList<>();
        final List<GraphView.Edge> edges = new ArrayList<>();
        boolean truncated;

        GraphWalk(UUID accountId) {
            this.accountId = accountId;
        }

        Uni<Void> next() {
            EnvironmentRepository.EnvironmentRow row = queue.poll();
            if (row == null) {
                return Uni.createFrom().voidItem();
            }
            String from = id(row.service(), row.name());
            return deployments.current(row.id()).chain(state -> landed(accountId, row).chain(landed -> {
                nodes.add(new GraphView.Node(from, row.service(), row.name(), row.hostname(), true,
                        state == null ? List.of() : state.versions()));
                Uni<Void> reach = Uni.createFrom().voidItem();
                for (Landed l : landed) {
                    BindingView b = l.view();
                    String to = id(b.service(), b.environment());
                    edges.add(new GraphView.Edge(from, to, b.inVersion(), b.name(), l.entrypoint(), b.version(), b.follows(), b.versions()));
                    if (seen.contains(to)) {
                        continue;
                    }
                    if (seen.size() >= GraphView.MAX_NODES) {
                        truncated = true;
                        continue;
                    }
                    seen.add(to);
                    reach = reach.chain(() -> environments.findByAccountServiceAndName(accountId, b.service(), b.environment())
                            .invoke(target -> {
                                if (target == null) {
                                    nodes.add(new GraphView.Node(to, b.service(), b.environment(), null, false, List.of()));
                                } else {
                                    queue.add(target);
                                }
                            }).replaceWithVoid());
                }
                return reach;
            })).chain(this::next);
        }
    }

    private Uni<BindingView> land(UUID accountId, String caller, EnvironmentRepository.DeclaredBinding d) {
        Binding.Service declared = new Binding.Service(d.name(), d.service(), d.environment(), d.version(), d.entrypoint());
        Uni<Boolean> sameDeployed = !declared.follows() ? Uni.createFrom().item(false)
                : environments.findByAccountServiceAndName(accountId, d.service(), caller).chain(same -> same == null
                ? Uni.createFrom().item(false) : deployments.current(same.id()).map(state -> state != null));
        return sameDeployed.chain(same -> {
            String environment = BindingTargets.environment(declared, caller, name -> same);
            return environments.findByAccountServiceAndName(accountId, d.service(), environment)
                    .chain(target -> target == null ? Uni.createFrom().<DeploymentState>nullItem() : deployments.current(target.id()))
                    .map(state -> new BindingView(d.inVersion(), d.name(), d.service(), environment, declared.follows(), d.version(),
                            d.version() != null ? List.of(new Split(d.version(), 100)) : state == null ? List.of() : state.versions()));
        });
    }
}
