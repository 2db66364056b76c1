package io.edgeworks.edge.server;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready} (management port) is up only after the first complete load of the published state (every
 * environment servable: with {@code edge.sync.lazy-start} each compiles on its first request) and once the runtime's
 * warm-up has run on every worker thread: until then tenant requests would only queue behind it.
 */
@Readiness
@ApplicationScoped
public class SyncReadiness implements HealthCheck {
    private final SyncService sync;
    private final EdgeRuntime runtime;

    public SyncReadiness(SyncService sync, EdgeRuntime runtime) {
        this.sync = sync;
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("edge-state")
                .status(sync.ready() && warmedUp())
                .withData("applied_sequence", sync.appliedSequence())
                .withData("runtime_warm_up", warmedUp() ? "done" : "running");
        String failure = sync.lastFailure();
        if (failure != null) {
            response.withData("redis", failure);
        }
        return response.build();
    }

    /** The warm-up ran (or failed: then the node serves anyway, as before; the failure is logged). */
    private boolean warmedUp() {
        return runtime.pool().warmedUp().isDone();
    }
}
