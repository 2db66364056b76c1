package io.edgeworks.api.environment;

import io.edgeworks.bundle.Binding;

import java.util.function.Predicate;

/**
 * Where a service binding lands: the one rule, shared by publication (the bundles edge nodes serve) and the
 * environment view. An explicit {@code environment} is that environment. A binding without one <em>follows</em>:
 * it reaches the environment of the target service named like the caller's environment when that one is
 * deployed (created empty and never deployed does not count yet, so creating it never breaks the caller), else
 * the target's production. The answer belongs to the deployed graph, not to the immutable version: it changes
 * as environments are created, deployed, renamed or deleted, and each such change republishes the account.
 */
public final class BindingTargets {
    private BindingTargets() {
    }

    /**
     * The target environment of {@code binding} declared by a version of the caller's environment
     * {@code callerEnvironment}; {@code deployed} says whether an environment of the binding's target service
     * (by name) has a deployment.
     */
    public static String environment(Binding.Service binding, String callerEnvironment, Predicate<String> deployed) {
        if (!binding.follows()) {
            return binding.environment();
        }
        return deployed.test(callerEnvironment) ? callerEnvironment : EnvironmentEntity.PRODUCTION;
    }
}
