package io.edgeworks.api.common;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs CPU-heavy work (parsing uploaded modules) on a worker thread and resumes on the caller's Vert.x
 * context, where the reactive Hibernate session lives.
 */
public final class Blocking {
    private Blocking() {
    }

    public static Uni<Void> run(Runnable work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            work.run();
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(() -> context.<Void>executeBlocking(() -> {
            work.run();
            return null;
        }, false).toCompletionStage());
    }

    /** Runs blocking work (network calls) on a worker thread and resumes on the caller's Vert.x context with its result. */
    public static <T> Uni<T> call(java.util.concurrent.Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
    }
}
