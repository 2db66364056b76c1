package io.edgeworks.edge.tail;

import io.edgeworks.bundle.TailEntry;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.ScheduledEvent;
import io.edgeworks.edge.runtime.TailHook;
import io.edgeworks.edge.runtime.TraceCollector;
import io.edgeworks.edge.runtime.WorkerVersion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The live tails this node serves, by environment, and the {@link TailHook} the worker pool asks at every
 * invocation. The table is replaced whole ({@link #replace}) when the registry changes; the hook reads it without
 * a lock. Nobody tails: the table is empty and {@link #open} returns null after one volatile read and one
 * {@code isEmpty()}. Someone tails another environment: one hash lookup more.
 *
 * <p>For a tailed environment, each tail's request filters and sampling are applied first ({@link TailMatch#before});
 * then each tail's rate limit (a token bucket per tail on this node, {@code maxEventsPerSecond}, burst twice that):
 * only when some tail still wants the invocation does it get a collector. At the end the event is built once,
 * checked against each tail's outcome and search filters, and handed to the {@link Publisher} for each tail that
 * takes it. Events over a tail's rate are dropped (and counted), never queued.
 */
public final class TailHub implements TailHook {
    /** Sends one event (JSON) to one tail (Redis PUBLISH in production); must not block. */
    @FunctionalInterface
    public interface Publisher {
        void publish(String tailId, String json);
    }

    /** Per-invocation and per-tail bounds. */
    public record Limits(int maxLines, int maxLineChars, int maxEventBytes, int maxEventsPerSecond) {
        public static final Limits DEFAULTS = new Limits(100, 2048, 128 * 1024, 20);
    }

    private final Publisher publisher;
    private final Limits limits;
    private final LongSupplier clock;
    private volatile Map<String, List<Tail>> byEnvironment = Map.of();
    private final AtomicLong collectors = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public TailHub(Publisher publisher, Limits limits, LongSupplier clock) {
        this.publisher = publisher;
        this.limits = limits;
        this.clock = clock;
    }

    /** One tail on this node: its registry entry and its rate bucket (kept across {@link #replace} for the same id). */
    static final class Tail {
        final String id;
        final TailEntry entry;
        private double tokens;
        private long refilledAt;

        Tail(String id, TailEntry entry, double tokens, long refilledAt) {
            this.id = id;
            this.entry = entry;
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }

        synchronized boolean hasToken(int perSecond, long now) {
            refill(perSecond, now);
            return tokens >= 1;
        }

        synchronized boolean takeToken(int perSecond, long now) {
            refill(perSecond, now);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        private void refill(int perSecond, long now) {
            if (now > refilledAt) {
                tokens = Math.min(2.0 * perSecond, tokens + (now - refilledAt) * perSecond / 1000.0);
                refilledAt = now;
            }
        }
    }

    /** Replaces the table with the registry's entries (tail id to entry); entries no longer live are left out. */
    public void replace(Map<String, TailEntry> entries) {
        long now = clock.getAsLong();
        Map<String, Tail> before = new HashMap<>();
        byEnvironment.values().forEach(list -> list.forEach(t -> before.put(t.id, t)));
        Map<String, List<Tail>> next = new HashMap<>();
        entries.forEach((id, entry) -> {
            if (!entry.liveAt(now)) {
                return;
            }
            Tail old = before.get(id);
            Tail tail = new Tail(id, entry, old == null ? 2.0 * limits.maxEventsPerSecond() : old.tokens, old == null ? now : old.refilledAt);
            next.computeIfAbsent(entry.environment(), k -> new ArrayList<>()).add(tail);
        });
        next.replaceAll((k, v) -> List.copyOf(v));
        byEnvironment = Map.copyOf(next);
    }

    /** Environments with a live tail on this node. */
    public int tailedEnvironments() {
        return byEnvironment.size();
    }

    /** Collectors opened so far (an invocation of an environment nobody tails opens none). */
    public long collectorsOpened() {
        return collectors.get();
    }

    public long eventsPublished() {
        return published.get();
    }

    /** Events a tail's filters wanted but its rate limit (or a failed send) dropped. */
    public long eventsDropped() {
        return dropped.get();
    }

    @Override
    public TraceCollector open(WorkerVersion version, EdgeRequest request, ScheduledEvent scheduled, String rpcMethod, String entrypoint) {
        Map<String, List<Tail>> table = byEnvironment;
        if (table.isEmpty()) {
            return null;
        }
        List<Tail> tails = table.get(version.environment().key());
        if (tails == null) {
            return null;
        }
        long now = clock.getAsLong();
        List<Tail> wanting = null;
        for (Tail tail : tails) {
            if (tail.entry.liveAt(now) && TailMatch.before(tail.entry.filters(), version, request, ThreadLocalRandom.current().nextDouble())) {
                if (!tail.hasToken(limits.maxEventsPerSecond(), now)) {
                    dropped.incrementAndGet();
                    continue;
                }
                if (wanting == null) {
                    wanting = new ArrayList<>(tails.size());
                }
                wanting.add(tail);
            }
        }
        if (wanting == null) {
            return null;
        }
        collectors.incrementAndGet();
        return new Collector(wanting, version, request, scheduled, rpcMethod, entrypoint);
    }

    private final class Collector extends TraceCollector {
        private final List<Tail> tails;
        private final WorkerVersion version;
        private final EdgeRequest request;
        private final ScheduledEvent scheduled;
        private final String rpcMethod;
        private final String entrypoint;

        Collector(List<Tail> tails, WorkerVersion version, EdgeRequest request, ScheduledEvent scheduled, String rpcMethod,
                  String entrypoint) {
            super(limits.maxLines(), limits.maxLineChars());
            this.tails = tails;
            this.version = version;
            this.request = request;
            this.scheduled = scheduled;
            this.rpcMethod = rpcMethod;
            this.entrypoint = entrypoint;
        }

        @Override
        protected void finish() {
            String json = TraceEvents.build(this, version, request, scheduled, rpcMethod, entrypoint, limits.maxEventBytes());
            String outcome = TraceEvents.outcome(limit(), error());
            long now = clock.getAsLong();
            for (Tail tail : tails) {
                if (!TailMatch.after(tail.entry.filters(), outcome, json)) {
                    continue;
                }
                if (!tail.takeToken(limits.maxEventsPerSecond(), now)) {
                    dropped.incrementAndGet();
                    continue;
                }
                try {
                    publisher.publish(tail.id, json);
                    published.incrementAndGet();
                } catch (RuntimeException e) {
                    dropped.incrementAndGet();
                }
            }
        }
    }
}
