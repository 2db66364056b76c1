package io.edgeworks.api.environment;

import io.edgeworks.api.deployment.DeploymentState;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * An environment: its hostname, its latest version number (null before the first version), what its current
 * deployment serves (null before the first deployment), whether requests may override its version, and the service
 * bindings of its deployed versions resolved as they land now.
 */
public record EnvironmentView(String name, String hostname, Integer latestVersion, DeploymentState deployment, Instant createdAt,
                              @Schema(description = "Whether a request may choose this environment's version with the Edgeworks-Version-Overrides header") boolean versionOverrides,
                              @Schema(description = "Service bindings of the deployed versions, each with the environment and versions it reaches now") List<BindingView> bindings) {
}
