package io.edgeworks.api.version;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.Blocking;
import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.Names;
import io.edgeworks.api.common.PageRequest;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.deployment.DeploymentState;
import io.edgeworks.api.deployment.Deployments;
import io.edgeworks.api.deployment.Split;
import io.edgeworks.api.environment.EnvironmentTarget;
import io.edgeworks.api.environment.Environments;
import io.edgeworks.api.publish.Outbox;
import io.edgeworks.api.quota.Quotas;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.Role;
import io.edgeworks.api.security.SecretVault;
import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.SealedSecret;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Versions of an environment. Every change of code, vars, secrets, bindings or limits creates the next number
 * (gapless and unique: the environment row is locked, then its counter incremented, in the version's
 * transaction); a request whose content digest equals the latest version's creates none.
 */
@ApplicationScoped
public class VersionService {
    private final VersionRepository versions;
    private final Environments environments;
    private final Deployments deployments;
    private final ModuleChecker modules;
    private final BindingResolver bindings;
    private final ContentRules rules;
    private final ContentDigest digests;
    private final SecretVault vault;
    private final AccessGuard guard;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Quotas quotas;

    public VersionService(VersionRepository versions, Environments environments, Deployments deployments, ModuleChecker modules,
                          BindingResolver bindings, ContentRules rules, ContentDigest digests, SecretVault vault,
                          AccessGuard guard, AuditLog audit, Outbox outbox, Quotas quotas) {
        this.quotas = quotas;
        this.versions = versions;
        this.environments = environments;
        this.deployments = deployments;
        this.modules = modules;
        this.bindings = bindings;
        this.rules = rules;
        this.digests = digests;
        this.vault = vault;
        this.guard = guard;
        this.audit = audit;
        this.outbox = outbox;
    }

    /** The version a write answers with, and whether it is new (201) or the unchanged latest (200). */
    public record Outcome(VersionView version, boolean created) {
    }

    /** A change to apply to the latest version (null before the first) under the environment's lock. */
    private record Change(String action, Annotations annotations, boolean deploy, boolean skipWhenUnchanged,
                          Function<VersionRepository.StoredVersion, VersionContent> apply, Map<String, Object> details) {
    }

    @WithTransaction
    public Uni<Outcome> create(String slug, String service, String environment, CreateVersion body) {
        if (body == null) {
            throw ProblemException.invalid("modules", "a JSON body is required; the first version needs modules");
        }
        FieldErrors errors = new FieldErrors();
        if (body.vars() != null) {
            rules.checkVars(errors, body.vars(), false);
        }
        rules.checkLimits(errors, body.limits());
        rules.checkAnnotations(errors, body.annotations());
        errors.throwIfAny();
        if (body.bindings() != null) {
            bindings.checkShape(body.bindings());
        }
        Annotations annotations = body.annotations() == null ? Annotations.NONE : body.annotations();
        boolean deploy = body.deploy() == null || body.deploy();
        return guard.require(slug, Role.DEVELOPER, environment)
                .chain(access -> environments.require(access, service, environment))
                .call(target -> body.modules() == null ? Uni.createFrom().voidItem() : Blocking.run(() -> modules.check(body.modules())))
                .chain(target -> (body.bindings() == null ? Uni.createFrom().<List<Binding>>nullItem()
                        : bindings.resolve(target, body.bindings()))
                        .chain(resolved -> commit(target, new Change("version.create", annotations, deploy, true,
                                latest -> contentFor(body, latest, resolved), Map.of()))));
    }

    private VersionContent contentFor(CreateVersion body, VersionRepository.StoredVersion latest, List<Binding> resolved) {
        VersionContent previous = latest == null ? null : latest.content();
        if (previous == null && body.modules() == null) {
            throw ProblemException.invalid("modules", "the first version of an environment needs modules");
        }
        Map<String, String> code = body.modules() != null ? body.modules() : previous.modules();
        String main = body.modules() == null && body.mainModule() == null ? previous.mainModule()
                : modules.mainModule(body.mainModule(), previous == null ? null : previous.mainModule(), code);
        Integer cpu = body.limits() == null ? null : body.limits().cpuMs();
        return new VersionContent(main, new TreeMap<>(code),
                new TreeMap<>(body.vars() != null ? body.vars() : previous == null ? Map.of() : previous.vars()),
                new TreeMap<>(previous == null ? Map.of() : previous.secrets()),
                resolved != null ? resolved : previous == null ? List.of() : previous.bindings(),
                cpu != null ? cpu : previous == null ? rules.defaultCpuMs() : previous.cpuMs());
    }

