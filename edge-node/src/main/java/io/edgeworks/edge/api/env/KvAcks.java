package io.edgeworks.edge.api.env;

import io.edgeworks.bundle.KvWrite;
import io.edgeworks.bundle.RedisLayout;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * This node's end of the KV acknowledgements: platform-api publishes, on {@link RedisLayout#kvAckChannel} of this node's
 * random writer id, the tickets of the writes it committed in PostgreSQL; a worker's {@code put}/{@code delete} waits
 * for its ticket ({@link #expect} before the write is sent, so an acknowledgement cannot overtake it). One subscribed
 * connection per node, on a thread of its own that reconnects (200 ms, doubling to 5 s) when Redis goes away; an
 * acknowledgement published while the node was not subscribed is lost, and the write that waited for it fails with a
 * "not confirmed" error after its timeout (it is in PostgreSQL nonetheless, or will be).
 */
public final class KvAcks implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KvAcks.class);

    private final String writer = "edge-" + UUID.randomUUID().toString().replace("-", "");
    private final AtomicLong tickets = new AtomicLong();
    private final ConcurrentHashMap<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final Supplier<RedisOptions> options;
    private final String where;
    private final Thread thread;
    private final CountDownLatch firstSubscription = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean subscribed;

    /** A write's ticket and what completes when platform-api acknowledges it. */
    public record Pending(String ticket, CompletableFuture<Void> durable) {
    }

    /** {@code options}: a fresh client configuration of the KV Redis per connection; {@code where}: that Redis for logs (no password). */
    public KvAcks(Vertx vertx, Supplier<RedisOptions> options, String where) {
        this.vertx = vertx;
        this.options = options;
        this.where = where;
        this.thread = Thread.ofPlatform().name("edgeworks-kv-acks").daemon().start(this::loop);
    }

    /** The id this node writes under (the {@code writer} field of its stream entries). */
    public String writer() {
        return writer;
    }

    /** Whether the acknowledgement channel is subscribed right now. */
    public boolean subscribed() {
        return subscribed;
    }

    /** Waits up to {@code millis} for the first subscription (a node's first writes right after start). */
    public boolean awaitSubscribed(long millis) throws InterruptedException {
        return firstSubscription.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Registers a new write; call {@link #forget} when done waiting, whatever the outcome. */
    public Pending expect() {
        String ticket = Long.toString(tickets.incrementAndGet());
        CompletableFuture<Void> durable = new CompletableFuture<>();
        waiting.put(ticket, durable);
        return new Pending(ticket, durable);
    }

    public void forget(String ticket) {
        waiting.remove(ticket);
    }

    void acknowledged(String message) {
        List<String> done;
        try {
            done = KvWrite.parseAck(message);
        } catch (RuntimeException e) {
            LOG.warnf("unreadable KV acknowledgement '%s': %s", message, e.getMessage());
            return;
        }
        for (String ticket : done) {
            CompletableFuture<Void> durable = waiting.remove(ticket);
            if (durable != null) {
                durable.complete(null);
            }
        }
    }

    private void loop() {
        long backoff = 200;
        while (running) {
            Redis client = Redis.createClient(vertx, options.get().setMaxPoolSize(1).setMaxPoolWaiting(4));
            RedisConnection connection = null;
            CountDownLatch lost = new CountDownLatch(1);
            try {
                connection = await(client.connect());
                connection.handler(this::onPush);
                connection.exceptionHandler(e -> lost.countDown());
                connection.endHandler(v -> lost.countDown());
                await(connection.send(Request.cmd(Command.SUBSCRIBE).arg(RedisLayout.kvAckChannel(writer))));
                subscribed = true;
                firstSubscription.countDown();
                backoff = 200;
                lost.await();
                if (running) {
                    LOG.warn("KV acknowledgement channel lost; resubscribing (writes waiting now may time out)");
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("KV acknowledgement channel: Redis at %s unavailable (%s); retrying in %d ms", where,
                            e.getMessage(), backoff);
                }
            } finally {
                subscribed = false;
                if (connection != null) {
                    try {
                        connection.close();
                    } catch (RuntimeException ignored) {
                        // already gone
                    }
                }
                client.close();
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(5000, backoff * 2);
        }
    }

    private void onPush(Response message) {
        // RESP2: ["message", channel, payload]; RESP3 push frames look the same.
        if (message != null && message.size() >= 3 && "message".equalsIgnoreCase(message.get(0).toString())) {
            acknowledged(message.get(2).toString());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
