package io.edgeworks.edge.server;

import io.edgeworks.edge.config.EdgeConfig;
import io.edgeworks.edge.tail.RedisTails;
import io.edgeworks.edge.tail.TailHub;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Starts live tail (wiring, like {@link CronService}): a {@link TailHub} installed as the worker pool's tail hook,
 * fed from the tail registry in the published state's Redis (the state sync's URL, user, password and TLS), and
 * publishing there. Only with the state sync on.
 */
@ApplicationScoped
public class TailWiring {
    private static final Logger LOG = Logger.getLogger(TailWiring.class);

    private final EdgeConfig config;
    private final EdgeRuntime runtime;
    private final Vertx vertx;
    private final StateRedis stateRedis;
    private RedisTails redis;
    private TailHub hub;

    public TailWiring(EdgeConfig config, EdgeRuntime runtime, Vertx vertx, StateRedis stateRedis) {
        this.config = config;
        this.runtime = runtime;
        this.vertx = vertx;
        this.stateRedis = stateRedis;
    }

    void onStart(@Observes @Priority(2000) StartupEvent event) {
        EdgeConfig.Tail t = config.tail();
        if (!config.sync().enabled() || !t.enabled()) {
            LOG.infof("live tail off on this node (edge.sync.enabled=%s, edge.tail.enabled=%s)", config.sync().enabled(), t.enabled());
            return;
        }
        redis = new RedisTails(vertx, stateRedis.access(), t.pollMs());
        hub = new TailHub(redis, new TailHub.Limits(t.maxLines(), t.maxLineChars(), t.maxEventBytes(), t.maxEventsPerSecond()),
                System::currentTimeMillis);
        runtime.pool().tails(hub);
        redis.start(hub);
    }

    /** The node's tail table (null when live tail is off). */
    public TailHub hub() {
        return hub;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (redis != null) {
            redis.close();
        }
    }
}
