package io.edgeworks.api.publish;

import io.edgeworks.api.environment.BindingTargets;
import io.edgeworks.api.environment.EnvironmentEntity;
import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.EnvironmentRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The account's service bindings resolved against its environments as they are at this publication
 * ({@link BindingTargets}): a following binding lands on the target's environment named like the caller's when
 * that is deployed, else on its production. Versions declare bindings; bundles carry them resolved, so creating,
 * deploying, renaming or deleting an environment changes the bundles that bind to it at the account's next
 * publication without a new version of any caller.
 */
final class BindingGraph {
    private final Map<String, Map<String, AccountData.Environment>> byService = new HashMap<>();

    BindingGraph(AccountData account) {
        for (AccountData.Environment environment : account.environments()) {
            byService.computeIfAbsent(environment.ref().service(), k -> new HashMap<>()).put(environment.ref().environment(), environment);
        }
    }

    /** The environment that {@code binding}, declared by a version of {@code caller}, reaches; null when it does not exist. */
    AccountData.Environment target(EnvironmentRef caller, Binding.Service binding) {
        Map<String, AccountData.Environment> environments = byService.getOrDefault(binding.service(), Map.of());
        String name = BindingTargets.environment(binding, caller.environment(), n -> {
            AccountData.Environment same = environments.get(n);
            return same != null && same.deployed();
        });
        return environments.get(name);
    }

    /** {@code binding} as a bundle carries it: service bindings with the environment they reach now. */
    Binding resolve(EnvironmentRef caller, Binding binding) {
        if (!(binding instanceof Binding.Service service) || !service.follows()) {
            return binding;
        }
        AccountData.Environment target = target(caller, service);
        return service.resolvedTo(target == null ? EnvironmentEntity.PRODUCTION : target.ref().environment());
    }

    List<Binding> resolve(EnvironmentRef caller, List<Binding> bindings) {
        List<Binding> resolved = new ArrayList<>(bindings.size());
        bindings.forEach(b -> resolved.add(resolve(caller, b)));
        return resolved;
    }

    /** A version of an environment, by id and number. */
    record Pin(java.util.UUID environmentId, int number) {
    }

    /**
     * The versions that bindings of the loaded versions pin and that their target environments do not carry yet
     * (each is loaded, then its own pins: the caller repeats until this is empty).
     */
    static Set<Pin> missingPins(AccountData account) {
        BindingGraph graph = new BindingGraph(account);
        Set<Pin> missing = new LinkedHashSet<>();
        for (AccountData.Environment environment : account.environments()) {
            for (AccountData.Version version : environment.versions()) {
                for (Binding binding : version.bindings()) {
                    if (binding instanceof Binding.Service s && s.version() != null) {
                        AccountData.Environment target = graph.target(environment.ref(), s);
                        if (target != null && target.deployed() && !target.hasVersion(s.version())) {
                            missing.add(new Pin(target.id(), s.version()));
                        }
                    }
                }
            }
        }
        return missing;
    }
}
