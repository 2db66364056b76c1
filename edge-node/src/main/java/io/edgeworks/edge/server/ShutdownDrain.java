package io.edgeworks.edge.server;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Graceful shutdown of the edge node (README "Cluster mode, graceful shutdown and rolling restarts"). Quarkus does the
 * first two steps on SIGTERM: readiness goes down at once and the node keeps serving for
 * {@code quarkus.shutdown.delay} (so that a load balancer's health check takes it out of rotation), then the public HTTP port's in-flight requests are awaited up to
 * {@code quarkus.shutdown.timeout} ({@code GracefulShutdownFilter}, which also sends {@code Connection: close}). This
 * bean adds what Quarkus does not see: requests on the edge's own HTTPS listener ({@link TlsListener}, not Quarkus'
 * HTTP server) and work that outlives its response (ctx.waitUntil(), cron runs) on the worker pool. It runs first
 * among the shutdown observers ({@code @Priority(1)}): until it returns, the pool, the HTTPS listener, state sync,
 * cron and analytics keep running; it waits until nothing is in flight, at most {@code quarkus.shutdown.timeout}.
 * From the moment the shutdown starts every HTTP/1.x answer carries {@code Connection: close}, so clients with a
 * kept-alive connection (or one pinned through a TCP proxy) come back on a new connection, which the proxy sends to
 * another node.
 */
@ApplicationScoped
public class ShutdownDrain {
    private static final Logger LOG = Logger.getLogger(ShutdownDrain.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final EdgeRuntime runtime;
    private final Duration timeout;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger tlsInFlight = new AtomicInteger();

    public ShutdownDrain(EdgeRuntime runtime, @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> timeout) {
        this.runtime = runtime;
        this.timeout = timeout.filter(t -> !t.isNegative()).orElse(DEFAULT_TIMEOUT);
    }

    /** True from the start of the shutdown (including its delay) on. */
    public boolean draining() {
        return draining.get();
    }

    /** During a shutdown: asks the client of an HTTP/1.x request to close its connection after this answer. */
    public void closeConnectionWhenDraining(HttpServerRequest request) {
        if (draining.get() && request.version() != HttpVersion.HTTP_2) {
            request.response().putHeader("connection", "close");
        }
    }

    /** A request of the HTTPS listener started ({@link TlsListener} counts per connection and reports ends). */
    void tlsRequestStarted() {
        tlsInFlight.incrementAndGet();
    }

    /** {@code count} requests of the HTTPS listener ended (answered, or their connection closed). */
    void tlsRequestsEnded(int count) {
        if (count > 0) {
            tlsInFlight.addAndGet(-count);
        }
    }

    void delayStarted(@Observes ShutdownDelayInitiatedEvent event) {
        if (draining.compareAndSet(false, true)) {
            LOG.info("shutdown: readiness is down; serving on during quarkus.shutdown.delay so that load balancers stop sending");
        }
    }

    /** Waits (bounded) for the HTTPS listener's requests and the worker pool's jobs before anything is closed. */
    void drain(@Observes @Priority(1) ShutdownEvent event) {
        draining.set(true);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int tls = tlsInFlight.get();
        int jobs = runtime.pool() == null ? 0 : runtime.pool().inProgress();
        while ((tls > 0 || jobs > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            tls = tlsInFlight.get();
            jobs = runtime.pool() == null ? 0 : runtime.pool().inProgress();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (tls > 0 || jobs > 0) {
            LOG.warnf("shutdown: %d HTTPS request(s) and %d worker job(s) still in flight after %d ms (quarkus.shutdown.timeout):"
                    + " closing anyway", tls, jobs, millis);
        } else {
            LOG.infof("shutdown: no request or worker job in flight (waited %d ms)", millis);
        }
    }
}
