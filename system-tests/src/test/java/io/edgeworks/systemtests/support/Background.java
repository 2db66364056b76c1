package io.edgeworks.systemtests.support;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Test work that runs beside the test's own thread (an app's start, a blocking read, a command), each on its own
 * daemon platform thread, never on the common {@code ForkJoinPool}: on a 2-core machine that pool has one worker, and
 * rest-assured's Groovy initializes classes with tasks on it. A test that started a replica with
 * {@code CompletableFuture.supplyAsync} while its main thread made the JVM's first rest-assured call hung for good:
 * main held Groovy's {@code FormatHelper} class initialization and waited for a common-pool task queued behind the
 * one worker, which was inside the replica's readiness poll, waiting for {@code FormatHelper} (RelayHandOverIT run
 * alone, 10 minutes, thread dump).
 */
public final class Background {
    private Background() {
    }

    /** Starts {@code work} on a new thread named {@code name}; its result, or its exception as the future's failure. */
    public static <T> CompletableFuture<T> supply(String name, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
