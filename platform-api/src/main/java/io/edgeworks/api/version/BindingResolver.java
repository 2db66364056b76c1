package io.edgeworks.api.version;

import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.Names;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.api.deployment.Deployments;
import io.edgeworks.api.environment.BindingTargets;
import io.edgeworks.api.environment.EnvironmentTarget;
import io.edgeworks.api.environment.Environments;
import io.edgeworks.api.kv.KvNamespaces;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.bundle.Binding;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates the bindings of a request and checks that each target exists in the same account. A service binding
 * is stored as declared: with its {@code environment}, or without one (it follows, {@link BindingTargets}); its
 * pinned {@code version} must exist in the environment the binding reaches now.
 */
@ApplicationScoped
public class BindingResolver {
    private final Environments environments;
    private final Deployments deployments;
    private final VersionRepository versions;
    private final KvNamespaces kvNamespaces;
    private final PlatformConfig config;

    public BindingResolver(Environments environments, Deployments deployments, VersionRepository versions,
                           KvNamespaces kvNamespaces, PlatformConfig config) {
        this.environments = environments;
        this.deployments = deployments;
        this.versions = versions;
        this.kvNamespaces = kvNamespaces;
        this.config = config;
    }

    /** Checks the shape of every binding (400 listing all problems). */
    public void checkShape(List<BindingRequest> bindings) {
        FieldErrors errors = new FieldErrors();
        if (bindings.size() > config.limits().bindings()) {
            errors.add("bindings", "at most " + config.limits().bindings() + " bindings, got " + bindings.size());
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < bindings.size(); i++) {
            String field = "bindings[" + i + "]";
            BindingRequest b = bindings.get(i);
            if (b == null) {
                errors.add(field, "must be an object");
                continue;
            }
            if (!Names.isIdentifier(b.name())) {
                errors.add(field + ".name", (b.name() == null ? "is required" : "'" + b.name() + "'") + " " + Names.IDENTIFIER_RULE);
            } else if (!names.add(b.name())) {
                errors.add(field + ".name", "binding '" + b.name() + "' appears twice");
            }
            if ("service".equals(b.type())) {
                Names.checkLabel(errors, field + ".service", b.service());
                if (b.environment() != null) {
                    Names.checkLabel(errors, field + ".environment", b.environment());
                }
                if (b.version() != null && b.version() < 1) {
                    errors.add(field + ".version", "must be a version number (1 or more), got " + b.version());
                }
                if (b.entrypoint() != null && !Names.isIdentifier(b.entrypoint())) {
                    errors.add(field + ".entrypoint", "'" + b.entrypoint() + "' " + Names.IDENTIFIER_RULE
                            + " (the name of an exported class, like 'Auth')");
                }
            } else if ("kv".equals(b.type())) {
                Names.checkLabel(errors, field + ".namespace", b.namespace());
                if (b.version() != null) {
                    errors.add(field + ".version", "only a service binding pins a version");
                }
                if (b.entrypoint() != null) {
                    errors.add(field + ".entrypoint", "only a service binding has an entrypoint");
                }
            } else {
                errors.add(field + ".type", (b.type() == null ? "is required" : "'" + b.type() + "' is unknown") + "; use service or kv");
            }
        }
        errors.throwIfAny();
    }

    /**
     * 409 when a stored binding's target no longer exists (a version made earlier, deployed or carried over
     * now by a version of {@code caller}): a service environment that was deleted or renamed, a pinned version
     * that was pruned, or a KV namespace deleted (and perhaps recreated under a new id).
     */
    public Uni<Void> requireTargetsExist(EnvironmentTarget caller, String what, List<Binding> stored) {
        List<String> missing = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Binding binding : stored) {
            switch (binding) {
                case Binding.Service s -> chain = chain.chain(() -> problem(caller.access(), caller.name(), s).map(problem -> {
                    if (problem != null) {
                        missing.add(s.name() + " -> " + problem);
                    }
                    return null;
                }));
                case Binding.Kv kv -> chain = chain.chain(() -> kvNamespaces.findId(caller.access().accountId(), kv.namespace()).map(id -> {
                    if (id == null || !id.toString().equals(kv.namespaceId())) {
                        missing.add(kv.name() + " -> KV namespace " + kv.namespace());
                    }
                    return null;
                }));
            }
        }
        return chain.map(v -> {
            if (!missing.isEmpty()) {
                throw ProblemException.conflict(what + " binds targets that no longer exist ("
                        + String.join(", ", missing) + "); create a version with new bindings");
            }
            return null;
        });
    }

    /** Resolves shape-checked bindings of a version of {@code caller}; 400 naming each binding whose target does not exist. */
    public Uni<List<Binding>> resolve(EnvironmentTarget caller, List<BindingRequest> bindings) {
        AccountAccess access = caller.access();
        List<Binding> resolved = new ArrayList<>();
        FieldErrors errors = new FieldErrors();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < bindings.size(); i++) {
            String field = "bindings[" + i + "]";
            BindingRequest b = bindings.get(i);
            if ("service".equals(b.type())) {
                Binding.Service declared = new Binding.Service(b.name(), b.service(), b.environment(), b.version(), b.entrypoint());
                chain = chain.chain(() -> problem(access, caller.name(), declared).map(problem -> {
                    if (problem != null) {
                        errors.add(field, "binding '" + b.name() + "': account '" + access.slug() + "' has " + problem);
                    } else {
                        resolved.add(declared);
                    }
                    return null;
                }));
            } else {
                chain = chain.chain(() -> kvNamespaces.findId(access.accountId(), b.namespace()).map(id -> {
                    if (id == null) {
                        errors.add(field, "binding '" + b.name() + "': account '" + access.slug() + "' has no KV namespace '"
                                + b.namespace() + "'");
                    } else {
                        resolved.add(new Binding.Kv(b.name(), b.namespace(), id.toString()));
                    }
                    return null;
                }));
            }
        }
        return chain.map(v -> {
            errors.throwIfAny();
            return resolved;
        });
    }

    /**
     * What is wrong with a service binding of a version of environment {@code callerEnvironment}, as "no …" (null:
     * nothing): an explicit environment must exist; a following binding needs the target service (its production);
     * a pinned version must exist in the environment the binding reaches now.
     */
    private Uni<String> problem(AccountAccess access, String callerEnvironment, Binding.Service s) {
        Uni<EnvironmentTarget> reached;
        if (!s.follows()) {
            reached = environments.find(access, s.service(), s.environment());
        } else {
            reached = environments.find(access, s.service(), callerEnvironment).chain(same -> same == null
                    ? Uni.createFrom().<Boolean>item(false)
                    : deployments.current(same.id()).map(state -> state != null))
                    .chain(sameDeployed -> environments.find(access, s.service(),
                            BindingTargets.environment(s, callerEnvironment, name -> sameDeployed)));
        }
        return reached.chain(target -> {
            if (target == null) {
                return Uni.createFrom().item(s.follows() ? "no service '" + s.service() + "'"
                        : "no environment '" + s.environment() + "' of service '" + s.service() + "'");
            }
            if (s.version() == null) {
                return Uni.createFrom().nullItem();
            }
            return versions.exists(target.id(), s.version()).map(found -> found ? null
                    : "no version " + s.version() + " of environment '" + target.name() + "' of service '" + s.service() + "'"
                    + (s.follows() ? " (where the binding, which follows, lands now)" : ""));
        });
    }
}
