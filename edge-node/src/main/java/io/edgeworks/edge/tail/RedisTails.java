package io.edgeworks.edge.tail;

import io.edgeworks.bundle.BundleFormatException;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.bundle.TailEntry;
import io.edgeworks.edge.sync.RedisAccess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The tail registry in the published state's Redis, followed by polling: every {@code pollMs} the node reads
 * {@link RedisLayout#TAILS_VERSION} and, when it moved (or every {@link #FULL_READ_EVERY} polls, or the last read
 * failed), the {@link RedisLayout#TAILS} hash, and hands the entries to its {@link TailHub}. Polling, not pub/sub:
 * one GET per node per poll, no subscription to keep alive, and a node that missed a change catches up at the next
 * poll. Expiry needs no change in Redis: {@link TailHub} drops tails whose time has passed.
 * Events go out as {@code PUBLISH} on {@link RedisLayout#tailChannel} from a pool with a bounded wait queue: when
 * Redis is slow, events are dropped, never buffered without bound.
 */
public final class RedisTails implements TailHub.Publisher, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisTails.class);
    static final int FULL_READ_EVERY = 20;

    private final Vertx vertx;
    private final Redis client;
    private final long pollMs;
    private TailHub hub;
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile String seenVersion;
    private volatile boolean failed = true;
    private long polls;
    private long timer = -1;

    public RedisTails(Vertx vertx, RedisAccess access, long pollMs) {
        this.vertx = vertx;
        this.client = Redis.createClient(vertx, access.options().setMaxPoolSize(4).setMaxPoolWaiting(256));
        this.pollMs = pollMs;
    }

    /** Starts following the registry into {@code hub}. */
    public void start(TailHub hub) {
        this.hub = hub;
        poll();
        timer = vertx.setPeriodic(pollMs, id -> poll());
    }

    private void poll() {
        if (!reading.compareAndSet(false, true)) {
            return;
        }
        boolean full = failed || ++polls % FULL_READ_EVERY == 0;
        client.send(Request.cmd(Command.GET).arg(RedisLayout.TAILS_VERSION)).compose(version -> {
            String v = version == null ? "" : version.toString();
            if (!full && v.equals(seenVersion)) {
                return io.vertx.core.Future.succeededFuture();
            }
            return client.send(Request.cmd(Command.HGETALL).arg(RedisLayout.TAILS)).map(all -> {
                hub.replace(entries(all));
                seenVersion = v;
                return null;
            });
        }).onComplete(done -> {
            reading.set(false);
            if (done.failed()) {
                if (!failed) {
                    LOG.warnf("live tail: cannot read the tail registry (%s); retrying every %d ms", done.cause().getMessage(), pollMs);
                }
                failed = true;
            } else {
                failed = false;
            }
        });
    }

    static Map<String, TailEntry> entries(Response all) {
        Map<String, TailEntry> entries = new HashMap<>();
        if (all == null) {
            return entries;
        }
        for (String id : all.getKeys()) {
            try {
                entries.put(id, TailEntry.decode(all.get(id).toString()));
            } catch (BundleFormatException e) {
                LOG.warnf("live tail: skipping a malformed registry entry: %s", e.getMessage());
            }
        }
        return entries;
    }

    @Override
    public void publish(String tailId, String json) {
        client.send(Request.cmd(Command.PUBLISH).arg(RedisLayout.tailChannel(tailId)).arg(json));
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        client.close();
    }
}
