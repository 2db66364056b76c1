package io.edgeworks.bundle;

import java.util.List;
import java.util.Objects;

/**
 * One environment inside a bundle: its hostname, its deployment, the versions that deployment serves plus any
 * other version a service binding of the account pins ({@code Binding.Service#version}), sorted by number, and
 * whether a request may choose among them with the version-overrides header ({@code versionOverrides}; encoded
 * only when false, so bundles of environments that allow overrides keep their bytes).
 */
public record EnvironmentSpec(EnvironmentRef ref, String hostname, Deployment deployment, List<VersionSpec> versions,
                              boolean versionOverrides) {

    /** An environment that allows version overrides. */
    public EnvironmentSpec(EnvironmentRef ref, String hostname, Deployment deployment, List<VersionSpec> versions) {
        this(ref, hostname, deployment, versions, true);
    }

    public EnvironmentSpec {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(deployment, "deployment");
        versions = Objects.requireNonNull(versions, "versions").stream()
                .sorted(java.util.Comparator.comparingInt(VersionSpec::number)).toList();
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i).number() == versions.get(i - 1).number()) {
                throw new IllegalArgumentException(ref + ": version " + versions.get(i).number() + " appears twice");
            }
        }
        for (Deployment.Split split : deployment.versions()) {
            if (versions.stream().noneMatch(v -> v.number() == split.number())) {
                throw new IllegalArgumentException(ref + ": deployed version " + split.number() + " is missing from the bundle");
            }
        }
    }
}
