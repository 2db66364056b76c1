package io.edgeworks.edge.server;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready} (management port) is up only after the first complete load of the published state (every
 * environment servable: with {@code edge.sync.lazy-start} each compiles on its first request) and once the runtime's
 * warm-up has run on every worker thread, so that a balancer keeps sending requests to warm nodes meanwhile. (Tenant
 * requests that reach the node anyway are served between the warm-up's later runs: with 1,000 environments a node's
 * first response came 0.9-2.1 s before it was ready, deploy/bench/RESULTS.md 2026-12-07.) It is down again while
 * the runtime's built-in worker fails (it runs again until it succeeds): a node that cannot create a realm (its
 * engine's compiler failed to start, say) can serve no tenant, and would otherwise answer every request with a 404.
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
        String warmUpFailure = runtime.pool().warmUpFailure();
        var response = HealthCheckResponse.named("edge-state")
                .status(sync.ready() && warmedUp() && warmUpFailure == null)
                .withData("applied_sequence", sync.appliedSequence())
                .withData("runtime_warm_up", warmUpFailure != null ? "failed: " + warmUpFailure : warmedUp() ? "done" : "running");
        String failure = sync.lastFailure();
        if (failure != null) {
            response.withData("redis", failure);
        }
        return response.build();
    }

    /** The first warm-up ended (its failure, if it failed, is {@link io.edgeworks.edge.runtime.WorkerPool#warmUpFailure}). */
    private boolean warmedUp() {
        return runtime.pool().warmedUp().isDone();
    }
}
