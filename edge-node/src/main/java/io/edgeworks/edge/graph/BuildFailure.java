package io.edgeworks.edge.graph;

/** Why an environment (or route) could not be built; the previous one keeps serving if there was one. */
public record BuildFailure(String subject, String reason) {
}
