package io.edgeworks.api.version;

import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.Names;
import io.edgeworks.api.config.PlatformConfig;
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

/** Validates the bindings of a request and resolves each to a target that exists in the same account. */
@ApplicationScoped
public class BindingResolver {
    private final Environments environments;
    private final KvNamespaces kvNamespaces;
    private final PlatformConfig config;

    public BindingResolver(Environments environments, KvNamespaces kvNamespaces, PlatformConfig config) {
        this.environments = environments;
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
                if (b.entrypoint() != null && !Names.isIdentifier(b.entrypoint())) {
                    errors.add(field + ".entrypoint", "'" + b.entrypoint() + "' " + Names.IDENTIFIER_RULE
                            + " (the name of an exported class, like 'Auth')");
                }
            } else if ("kv".equals(b.type())) {
                Names.checkLabel(errors, field + ".namespace", b.namespace());
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
     * now): a service environment that was deleted or renamed, or a KV namespace deleted (and perhaps
     * recreated under a new id).
     */
    public Uni<Void> requireTargetsExist(AccountAccess access, String what, List<Binding> stored) {
        List<String> missing = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Binding binding : stored) {
            switch (binding) {
                case Binding.Service s -> chain = chain.chain(() -> environments.find(access, s.service(), s.environment()).map(t -> {
                    if (t == null) {
                        missing.add(s.name() + " -> " + s.service() + "/" + s.environment());
                    }
                    return null;
                }));
                case Binding.Kv kv -> chain = chain.chain(() -> kvNamespaces.findId(access.accountId(), kv.namespace()).map(id -> {
                    if (id == null || !id.toString().equals(kv.namespaceId())) {
                        missing.add(kv.name() + " -> KV namespace " + kv.namespace());
                    }
                    return null;
                }));
            }
        }
        return chain.map(v -> {
            if (!missing.isEmpty()) {
                throw io.edgeworks.api.common.ProblemException.conflict(what + " binds targets that no longer exist ("
                        + String.join(", ", missing) + "); create a version with new bindings");
            }
            return null;
        });
    }

    /** Resolves shape-checked bindings; 400 naming each binding whose target does not exist. */
    public Uni<List<Binding>> resolve(AccountAccess access, List<BindingRequest> bindings) {
        List<Binding> resolved = new ArrayList<>();
        FieldErrors errors = new FieldErrors();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < bindings.size(); i++) {
            String field = "bindings[" + i + "]";
            BindingRequest b = bindings.get(i);
            if ("service".equals(b.type())) {
                String environment = b.environment() == null ? "production" : b.environment();
                chain = chain.chain(() -> environments.find(access, b.service(), environment).map(target -> {
                    if (target == null) {
                        errors.add(field, "binding '" + b.name() + "': account '" + access.slug() + "' has no environment '"
                                + environment + "' of service '" + b.service() + "'");
                    } else {
                        resolved.add(new Binding.Service(b.name(), b.service(), environment, null, b.entrypoint()));
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
}
