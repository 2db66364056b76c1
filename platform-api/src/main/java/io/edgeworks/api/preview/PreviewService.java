package io.edgeworks.api.preview;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.Names;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.deployment.DeployedBindings;
import io.edgeworks.api.environment.EnvironmentEntity;
import io.edgeworks.api.environment.EnvironmentTarget;
import io.edgeworks.api.environment.Environments;
import io.edgeworks.api.environment.Hostnames;
import io.edgeworks.api.publish.Outbox;
import io.edgeworks.api.quota.Quotas;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.Role;
import io.edgeworks.api.version.VersionService;
import io.edgeworks.bundle.Binding;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Full-stack previews: one call clones a whole binding graph into environments named like the preview.
 *
 * <p>Create, in one transaction: the closure of the named services through the service bindings of the
 * environments cloned (a binding counts when it follows or names {@code from}; a binding that names another
 * environment explicitly is a deliberate choice and stays as it is, outside the preview); each service's source
 * is its {@code from} environment, or its production when it has none; each gets an environment called
 * {@code name} (its own hostname) whose version 1 is a copy of the source's latest version, deployed, with every
 * counted binding made to follow without a pin ({@link VersionService#copyLatestForPreview}), so the preview's
 * calls land in the preview. Any environment {@code name} already existing in one of those services is a 409 and
 * nothing is created. Delete removes every environment the preview still holds, in one transaction. Both republish
 * the account once and write one audit entry ({@code preview.create}, {@code preview.delete}).
 */
@ApplicationScoped
public class PreviewService {
    private final PreviewRepository previews;
    private final Environments environments;
    private final VersionService versions;
    private final DeployedBindings deployedBindings;
    private final Hostnames hostnames;
    private final AccessGuard guard;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Quotas quotas;

    public PreviewService(PreviewRepository previews, Environments environments, VersionService versions,
                          DeployedBindings deployedBindings, Hostnames hostnames, AccessGuard guard, AuditLog audit,
                          Outbox outbox, Quotas quotas) {
        this.previews = previews;
        this.environments = environments;
        this.versions = versions;
        this.deployedBindings = deployedBindings;
        this.hostnames = hostnames;
        this.guard = guard;
        this.audit = audit;
        this.outbox = outbox;
        this.quotas = quotas;
    }

    @WithTransaction
    public Uni<PreviewView> create(String slug, CreatePreview body) {
        FieldErrors errors = new FieldErrors();
        Names.checkLabel(errors, "name", body == null ? null : body.name());
        String from = body == null || body.from() == null ? EnvironmentEntity.PRODUCTION : body.from();
        Names.checkLabel(errors, "from", from);
        if (body != null && (EnvironmentEntity.PRODUCTION.equals(body.name()) || from.equals(body.name()))) {
            errors.add("name", "a preview cannot be named '" + body.name() + "': that is the environment it clones or production");
        }
        if (body == null || body.services() == null || body.services().isEmpty()) {
            errors.add("services", "name at least one service to preview");
        } else {
            for (int i = 0; i < body.services().size(); i++) {
                Names.checkLabel(errors, "services[" + i + "]", body.services().get(i));
            }
        }
        errors.throwIfAny();
        String name = body.name();
        return guard.require(slug, Role.DEVELOPER).chain(access -> previews.find(access.accountId(), name).chain(existing -> {
            if (!existing.isEmpty()) {
                throw ProblemException.conflict("preview '" + name + "' already exists in account '" + slug + "'");
            }
            Map<String, EnvironmentTarget> sources = new LinkedHashMap<>();
            Deque<String[]> queue = new ArrayDeque<>();
            new LinkedHashSet<>(body.services()).forEach(s -> queue.add(new String[]{s, null}));
            return closure(access, from, queue, sources)
                    .chain(() -> requireFree(access, name, List.copyOf(sources.values())))
                    .chain(() -> previews.insert(access.accountId(), name, from, access.username()))
                    .chain(previewId -> cloneAll(access, previewId, name, from, new ArrayList<>(sources.values()), new TreeMap<>()))
                    .call(() -> outbox.accountChanged(access.accountId(), access.slug()))
                    .chain(() -> previews.find(access.accountId(), name))
                    .call(created -> audit.record(access, "preview.create", access.slug() + "/previews/" + name, Map.of("after", Map.of(
                            "from", from, "sources", sourcesOf(sources),
                            "hostnames", hostnamesOf(created.getFirst())))))
                    .map(created -> created.getFirst().view());
        }));
    }

    @WithSession
    public Uni<List<PreviewView>> list(String slug) {
        return guard.require(slug, Role.VIEWER).chain(access -> previews.find(access.accountId(), null))
                .map(list -> list.stream().map(PreviewRepository.StoredPreview::view).toList());
    }

    @WithSession
    public Uni<PreviewView> get(String slug, String name) {
        return guard.require(slug, Role.VIEWER).chain(access -> require(access, name)).map(PreviewRepository.StoredPreview::view);
    }

    @WithTransaction
    public Uni<Void> delete(String slug, String name) {
        return guard.require(slug, Role.DEVELOPER).chain(access -> require(access, name).chain(preview ->
                requireUnboundFromOutside(access, preview)
                        .call(() -> outbox.accountChanged(access.accountId(), access.slug()))
                        .call(() -> audit.record(access, "preview.delete", access.slug() + "/previews/" + name, Map.of("before", Map.of(
                                "from", preview.from(), "hostnames", hostnamesOf(preview)))))
                        .call(() -> previews.delete(preview.id()))
                        .replaceWithVoid()));
    }

    private Uni<PreviewRepository.StoredPreview> require(AccountAccess access, String name) {
        return previews.find(access.accountId(), name).map(found -> {
            if (found.isEmpty()) {
                throw ProblemException.notFound("preview '" + name + "' not found in account '" + access.slug() + "'");
            }
            return found.getFirst();
        });
    }

    /** Visits services breadth first from the queue ({service, reached through}), recording each one's source environment. */
    private Uni<Void> closure(AccountAccess access, String from, Deque<String[]> queue, Map<String, EnvironmentTarget> sources) {
        String[] next = queue.poll();
        if (next == null) {
            return Uni.createFrom().voidItem();
        }
        String service = next[0];
        if (sources.containsKey(service)) {
            return closure(access, from, queue, sources);
        }
        return source(access, service, from, next[1]).chain(source -> {
            sources.put(service, source);
            return versions.latestBindings(source).chain(bindings -> {
                for (Binding binding : bindings) {
                    if (binding instanceof Binding.Service s && (s.follows() || s.environment().equals(from))) {
                        queue.add(new String[]{s.service(), service + "/" + source.name() + " (binding " + s.name() + ")"});
                    }
                }
                return closure(access, from, queue, sources);
            });
        });
    }

    /** A named service clones {@code from} (400 without it); a service reached through a binding, {@code from} else its production. */
    private Uni<EnvironmentTarget> source(AccountAccess access, String service, String from, String reachedThrough) {
        return environments.find(access, service, from).chain(env -> {
            if (env != null && env.latestVersion() > 0) {
                return Uni.createFrom().item(env);
            }
            if (reachedThrough == null) {
                throw ProblemException.invalid("services", env == null
                        ? "account '" + access.slug() + "' has no environment '" + from + "' of service '" + service + "'"
                        : "environment '" + from + "' of service '" + service + "' has no version to clone yet");
            }
            return environments.find(access, service, EnvironmentEntity.PRODUCTION).map(production -> {
                if (production == null || production.latestVersion() == 0) {
                    throw ProblemException.invalid("services", "service '" + service + "', reached through " + reachedThrough
                            + ", has " + (production == null ? "no production environment" : "no version to clone yet"));
                }
                return production;
            });
        });
    }

    private Uni<Void> requireFree(AccountAccess access, String name, List<EnvironmentTarget> sources) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<String> taken = new ArrayList<>();
        for (EnvironmentTarget source : sources) {
            chain = chain.chain(() -> environments.find(access, source.service(), name).map(existing -> {
                if (existing != null) {
                    taken.add(source.service() + "/" + name);
                }
                return null;
            }));
        }
        return chain.map(v -> {
            if (!taken.isEmpty()) {
                throw ProblemException.conflict("preview '" + name + "' would create environments that already exist ("
                        + String.join(", ", taken) + "); choose another name or delete them");
            }
            return null;
        });
    }

    private Uni<Void> cloneAll(AccountAccess access, UUID previewId, String name, String from, List<EnvironmentTarget> sources,
                               Map<String, String> done) {
        if (sources.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        EnvironmentTarget source = sources.removeFirst();
        String hostname = hostnames.of(access.slug(), source.service(), name, "name");
        return quotas.requireEnvironmentRoom(access, source.serviceId(), source.service())
                .chain(() -> environments.insert(source.serviceId(), name, hostname, previewId))
                .chain(env -> versions.copyLatestForPreview(source, new EnvironmentTarget(access, source.serviceId(), source.service(),
                        env.id, name, hostname, 0), from, "preview " + name + " of " + source.name() + " v" + source.latestVersion()))
                .chain(() -> cloneAll(access, previewId, name, from, sources, done));
    }

    /** 409 while deployed versions outside the preview bind one of its environments explicitly. */
    private Uni<Void> requireUnboundFromOutside(AccountAccess access, PreviewRepository.StoredPreview preview) {
        Set<String> inside = new LinkedHashSet<>();
        preview.environments().forEach(e -> inside.add(e.service() + "/" + e.environment() + " v"));
        List<String> binders = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (PreviewView.Environment env : preview.environments()) {
            chain = chain.chain(() -> environments.find(access, env.service(), env.environment()).chain(target -> target == null
                    ? Uni.createFrom().voidItem()
                    : deployedBindings.bindersOfEnvironment(access.accountId(), env.service(), env.environment(), target.id()).map(found -> {
                        found.stream().filter(b -> inside.stream().noneMatch(b::startsWith)).forEach(binders::add);
                        return null;
                    })));
        }
        return chain.map(v -> {
            if (!binders.isEmpty()) {
                throw ProblemException.conflict("preview '" + preview.name() + "' cannot be deleted while deployed versions outside it bind "
                        + "its environments (" + String.join(", ", binders) + ")");
            }
            return null;
        });
    }

    private static Map<String, String> sourcesOf(Map<String, EnvironmentTarget> sources) {
        Map<String, String> out = new TreeMap<>();
        sources.forEach((service, source) -> out.put(service, source.name() + " v" + source.latestVersion()));
        return out;
    }

    private static Map<String, String> hostnamesOf(PreviewRepository.StoredPreview preview) {
        Map<String, String> out = new TreeMap<>();
        preview.environments().forEach(e -> out.put(e.service(), e.hostname()));
        return out;
    }
}
