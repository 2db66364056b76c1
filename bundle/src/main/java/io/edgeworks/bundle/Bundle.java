package io.edgeworks.bundle;

import java.util.List;
import java.util.Objects;

/**
 * What an edge node needs to serve one environment: the root environment plus every environment
 * reachable from it through service bindings (following each binding's target environment,
 * transitively; cycles included once), each with its deployment and deployed versions.
 * {@code environments} is sorted by key and contains the root.
 */
public record Bundle(int format, EnvironmentRef root, List<EnvironmentSpec> environments) {
    public static final int FORMAT = 1;

    public Bundle {
        Objects.requireNonNull(root, "root");
        environments = Objects.requireNonNull(environments, "environments").stream()
                .sorted((a, b) -> a.ref().compareTo(b.ref())).toList();
        for (int i = 1; i < environments.size(); i++) {
            if (environments.get(i).ref().equals(environments.get(i - 1).ref())) {
                throw new IllegalArgumentException("bundle for " + root + " contains environment "
                        + environments.get(i).ref() + " twice");
            }
        }
        if (environments.stream().noneMatch(e -> e.ref().equals(root))) {
            throw new IllegalArgumentException("bundle for " + root + " does not contain its root environment");
        }
    }

    public EnvironmentSpec rootEnvironment() {
        return environments.stream().filter(e -> e.ref().equals(root)).findFirst().orElseThrow();
    }
}
