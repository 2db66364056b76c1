package io.edgeworks.edge.runtime;

/** One line a worker logged (console.* or an uncaught error), tagged with where it came from. */
public record LogLine(String environment, int version, String level, String message) {
}
