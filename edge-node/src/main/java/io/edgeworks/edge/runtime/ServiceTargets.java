package io.edgeworks.edge.runtime;

import io.edgeworks.bundle.EnvironmentRef;

/**
 * Resolves service binding targets within one immutable graph snapshot: a request and all the service
 * binding calls it makes see the same snapshot, even if a newer graph is swapped in meanwhile.
 */
public interface ServiceTargets {

    /** The version of {@code environment} that should serve {@code request}, or null when not deployed. */
    WorkerVersion pick(EnvironmentRef environment, EdgeRequest request);

    ServiceTargets NONE = (environment, request) -> null;
}
