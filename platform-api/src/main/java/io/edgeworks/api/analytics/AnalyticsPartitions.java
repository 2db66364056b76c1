package io.edgeworks.api.analytics;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Keeps the day partitions of {@code analytics_minutes}: today's and the next {@link #AHEAD} days' exist (at start and
 * every hour; {@code create … if not exists}, so replicas may race), and the days wholly older than
 * {@code platform.analytics.retention} are dropped (a whole partition at once: no row-by-row delete).
 */
@ApplicationScoped
class AnalyticsPartitions {
    /** How far ahead partitions exist (and how far in the future a batch's minute may lie). */
    static final Duration AHEAD = Duration.ofDays(2);
    private static final Logger LOG = Logger.getLogger(AnalyticsPartitions.class);

    private final Pool pool;
    private final AnalyticsRepository repository;
    private final AnalyticsConfig config;

    AnalyticsPartitions(Pool pool, AnalyticsRepository repository, AnalyticsConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        maintain().await().atMost(Duration.ofSeconds(30));
    }

    @Scheduled(identity = "analytics-partitions", every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> maintain() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long retentionDays = Math.max(1, config.retention().toDays());
        return pool.withConnection(conn -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (long d = 0; d <= AHEAD.toDays(); d++) {
                LocalDate day = today.plusDays(d);
                chain = chain.chain(() -> repository.ensurePartition(conn, day));
            }
            return chain.chain(() -> repository.dropPartitionsBefore(conn, today.minusDays(retentionDays)))
                    .invoke(dropped -> {
                        if (!dropped.isEmpty()) {
                            LOG.infof("analytics: dropped %s (older than %d days, platform.analytics.retention)", dropped, retentionDays);
                        }
                    }).replaceWithVoid();
        }).onFailure().recoverWithUni(e -> {
            LOG.warnf("analytics partition maintenance failed: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }
}