    @WithTransaction
    public Uni<Outcome> patchVars(String slug, String service, String environment, Map<String, String> patch) {
        if (patch == null || patch.isEmpty()) {
            throw ProblemException.invalid("vars", "send an object of vars to set, with null for those to remove: {\"K\": \"v\", \"OLD\": null}");
        }
        FieldErrors errors = new FieldErrors();
        rules.checkVars(errors, patch, true);
        errors.throwIfAny();
        List<String> set = patch.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).sorted().toList();
        List<String> removed = patch.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).sorted().toList();
        String message = (set.isEmpty() ? "" : "set vars " + String.join(", ", set))
                + (set.isEmpty() || removed.isEmpty() ? "" : "; ") + (removed.isEmpty() ? "" : "removed vars " + String.join(", ", removed));
        return onEnvironment(slug, service, environment, new Change("version.vars", Annotations.message(message), true, true, latest -> {
            if (latest == null) {
                throw ContentRules.noVersionYet(environment);
            }
            Map<String, String> vars = new TreeMap<>(latest.content().vars());
            patch.forEach((name, value) -> {
                if (value == null) {
                    vars.remove(name);
                } else {
                    vars.put(name, value);
                }
            });
            return latest.content().withVars(vars);
        }, Map.of("set", set, "removed", removed)));
    }

    @WithTransaction
    public Uni<Outcome> putSecret(String slug, String service, String environment, String name, PutSecret body) {
        rules.checkSecretValue(name, body == null ? null : body.value());
        return guard.require(slug, Role.DEVELOPER, environment)
                .chain(access -> environments.require(access, service, environment))
                .chain(target -> {
                    // sealed for this environment only (account, service and environment ids in the associated data)
                    SealedSecret sealed = vault.seal(target.secretPlace(), name, body.value());
                    return commit(target, new Change("version.secret.put", Annotations.message("set secret " + name),
                            true, true, latest -> {
                        if (latest == null) {
                            throw ContentRules.noVersionYet(environment);
                        }
                        Map<String, SealedSecret> secrets = new TreeMap<>(latest.content().secrets());
                        secrets.put(name, sealed);
                        return latest.content().withSecrets(secrets);
                    }, Map.of("secret", name)));
                });
    }

    @WithTransaction
    public Uni<Outcome> deleteSecret(String slug, String service, String environment, String name) {
        if (!Names.isIdentifier(name)) {
            throw ProblemException.invalid("name", "secret name '" + name + "' " + Names.IDENTIFIER_RULE);
        }
        return onEnvironment(slug, service, environment, new Change("version.secret.delete", Annotations.message("removed secret " + name),
                true, false, latest -> {
            if (latest == null || !latest.content().secrets().containsKey(name)) {
                throw ProblemException.notFound("environment '" + environment + "' has no secret '" + name + "'");
            }
            Map<String, SealedSecret> secrets = new TreeMap<>(latest.content().secrets());
            secrets.remove(name);
            return latest.content().withSecrets(secrets);
        }, Map.of("secret", name)));
    }

    /** Copies {@code from}'s latest version into {@code to} as a new version, deployed at 100% (clone). */
    public Uni<Outcome> copyLatest(EnvironmentTarget from, EnvironmentTarget to, String message) {
        return versions.findByNumber(from.id(), from.latestVersion()).chain(source -> commit(to, new Change("version.copy",
                Annotations.message(message), true, false, latest -> resealed(source.content(), from, to),
                Map.of("from", from.key(), "from_version", source.number()))));
    }

    /**
     * Copies {@code from}'s latest version into {@code to} for a full-stack preview (deployed at 100%): every service
     * binding that follows or names {@code previewOf} (the environment the preview is made from) follows in the copy,
     * and loses its version pin, so that it lands in the preview's environment of its target.
     */
    public Uni<Outcome> copyLatestForPreview(EnvironmentTarget from, EnvironmentTarget to, String previewOf, String message) {
        return versions.findByNumber(from.id(), from.latestVersion()).chain(source -> commit(to, new Change("version.copy",
                Annotations.message(message), true, false,
                latest -> resealed(source.content().withBindings(followingIn(source.content().bindings(), previewOf)), from, to),
                Map.of("from", from.key(), "from_version", source.number()))));
    }

    /** The bindings a preview copy carries ({@link #copyLatestForPreview}). */
    public static List<Binding> followingIn(List<Binding> bindings, String previewOf) {
        return bindings.stream().map(b -> b instanceof Binding.Service s && (s.follows() || s.environment().equals(previewOf))
                ? new Binding.Service(s.name(), s.service(), null, null, s.entrypoint()) : b).toList();
    }

    /** The bindings of the environment's latest version (none before its first). */
    public Uni<List<Binding>> latestBindings(EnvironmentTarget target) {
        return target.latestVersion() == 0 ? Uni.createFrom().item(List.of())
                : versions.findByNumber(target.id(), target.latestVersion()).map(v -> v == null ? List.of() : v.content().bindings());
    }

    @WithTransaction
    public Uni<Outcome> promote(String slug, String service, String environment, Promote body) {
        FieldErrors errors = new FieldErrors();
        Names.checkLabel(errors, "to", body == null ? null : body.to());
        if (body != null && environment.equals(body.to())) {
            errors.add("to", "an environment cannot be promoted to itself");
        }
        if (body != null && body.message() != null && body.message().length() > 1000) {
            errors.add("message", "must be at most 1000 characters");
        }
        errors.throwIfAny();
        return guard.require(slug, Role.DEVELOPER, body.to())
                .chain(access -> environments.require(access, service, environment).chain(from -> {
                    if (from.latestVersion() == 0) {
                        throw ContentRules.noVersionYet(environment);
                    }
                    return environments.find(access, service, body.to()).chain(to -> {
                        if (to == null) {
                            throw ProblemException.invalid("to", "service '" + service + "' has no environment '" + body.to() + "'");
                        }
                        String message = body.message() != null ? body.message()
                                : "promoted from " + environment + " v" + from.latestVersion();
                        return versions.findByNumber(from.id(), from.latestVersion()).chain(source -> commit(to, new Change(
                                "environment.promote", Annotations.message(message), true, false,
                                latest -> resealed(source.content(), from, to),
                                Map.of("from", from.key(), "from_version", source.number()))));
                    });
                }));
    }

    @WithSession
    public Uni<List<VersionView>> list(String slug, String service, String environment, PageRequest page) {
        return guard.require(slug, Role.VIEWER)
                .chain(access -> environments.require(access, service, environment))
                .chain(target -> versions.listNewestFirst(target.id(), page)
                        .map(list -> list.stream().map(v -> view(target, v)).toList()));
    }

    @WithSession
    public Uni<VersionDetail> get(String slug, String service, String environment, int number) {
        return guard.require(slug, Role.VIEWER)
                .chain(access -> environments.require(access, service, environment))
                .chain(target -> versions.findByNumber(target.id(), number).map(v -> {
                    if (v == null) {
                        throw ProblemException.notFound("environment '" + environment + "' has no version " + number);
                    }
                    VersionContent c = v.content();
                    return new VersionDetail(v.number(), v.id(), v.createdAt(), v.author(), v.annotations(), target.hostname(),
                            v.digest(), c.mainModule(), c.modules(), c.vars(), List.copyOf(c.secrets().keySet()),
                            c.bindings().stream().map(StoredBindings::toView).toList(), new CreateVersion.LimitsBody(c.cpuMs()));
                }));
    }

    /** {@code content} of {@code from} with its secrets sealed again for {@code to} (at-rest values are bound to their environment). */
    private VersionContent resealed(VersionContent content, EnvironmentTarget from, EnvironmentTarget to) {
        return content.withSecrets(vault.rebind(from.secretPlace(), to.secretPlace(), content.secrets()));
    }

    private Uni<Outcome> onEnvironment(String slug, String service, String environment, Change change) {
        return guard.require(slug, Role.DEVELOPER, environment)
                .chain(access -> environments.require(access, service, environment))
                .chain(target -> commit(target, change));
    }

    /** Locks the environment, applies the change to its latest version and stores the result as the next number. */
    private Uni<Outcome> commit(EnvironmentTarget target, Change change) {
        String author = target.access().username();
        return environments.lock(target)
                .chain(latestNumber -> latestNumber == 0 ? Uni.createFrom().<VersionRepository.StoredVersion>nullItem()
                        : versions.findByNumber(target.id(), latestNumber))
                .chain(latest -> {
                    VersionContent content = change.apply().apply(latest);
                    rules.checkContent(content);
                    return bindings.requireTargetsExist(target, "the new version", content.bindings())
                            .chain(() -> store(target, change, latest, content, author));
                });
    }

    private Uni<Outcome> store(EnvironmentTarget target, Change change, VersionRepository.StoredVersion latest,
                               VersionContent content, String author) {
        String digest = digests.of(content, target.secretPlace());
        if (change.skipWhenUnchanged() && latest != null && latest.digest().equals(digest)) {
            VersionRepository.Summary same = new VersionRepository.Summary(latest.id(), latest.number(),
                    latest.annotations(), latest.author(), latest.digest(), latest.createdAt());
            return (change.deploy() ? ensureDeployed(target, latest.number(), change.annotations())
                    : Uni.createFrom().voidItem()).map(v -> new Outcome(view(target, same), false));
        }
        return environments.nextVersionNumber(target)
                .chain(number -> versions.insert(target.id(), number, content, change.annotations(), author, digest))
                .call(saved -> change.deploy()
                        ? deployments.record(target.id(), List.of(new Split(saved.number(), 100)), change.annotations().message(), author)
                        : Uni.createFrom().voidItem())
                .call(saved -> quotas.pruneVersions(target.access(), target.key(), target.id()))
                .call(saved -> outbox.accountChanged(target.access().accountId(), target.access().slug()))
                .call(saved -> audit.record(target.access(), change.action(), target.key() + "@v" + saved.number(),
                        summary(latest, saved, content, change)))
                .map(saved -> new Outcome(view(target, saved), true));
    }

    /** For an unchanged request that asks to deploy: deploy the latest version at 100% unless it already is. */
    private Uni<Void> ensureDeployed(EnvironmentTarget target, int number, Annotations annotations) {
        return deployments.current(target.id()).chain(current -> {
            DeploymentState wanted = new DeploymentState(List.of(new Split(number, 100)));
            if (Objects.equals(current, wanted)) {
                return Uni.createFrom().voidItem();
            }
            return deployments.record(target.id(), wanted.versions(), annotations.message(), target.access().username())
                    .call(() -> outbox.accountChanged(target.access().accountId(), target.access().slug()))
                    .call(() -> audit.record(target.access(), "deployment.create", target.key(), Map.of(
                            "before", current == null ? Map.of() : Map.of("versions", current.versions()),
                            "after", Map.of("versions", wanted.versions()))))
                    .replaceWithVoid();
        });
    }

    /** Before/after summary for the audit log: numbers, digests and which parts changed; never secret values. */
    private static Map<String, Object> summary(VersionRepository.StoredVersion latest, VersionRepository.Summary saved,
                                               VersionContent content, Change change) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("number", saved.number());
        after.put("digest", saved.digest());
        after.put("deployed", change.deploy());
        List<String> changed = new ArrayList<>();
        VersionContent before = latest == null ? null : latest.content();
        if (before == null || !before.modules().equals(content.modules()) || !before.mainModule().equals(content.mainModule())) {
            changed.add("modules");
        }
        if (before == null || !before.vars().equals(content.vars())) {
            changed.add("vars");
        }
        if (before == null || !before.secrets().keySet().equals(content.secrets().keySet())
                || change.action().equals("version.secret.put")) {
            changed.add("secrets");
        }
        if (before == null || !before.bindings().equals(content.bindings())) {
            changed.add("bindings");
        }
        if (before == null || before.cpuMs() != content.cpuMs()) {
            changed.add("limits");
        }
        after.put("changed", changed);
        after.putAll(change.details());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("before", latest == null ? Map.of() : Map.of("number", latest.number(), "digest", latest.digest()));
        summary.put("after", after);
        return summary;
    }

    private static VersionView view(EnvironmentTarget target, VersionRepository.Summary v) {
        return new VersionView(v.number(), v.id(), v.createdAt(), v.author(), v.annotations(), target.hostname(), v.digest());
    }
}
