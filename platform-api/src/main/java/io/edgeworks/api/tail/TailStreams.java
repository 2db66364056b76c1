package io.edgeworks.api.tail;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tails whose consumer (a WebSocket or an SSE response) this replica holds, and their fan-in from Redis: each
 * held tail subscribes to its channel ({@link RedisLayout#tailChannel}), where every edge node publishes its events,
 * and hands each message to its {@link Sink}. A sink that cannot take a message (its client reads too slowly) ends
 * the tail: a slow client is dropped, never buffered for without bound.
 *
 * <p>While held, the tail's lease in the registry is renewed every third of {@code platform.tail.lease}; at
 * {@code expires_at} the consumer is closed. Ending a tail here (disconnect, expiry, slow client, DELETE) removes it
 * from the registry, which is what stops the edges sending; the replica whose removal took the entry away audits
 * {@code tail.stop}. A DELETE served by another replica reaches the holder as {@link #STOP} on the tail's channel.
 * A tail nobody holds (never connected, or its replica died) is swept once its lease or expiry has passed.
 *
 * <p>A subscription whose connection ends (Redis restarted, or a Sentinel failover moved the primary) is made again on
 * a new connection, every {@value #RESUBSCRIBE_MS} ms until it succeeds or the tail ends: the consumer stays open and
 * receives the events published after the new subscription (pub/sub: those published in the gap are not replayed).
 */
@ApplicationScoped
public class TailStreams {
    private static final Logger LOG = Logger.getLogger(TailStreams.class);
    /** Control message on a tail's channel: the tail was stopped (edges only publish JSON objects). */
    static final String STOP = "stop";
    /** Delay before subscribing again after the subscription's connection ended. */
    static final long RESUBSCRIBE_MS = 500;

    /** Where one tail's events go. */
    interface Sink {
        /** Delivers one event (JSON); false when the consumer cannot take it now (it is then ended). */
        boolean offer(String event);

        /** Closes the consumer (the tail ended: {@code reason}); called once. */
        void end(String reason);
    }

    private final TailRegistry registry;
    private final ReactivePubSubCommands<String> pubsub;
    private final Vertx vertx;
    private final Pool pool;
    private final AuditLog audit;
    private final PlatformConfig.Tail config;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    TailStreams(TailRegistry registry, ReactiveRedisDataSource redis, Vertx vertx, Pool pool, AuditLog audit, PlatformConfig config) {
        this.registry = registry;
        this.pubsub = redis.pubsub(String.class);
        this.vertx = vertx;
        this.pool = pool;
        this.audit = audit;
        this.config = config.tail();
    }

    private final class Held {
        final TailRegistry.Registered tail;
        final Sink sink;
        volatile ReactivePubSubCommands.ReactiveRedisSubscriber subscriber;
        long renewTimer = -1;
        long expiryTimer = -1;
        volatile boolean ended;
        /** Subscriptions made so far, and the last one whose loss was handled (end and exception may both report it). */
        private int generation;
        private int lostGeneration;

        /**
         * Subscribes to the tail's channel on a new connection; its loss, or a failure to subscribe, schedules the next
         * subscription (once per subscription: its end and its exception may both report the loss).
         */
        Uni<ReactivePubSubCommands.ReactiveRedisSubscriber> subscribe() {
            int gen;
            synchronized (this) {
                gen = ++generation;
            }
            return pubsub.subscribe(RedisLayout.tailChannel(tail.id()), this::deliver, () -> lost(gen), e -> lost(gen))
                    .invoke(s -> subscriber = s)
                    .onFailure().invoke(e -> lost(gen));
        }

        private void lost(int gen) {
            synchronized (this) {
                if (ended || gen <= lostGeneration) {
                    return;
                }
                lostGeneration = gen;
            }
            LOG.infof("tail %s: the Redis subscription ended; subscribing again", tail.id());
            vertx.setTimer(RESUBSCRIBE_MS, t -> resubscribe());
        }

        private void resubscribe() {
            if (ended) {
                return;
            }
            subscribe().subscribe().with(s -> {
                if (ended) {
                    s.unsubscribe().subscribe().with(v -> { }, e -> LOG.debugf("tail unsubscribe: %s", e.getMessage()));
                } else {
                    LOG.infof("tail %s: subscribed again", tail.id());
                }
            }, e -> LOG.debugf("tail %s: subscribing again failed (%s); retrying in %d ms", tail.id(), e.getMessage(), RESUBSCRIBE_MS));
        }

        Held(TailRegistry.Registered tail, Sink sink) {
            this.tail = tail;
            this.sink = sink;
        }

        void deliver(String message) {
            if (ended) {
                return;
            }
            if (STOP.equals(message)) {
                end("the tail was stopped", false);
            } else if (!sink.offer(message)) {
                end("the client reads too slowly", true);
            }
        }

        void end(String reason, boolean unregister) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            held.remove(tail.id(), this);
            vertx.cancelTimer(renewTimer);
            vertx.cancelTimer(expiryTimer);
            if (subscriber != null) {
                subscriber.unsubscribe().subscribe().with(v -> { }, e -> LOG.debugf("tail unsubscribe: %s", e.getMessage()));
            }
            try {
                sink.end(reason);
            } catch (RuntimeException e) {
                LOG.debugf("tail consumer close: %s", e.getMessage());
            }
            if (unregister) {
                stop(tail.id(), reason).subscribe().with(v -> { }, e -> LOG.warnf("tail stop: %s", e.getMessage()));
            }
        }
    }

    /** Whether this replica holds a consumer of {@code id}. */
    boolean holds(String id) {
        return held.containsKey(id);
    }

    /**
     * Starts delivering {@code tail}'s events to {@code sink}: subscribes, takes the lease, arms the expiry. Fails when
     * this replica already holds a consumer of it.
     */
    Uni<Void> attach(TailRegistry.Registered tail, Sink sink) {
        Held h = new Held(tail, sink);
        if (held.putIfAbsent(tail.id(), h) != null) {
            return Uni.createFrom().failure(new IllegalStateException("tail " + tail.id() + " already has a consumer"));
        }
        long now = System.currentTimeMillis();
        long leaseMs = config.lease().toMillis();
        return h.subscribe()
                .chain(subscriber -> registry.renew(tail.id(), tail.entry().withLeaseUntil(now + leaseMs)))
                .invoke(renewed -> {
                    if (!renewed) {
                        h.end("the tail was stopped", false);
                        return;
                    }
                    h.renewTimer = vertx.setPeriodic(Math.max(1000, leaseMs / 3), t -> registry.renew(tail.id(),
                            tail.entry().withLeaseUntil(System.currentTimeMillis() + leaseMs)).subscribe().with(ok -> {
                                if (!ok) {
                                    h.end("the tail was stopped", false);
                                }
                            }, e -> LOG.warnf("tail lease renewal failed: %s", e.getMessage())));
                    h.expiryTimer = vertx.setTimer(Math.max(1, tail.entry().expiresAt() - System.currentTimeMillis()),
                            t -> h.end("the tail expired", true));
                })
                .onFailure().invoke(e -> h.end("could not subscribe: " + e.getMessage(), false))
                .replaceWithVoid();
    }

    /** Ends the consumer of {@code id} held here (if any) and unregisters the tail. */
    void detach(String id, String reason) {
        Held h = held.get(id);
        if (h != null) {
            h.end(reason, true);
        }
    }

    /**
     * Removes the tail from the registry (edges stop sending within their poll), tells its holder on any replica, and
     * audits {@code tail.stop} when this call is what removed it. Runs outside any Hibernate session.
     */
    Uni<Void> stop(String id, String reason) {
        return registry.remove(id).chain(owner -> pubsub.publish(RedisLayout.tailChannel(id), STOP).replaceWith(owner))
                .chain(owner -> owner == null ? Uni.createFrom().voidItem()
                        : audit.recordDetached(pool, owner.access(), "tail.stop", owner.target(), Map.of("reason", reason)));
    }

    /** Removes tails whose lease or expiry has passed and that no replica holds (an unused URL, a vanished replica). */
    @Scheduled(identity = "tail-sweep", every = "${platform.tail.sweep-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        long now = System.currentTimeMillis();
        return registry.all().chain(all -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (TailRegistry.Registered t : all) {
                if (!t.entry().liveAt(now) && !held.containsKey(t.id())) {
                    chain = chain.chain(() -> stop(t.id(), now >= t.entry().expiresAt() ? "the tail expired" : "nobody connected")
                            .onFailure().recoverWithUni(e -> {
                                LOG.warnf("ending tail %s failed: %s", t.id(), e.getMessage());
                                return Uni.createFrom().voidItem();
                            }));
                }
            }
            return chain;
        }).onFailure().recoverWithUni(e -> {
            LOG.warnf("tail sweep failed: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }
}
