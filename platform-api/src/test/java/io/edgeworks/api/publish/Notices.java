package io.edgeworks.api.publish;

import io.edgeworks.bundle.Notice;
import io.edgeworks.bundle.NoticeCodec;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Subscribes to {@link RedisLayout#NOTICES} like an edge node and keeps every notice, decoded. */
final class Notices implements AutoCloseable {
    private final LinkedBlockingQueue<Notice> queue = new LinkedBlockingQueue<>();
    private final List<Notice> all = new ArrayList<>();
    private final PubSubCommands.RedisSubscriber subscriber;

    Notices(RedisDataSource redis) {
        subscriber = redis.pubsub(String.class).subscribe(RedisLayout.NOTICES, json -> {
            Notice notice = NoticeCodec.decode(json);
            // the script writes the notice by hand: it must be exactly NoticeCodec's canonical form
            assertEquals(NoticeCodec.encode(notice), json, "notice is not in canonical form");
            queue.add(notice);
        });
    }

    /** Waits for the first notice (received since the last call) that matches. */
    Notice await(Predicate<Notice> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Notice notice = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
                if (notice == null) {
                    fail("no matching notice within " + timeout + "; received " + all);
                }
                all.add(notice);
                if (match.test(notice)) {
                    return notice;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a notice naming the account of {@code environmentKey} (its manifest changed). */
    Notice awaitEnvironment(String environmentKey) {
        return awaitAccount(environmentKey.substring(0, environmentKey.indexOf('/')));
    }

    Notice awaitAccount(String slug) {
        return await(n -> n.accounts().contains(slug), Duration.ofSeconds(10));
    }

    /** Every notice received so far, in order (including those not yet awaited). */
    List<Notice> drain() {
        queue.drainTo(all);
        return List.copyOf(all);
    }

    @Override
    public void close() {
        try {
            subscriber.unsubscribe();
        } catch (RuntimeException ignored) {
            // the connection is gone already (Redis stopped)
        }
    }
}
