package io.edgeworks.edge.runtime;

import io.edgeworks.bundle.EnvironmentRef;

/**
 * Resolves service binding targets within one immutable graph snapshot: a request and all the service
 * binding calls it makes see the same snapshot, even if a newer graph is swapped in meanwhile (and the same
 * version overrides, when the request carried any).
 */
public interface ServiceTargets {

    /**
     * The version of {@code environment} that should serve {@code request}: version {@code pinned} when a binding
     * pins one (null when the environment does not carry it), else the one the deployment picks; null when the
     * environment is not deployed.
     */
    WorkerVersion pick(EnvironmentRef environment, Integer pinned, EdgeRequest request);

    ServiceTargets NONE = (environment, pinned, request) -> null;

    /** Only {@code peer}, for a binding to its environment (a built-in worker's one peer); nothing else. */
    static ServiceTargets only(WorkerVersion peer) {
        EnvironmentRef at = peer.environment();
        return (environment, pinned, request) -> environment.equals(at) ? peer : null;
    }
}
