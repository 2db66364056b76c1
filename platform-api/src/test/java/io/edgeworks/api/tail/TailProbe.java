package io.edgeworks.api.tail;

import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.bundle.TailEntry;
import io.edgeworks.bundle.TailFilters;
import io.quarkus.arc.Arc;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A live-tail consumer for tests outside this package: registers a tail and attaches a sink to {@link TailStreams} as a
 * WebSocket would, collecting the events it receives (and "ended: reason" if the tail ends).
 */
public final class TailProbe {
    public final String id;
    public final String channel;
    public final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private TailProbe(String id) {
        this.id = id;
        this.channel = RedisLayout.tailChannel(id);
    }

    public static TailProbe attach(UUID accountId, String slug, String environment, Duration timeout) {
        TailStreams streams = Arc.container().instance(TailStreams.class).get();
        TailRegistry registry = Arc.container().instance(TailRegistry.class).get();
        TailProbe probe = new TailProbe(UUID.randomUUID().toString());
        long now = System.currentTimeMillis();
        TailEntry entry = new TailEntry(environment, TailFilters.NONE, now + 600_000, now + 60_000);
        TailOwner owner = new TailOwner(accountId, slug, "alice", environment);
        registry.put(probe.id, entry, owner).await().atMost(timeout);
        streams.attach(new TailRegistry.Registered(probe.id, entry, owner), new TailStreams.Sink() {
            @Override
            public boolean offer(String event) {
                return probe.events.offer(event);
            }

            @Override
            public void end(String reason) {
                probe.events.offer("ended: " + reason);
            }
        }).await().atMost(timeout);
        return probe;
    }

    /** Ends the consumer (as a closed WebSocket does). */
    public void detach() {
        Arc.container().instance(TailStreams.class).get().detach(id, "test done");
    }
}
