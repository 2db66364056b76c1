package io.edgeworks.api.environment;

import io.edgeworks.api.deployment.Split;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The binding graph of an environment as it is deployed now: the environment itself and every environment it reaches
 * through service bindings of deployed versions, transitively, each binding resolved as publication resolves it
 * ({@link BindingTargets}). Read-only; the same answer as walking {@code bindings} of each environment view.
 */
@Schema(description = "The service-binding graph of an environment: every environment it reaches through the bindings of "
        + "deployed versions, transitively, with each binding resolved as publication resolves it now")
public record GraphView(
        @Schema(description = "Id (`service/environment`) of the environment the graph starts at", example = "gateway/production") String root,
        @Schema(description = "The environments, the root first, then in the order the walk reached them") List<Node> nodes,
        @Schema(description = "The service bindings, in the order the walk found them") List<Edge> edges,
        @Schema(description = "True when the walk stopped at " + GraphView.MAX_NODES + " environments (the rest is not shown)") boolean truncated) {

    /** Most environments one graph shows. */
    public static final int MAX_NODES = 200;

    /** An environment of the graph. */
    @Schema(name = "GraphNode")
    public record Node(
            @Schema(description = "`service/environment`", example = "auth/production") String id,
            @Schema(example = "auth") String service,
            @Schema(example = "production") String environment,
            @Schema(description = "Its hostname; null when a binding reaches an environment that does not exist") String hostname,
            @Schema(description = "False when a binding reaches an environment that does not exist") boolean exists,
            @Schema(description = "The versions its current deployment serves with their percentages (empty: not deployed)") List<Split> versions) {
    }

    /** A service binding of a deployed version of {@code from}, landing on {@code to}. */
    @Schema(name = "GraphEdge")
    public record Edge(
            @Schema(description = "The caller's node id", example = "gateway/production") String from,
            @Schema(description = "The node id the binding reaches now", example = "auth/production") String to,
            @Schema(description = "The caller's deployed version that declares the binding", example = "4") int inVersion,
            @Schema(description = "Name in the worker's env", example = "AUTH") String name,
            @Schema(description = "The named entrypoint (a `WorkerEntrypoint` class export) when the binding names one", example = "AdminApi") String entrypoint,
            @Schema(description = "The pinned version of the target, when the binding pins one", example = "3") Integer version,
            @Schema(description = "True when the binding names no environment and follows the caller's") boolean follows,
            @Schema(description = "The target's versions that serve the binding's calls now: the pinned one, else the target's deployment") List<Split> versions) {
    }
}
