package io.edgeworks.api.deployment;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Records deployments and reads the current one, for the features that deploy (versions, promote, clone). */
@ApplicationScoped
public class Deployments {
    private final DeploymentRepository repository;

    public Deployments(DeploymentRepository repository) {
        this.repository = repository;
    }

    /** Records a deployment; the caller validated the splits and holds the environment's lock. */
    public Uni<DeploymentView> record(UUID environmentId, List<Split> splits, String message, String author) {
        return repository.insert(environmentId, splits, message, author);
    }

    /** What the environment serves now, or null before its first deployment. */
    public Uni<DeploymentState> current(UUID environmentId) {
        return repository.findCurrent(environmentId).map(d -> d == null ? null : new DeploymentState(d.versions()));
    }
}
