package io.edgeworks.edge.runtime;

/** What the runtime reports outward (metrics, tenant log shipping). Methods run on worker threads. */
public interface RuntimeEvents {

    default void limitHit(WorkerVersion version, LimitKind kind) {
    }

    default void tenantLog(LogLine line) {
    }

    default void subrequest(WorkerVersion version, String kind) {
    }

    /** A request of {@code version} was refused before it ran (its account is over its share of the node). */
    default void refused(WorkerVersion version, String reason) {
    }

    RuntimeEvents NONE = new RuntimeEvents() {
    };
}
