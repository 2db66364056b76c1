package io.edgeworks.api.environment;

import io.edgeworks.api.deployment.DeploymentState;

import java.time.Instant;

/**
 * An environment: its hostname, its latest version number (null before the first version) and what its
 * current deployment serves (null before the first deployment).
 */
public record EnvironmentView(String name, String hostname, Integer latestVersion, DeploymentState deployment, Instant createdAt) {
}
