package io.edgeworks.api.deployment;

import io.edgeworks.api.quota.Quotas;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Records deployments and reads the current one, for the features that deploy (versions, promote, clone). */
@ApplicationScoped
public class Deployments {
    private final DeploymentRepository repository;
    private final Quotas quotas;

    public Deployments(DeploymentRepository repository, Quotas quotas) {
        this.repository = repository;
        this.quotas = quotas;
    }

    /**
     * Records a deployment; the caller validated the splits and holds the environment's lock. Every deploy passes
     * here, so here the account's deploys-per-minute quota is checked (429 before anything is written).
     */
    public Uni<DeploymentView> record(UUID environmentId, List<Split> splits, String message, String author) {
        return quotas.requireDeployRoom(environmentId).chain(() -> repository.insert(environmentId, splits, message, author));
    }

    /** What the environment serves now, or null before its first deployment. */
    public Uni<DeploymentState> current(UUID environmentId) {
        return repository.findCurrent(environmentId).map(d -> d == null ? null : new DeploymentState(d.versions()));
    }
}
