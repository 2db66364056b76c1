package io.edgeworks.edge.server;

import io.edgeworks.bundle.AnalyticsBatch;
import io.edgeworks.edge.analytics.EdgeAnalytics;
import io.edgeworks.edge.analytics.MinuteAggregator;
import io.edgeworks.edge.analytics.RedisAnalyticsSink;
import io.edgeworks.edge.config.EdgeConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts analytics (wiring, like {@link CronService}): a {@link MinuteAggregator} fed by the dispatcher and the runtime,
 * drained every {@code edge.analytics.flush-interval} (aligned to the interval, half a second after it, so a one-minute
 * interval ships each minute just after it ended) on a thread of its own, each batch added to the published state's
 * Redis stream. A batch Redis refuses is dropped and counted ({@code edge_analytics_batches_total{result="failed"}}):
 * aggregates are worth less than bounded memory. Only with the state sync on. The node's id is {@code edge.cron.node-id}
 * (default: host name and process id).
 */
@ApplicationScoped
public class AnalyticsWiring {
    private static final Logger LOG = Logger.getLogger(AnalyticsWiring.class);
    private static final long FLUSH_DELAY_MS = 500;

    private final EdgeConfig config;
    private final EdgeAnalytics analytics;
    private final Vertx vertx;
    private final StateRedis stateRedis;
    private final MeterRegistry registry;
    private ScheduledExecutorService flusher;
    private RedisAnalyticsSink sink;
    private MinuteAggregator aggregator;
    private String node;
    private boolean partial;

    public AnalyticsWiring(EdgeConfig config, EdgeAnalytics analytics, Vertx vertx, StateRedis stateRedis, MeterRegistry registry) {
        this.config = config;
        this.analytics = analytics;
        this.vertx = vertx;
        this.stateRedis = stateRedis;
        this.registry = registry;
    }

    void onStart(@Observes @Priority(2000) StartupEvent event) {
        EdgeConfig.Analytics a = config.analytics();
        if (!config.sync().enabled() || !a.enabled()) {
            LOG.infof("analytics off on this node (edge.sync.enabled=%s, edge.analytics.enabled=%s)", config.sync().enabled(), a.enabled());
            return;
        }
        long interval = a.flushInterval().toMillis();
        if (interval < 100) {
            throw new IllegalStateException("edge.analytics.flush-interval must be at least 100ms, not " + a.flushInterval());
        }
        Counter overflow = Counter.builder("edge_analytics_overflow_total")
                .description("Requests, limit hits and calls counted in a minute's overflow cell (edge.analytics.max-cells reached)")
                .register(registry);
        node = config.cron().nodeId().filter(n -> !n.isBlank()).orElseGet(CronService::defaultNodeId);
        partial = interval < AnalyticsBatch.MINUTE_MS;
        aggregator = new MinuteAggregator(a.maxCells(), System::currentTimeMillis, overflow::increment);
        sink = new RedisAnalyticsSink(vertx, stateRedis.access());
        flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("edge-analytics").daemon().factory());
        long now = System.currentTimeMillis();
        flusher.scheduleAtFixedRate(this::flush, interval - now % interval + FLUSH_DELAY_MS, interval, TimeUnit.MILLISECONDS);
        analytics.start(aggregator);
        LOG.infof("analytics: node %s ships per-minute aggregates every %d ms (at most %d environment versions per minute)",
                node, interval, a.maxCells());
    }

    private void flush() {
        try {
            for (AnalyticsBatch batch : aggregator.drain(node, partial)) {
                try {
                    sink.send(batch);
                    registry.counter("edge_analytics_batches_total", "result", "sent").increment();
                } catch (Exception e) {
                    registry.counter("edge_analytics_batches_total", "result", "failed").increment();
                    LOG.warnf("analytics batch of minute %d dropped: %s", batch.minute(), e.toString());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("analytics flush failed", e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (flusher != null) {
            flusher.shutdown();
            try {
                flusher.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            analytics.start(null);
            // what the last interval counted (the current minute too: a stopping node sends it now or never)
            aggregator.drain(node, true).forEach(batch -> {
                try {
                    sink.send(batch);
                } catch (Exception e) {
                    LOG.warnf("analytics batch of minute %d dropped at shutdown: %s", batch.minute(), e.toString());
                }
            });
        }
        if (sink != null) {
            sink.close();
        }
    }
}
