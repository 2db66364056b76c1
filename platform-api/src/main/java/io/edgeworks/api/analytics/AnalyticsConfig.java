package io.edgeworks.api.analytics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Analytics storage and queries (prefix {@code platform.analytics}). */
@ConfigMapping(prefix = "platform.analytics")
public interface AnalyticsConfig {

    /** Consume the edge nodes' analytics stream on this replica (every replica that does shares the work). */
    @WithDefault("true")
    boolean consume();

    /** How often the replica reads the stream ({@code platform.analytics.poll-interval}). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Stream entries read at once. */
    @WithDefault("100")
    int readCount();

    /** An entry another replica read but has not acknowledged for this long is taken over (that replica died). */
    @WithDefault("60s")
    Duration claimIdle();

    /** How long minutes are kept: older day partitions are dropped (by the hourly partition job). */
    @WithDefault("30d")
    Duration retention();

    /** Most points of one series ({@code (to - from) / step}); more get 400. */
    @WithDefault("1440")
    int maxPoints();

    /** Versions shown apart in an environment's series (the busiest in the range); the rest are summed as {@code "version": null}. */
    @WithDefault("10")
    int maxVersions();

    /** Environments in each list of the account summary (busiest, most failing). */
    @WithDefault("10")
    int topEnvironments();
}
