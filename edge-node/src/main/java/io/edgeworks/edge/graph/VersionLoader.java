package io.edgeworks.edge.graph;

import io.edgeworks.edge.runtime.WorkerVersion;
import java.util.concurrent.CompletableFuture;

/** Compiles and runs a version's global scope once; null when it loads, else the reason. */
public interface VersionLoader {
    CompletableFuture<String> load(WorkerVersion version);
}
