package io.edgeworks.edge.server;

import io.edgeworks.edge.config.EdgeConfig;
import io.edgeworks.edge.cron.CronScheduler;
import io.edgeworks.edge.cron.RedisCronStore;
import io.edgeworks.edge.graph.LiveGraph;
import io.edgeworks.edge.metrics.EdgeMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Starts the {@link CronScheduler} (wiring, like {@link SyncService}): the ticks of the served graph's cron
 * triggers, claimed in the published state's Redis (the state sync's URL, user, password and TLS) and run on the
 * worker pool. Only with the state sync on: a node that follows no state has no triggers.
 */
@ApplicationScoped
public class CronService {
    private static final Logger LOG = Logger.getLogger(CronService.class);

    private final EdgeConfig config;
    private final EdgeRuntime runtime;
    private final LiveGraph live;
    private final EdgeMetrics metrics;
    private final Vertx vertx;
    private final StateRedis stateRedis;
    private RedisCronStore store;
    private CronScheduler scheduler;

    public CronService(EdgeConfig config, EdgeRuntime runtime, LiveGraph live, EdgeMetrics metrics, Vertx vertx,
                       StateRedis stateRedis) {
        this.config = config;
        this.runtime = runtime;
        this.live = live;
        this.metrics = metrics;
        this.vertx = vertx;
        this.stateRedis = stateRedis;
    }

    void onStart(@Observes @Priority(2000) StartupEvent event) {
        if (!config.sync().enabled() || !config.cron().enabled()) {
            LOG.infof("cron triggers off on this node (edge.sync.enabled=%s, edge.cron.enabled=%s)", config.sync().enabled(),
                    config.cron().enabled());
            return;
        }
        store = new RedisCronStore(vertx, stateRedis.access());
        String node = config.cron().nodeId().filter(n -> !n.isBlank()).orElseGet(CronService::defaultNodeId);
        scheduler = new CronScheduler(live::get, store, runtime.pool()::submitScheduled, metrics, node,
                config.cron().maxLatenessMs(), Clock.systemUTC());
        scheduler.start();
    }

    static String defaultNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "edge";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
