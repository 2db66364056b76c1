package io.edgeworks.edge.graph;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The graph being served. Swapped atomically; a request reads it once and keeps that snapshot (and its
 * versions and routes) for its whole life, including its service binding calls.
 */
@ApplicationScoped
public class LiveGraph {
    private final AtomicReference<ServiceGraph> current = new AtomicReference<>(ServiceGraph.EMPTY);

    public ServiceGraph get() {
        return current.get();
    }

    public void swap(ServiceGraph graph) {
        current.set(graph);
    }
}
