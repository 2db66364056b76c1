package io.edgeworks.edge.runtime;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * At most {@code places} asynchronous calls under way at once; calls beyond wait here and start, in order, as
 * earlier ones complete. Thread-safe: calls start on the worker thread, complete on whichever thread answers them.
 */
final class IoGate {
    private final int places;
    private final ArrayDeque<Supplier<? extends CompletionStage<?>>> waiting = new ArrayDeque<>();
    private int underWay;

    IoGate(int places) {
        this.places = Math.max(1, places);
    }

    /** Starts {@code call} now if a place is free, else when one frees up. A call that throws counts as completed. */
    void submit(Supplier<? extends CompletionStage<?>> call) {
        synchronized (this) {
            if (underWay >= places) {
                waiting.addLast(call);
                return;
            }
            underWay++;
        }
        start(call);
    }

    private void start(Supplier<? extends CompletionStage<?>> call) {
        CompletionStage<?> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((ok, error) -> next());
    }

    private void next() {
        Supplier<? extends CompletionStage<?>> call;
        synchronized (this) {
            call = waiting.pollFirst();
            if (call == null) {
                underWay--;
                return;
            }
        }
        start(call);
    }

    /** Calls under way and waiting (tests). */
    synchronized int pending() {
        return underWay + waiting.size();
    }
}
