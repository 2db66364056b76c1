package io.edgeworks.edge.server;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready} (management port) is up only after the first complete load of the published state. */
@Readiness
@ApplicationScoped
public class SyncReadiness implements HealthCheck {
    private final SyncService sync;

    public SyncReadiness(SyncService sync) {
        this.sync = sync;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("edge-state")
                .status(sync.ready())
                .withData("applied_sequence", sync.appliedSequence());
        String failure = sync.lastFailure();
        if (failure != null) {
            response.withData("redis", failure);
        }
        return response.build();
    }
}
