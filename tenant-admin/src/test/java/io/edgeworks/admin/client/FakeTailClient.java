package io.edgeworks.admin.client;

import io.smallrye.mutiny.Multi;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for platform-api's tail stream one layer below the relay: emits the items a test seeds (event JSON or a
 * problem object, as platform-api sends them) and then completes, and records the queries and cancellations.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FakeTailClient implements TailClient {
    private final List<String> items = new ArrayList<>();
    private final List<TailQuery> queries = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile RuntimeException failure;

    public synchronized void reset() {
        items.clear();
        queries.clear();
        failure = null;
    }

    public synchronized void seed(String... jsons) {
        items.addAll(List.of(jsons));
    }

    /** The next stream fails with {@code e} (e.g. the API cannot be reached). */
    public void failWith(RuntimeException e) {
        failure = e;
    }

    public synchronized List<TailQuery> queries() {
        return List.copyOf(queries);
    }

    /** Streams not yet completed or cancelled. */
    public int open() {
        return open.get();
    }

    @Override
    public synchronized Multi<String> events(String accessToken, String account, String service, String environment, TailQuery query) {
        queries.add(query);
        RuntimeException f = failure;
        if (f != null) {
            return Multi.createFrom().failure(f);
        }
        List<String> now = List.copyOf(items);
        return Multi.createFrom().iterable(now)
                .onSubscription().invoke(s -> open.incrementAndGet())
                .onTermination().invoke(open::decrementAndGet);
    }
}
