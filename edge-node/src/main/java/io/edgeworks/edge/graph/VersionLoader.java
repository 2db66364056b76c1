package io.edgeworks.edge.graph;

import io.edgeworks.edge.runtime.WorkerVersion;
import java.util.concurrent.CompletableFuture;

/** Compiles and runs a version's global scope once; null when it loads, else the reason. */
public interface VersionLoader {
    CompletableFuture<String> load(WorkerVersion version);

    /**
     * The graph now served carries exactly the versions whose {@link WorkerVersion#contextKey()}s are {@code
     * contextKeys}: what is loaded for any other (a replaced version, a deleted environment or account) may be let
     * go. Nothing by default (a loader that holds nothing).
     */
    default void retainOnly(java.util.Set<String> contextKeys) {
    }

    /** A loader of these two functions (the worker pool's {@code load} and {@code retainOnly}). */
    static VersionLoader of(java.util.function.Function<WorkerVersion, CompletableFuture<String>> load,
                            java.util.function.Consumer<java.util.Set<String>> retainOnly) {
        return new VersionLoader() {
            @Override
            public CompletableFuture<String> load(WorkerVersion version) {
                return load.apply(version);
            }

            @Override
            public void retainOnly(java.util.Set<String> contextKeys) {
                retainOnly.accept(contextKeys);
            }
        };
    }
}
