package io.edgeworks.edge.runtime;

import java.util.Objects;

/**
 * A cron trigger's tick handed to a worker's {@code scheduled(controller, env, ctx)}: the kind of invocation
 * besides a request ({@link EdgeRequest}). The worker sees {@code controller.scheduledTime} (epoch
 * milliseconds), {@code controller.cron} and {@code controller.noRetry()} (accepted; runs are never retried).
 */
public record ScheduledEvent(long scheduledTimeMillis, String cron) {
    /** The placeholder request of a scheduled invocation (nothing reads it but the operator log). */
    static final EdgeRequest REQUEST = new EdgeRequest("GET", "http://scheduled.internal/", java.util.List.of(), null);

    public ScheduledEvent {
        Objects.requireNonNull(cron, "cron");
    }
}
