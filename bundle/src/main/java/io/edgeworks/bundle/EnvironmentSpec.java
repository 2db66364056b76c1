package io.edgeworks.bundle;

import java.util.List;
import java.util.Objects;

/**
 * One environment inside a bundle: its hostname, its deployment, and exactly the versions that
 * deployment serves (sorted by number).
 */
public record EnvironmentSpec(EnvironmentRef ref, String hostname, Deployment deployment, List<VersionSpec> versions) {
    public EnvironmentSpec {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(deployment, "deployment");
        versions = List.copyOf(versions);
        for (Deployment.Split split : deployment.versions()) {
            if (versions.stream().noneMatch(v -> v.number() == split.number())) {
                throw new IllegalArgumentException(ref + ": deployed version " + split.number() + " is missing from the bundle");
            }
        }
    }
}
