package io.edgeworks.bundle;

import java.util.Objects;

/**
 * One run of an environment's cron trigger, as the edge node that ran it records it in
 * {@link RedisLayout#cronRunsKey} and platform-api lists it ({@code GET …/environments/{e}/triggers/runs}).
 *
 * @param scheduledTime the tick, epoch milliseconds (what {@code controller.scheduledTime} showed the worker)
 * @param cron          the expression that fired (normalised, as {@code controller.cron})
 * @param startedAt     when the run started, epoch milliseconds (after the tick: the lease, the queue)
 * @param durationMs    from the start to the end of the run, {@code ctx.waitUntil()} work included
 * @param outcome       how it ended
 * @param error         what went wrong (an exception's stack, the limit hit, why it did not run); null when ok
 * @param version       the version number that ran (0 when none could be chosen)
 * @param node          the edge node that ran it ({@code edge.cron.node-id})
 */
public record CronRun(long scheduledTime, String cron, long startedAt, long durationMs, Outcome outcome, String error,
                      int version, String node) {

    /** How a run ended. */
    public enum Outcome {
        /** {@code scheduled()} (and every {@code ctx.waitUntil()} promise) settled without an uncaught error. */
        OK,
        /** It threw or rejected, the worker has no {@code scheduled} handler, or it could not run at all. */
        EXCEPTION,
        /** A limit of the version ended it (CPU, wall-clock, memory, …); {@code error} names it. */
        EXCEEDED_LIMIT;

        /** The wire and API name: {@code ok}, {@code exception}, {@code exceeded_limit}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Outcome ofWire(String name) {
            for (Outcome o : values()) {
                if (o.wire().equals(name)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown outcome '" + name + "'");
        }
    }

    public CronRun {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(node, "node");
        if (scheduledTime < 0 || startedAt < 0 || durationMs < 0 || version < 0) {
            throw new IllegalArgumentException("times, duration and version must not be negative");
        }
        if (outcome == Outcome.OK && error != null) {
            throw new IllegalArgumentException("an ok run has no error");
        }
        if (outcome != Outcome.OK && error == null) {
            throw new IllegalArgumentException("a failed run names its error");
        }
    }
}
