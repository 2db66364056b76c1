package io.edgeworks.api.publish;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives the {@link OutboxRelay} in this replica: right after a commit that wrote outbox rows (PostgreSQL
 * NOTIFY on channel {@value #CHANNEL}, fired by a trigger on the outbox), every
 * {@code platform.publish.poll-interval} as a safety net, and with per-account exponential backoff
 * after failures (rows stay unpublished while Redis is down and go out when it is back). Every
 * {@code platform.publish.epoch-check-interval} it checks that Redis still holds the state and, if
 * not, rebuilds it from PostgreSQL. All work runs on one thread, one publication at a time.
 *
 * <p>At shutdown (after Quarkus drained the HTTP requests) the relay takes no new work and lets the publication under
 * way finish, at most {@code platform.publish.publication-timeout}; rows it did not reach are published by another
 * replica (every replica hears the NOTIFY and polls). A replica that dies mid-publication (kill -9, a crash) loses
 * nothing either: its transaction rolls back with its connection, which frees the rows and the account's lock for the
 * next replica ({@code RelayHandOverIT}).
 */
@ApplicationScoped
public class PublishScheduler {
    static final String CHANNEL = "edgeworks_outbox";
    private static final Logger LOG = Logger.getLogger(PublishScheduler.class);

    private final OutboxRelay relay;
    private final PublishWarmUp warmUp;
    private final PublishConfig config;
    private final Vertx vertx;
    private final String dbUrl;
    private final Optional<String> dbUser;
    private final Optional<String> dbPassword;

    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** Completes with the number of warm-up publications once they ran (0 when off), exceptionally if one failed. */
    private final java.util.concurrent.CompletableFuture<Integer> warmedUp = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean stopping;
    private final Map<String, Backoff> backoffs = new HashMap<>();
    private ScheduledExecutorService executor;
    private PgSubscriber subscriber;
    private Backoff stateBackoff;

    private record Backoff(int failures, long notBeforeNanos) {
    }

    PublishScheduler(OutboxRelay relay, PublishWarmUp warmUp, PublishConfig config, Vertx vertx,
                     @ConfigProperty(name = "quarkus.datasource.reactive.url") String dbUrl,
                     @ConfigProperty(name = "quarkus.datasource.username") Optional<String> dbUser,
                     @ConfigProperty(name = "quarkus.datasource.password") Optional<String> dbPassword) {
        this.relay = relay;
        this.warmUp = warmUp;
        this.config = config;
        this.vertx = vertx;
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
    }

    void start(@Observes StartupEvent event) {
        if (!config.relayEnabled().orElse(LaunchMode.current() != LaunchMode.TEST)) {
            LOG.info("publication relay off in this instance (platform.publish.relay-enabled)");
            return;
        }
        ScheduledThreadPoolExecutor relayThread = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("edgeworks-publish").daemon().factory());
        // at shutdown, work queued but not started is dropped (another replica does it); the task under way finishes
        relayThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor = relayThread;
        listen();
        // a fresh or emptied Redis gets the whole state at once (pending outbox rows follow); an intact one costs two
        // commands, bounded like every check, so a Redis that stalls writes holds the relay's thread at most that long
        executor.execute(() -> checkState(true));
        if (config.warmUpPublications() > 0) {
            executor.execute(() -> warmUpSlice(0, System.nanoTime(), 0));
        } else {
            warmedUp.complete(0);
        }
        long poll = config.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::drain, poll, poll, TimeUnit.MILLISECONDS);
        long check = config.epochCheckInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> checkState(false), check, check, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
        if (executor != null) {
            executor.shutdown();
            try {
                // the publication under way has its own bound (publication-timeout); a little more for its commit
                long bound = config.publicationTimeout().toMillis() + 2_000;
                if (!executor.awaitTermination(bound, TimeUnit.MILLISECONDS)) {
                    LOG.warnf("publication relay: the publication under way did not finish within %d ms at shutdown;"
                            + " its transaction rolls back and another replica publishes it", bound);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor.shutdownNow();
        }
    }

    /** The warm-up's end ({@link #warmedUp}). */
    java.util.concurrent.CompletableFuture<Integer> warmedUp() {
        return warmedUp;
    }

    /** Asks for a drain as soon as possible; requests while one is queued are merged. */
    public void requestDrain() {
        if (executor != null && !stopping && drainQueued.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                drainQueued.set(false); // shutting down: another replica publishes it
            }
        }
    }

    private void listen() {
        PgConnectOptions options = PgConnectOptions.fromUri(dbUrl.startsWith("vertx-reactive:") ? dbUrl.substring("vertx-reactive:".length()) : dbUrl);
        dbUser.ifPresent(options::setUser);
        dbPassword.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(payload -> requestDrain());
        subscriber.connect().subscribe().with(
                ok -> LOG.debugf("listening on PostgreSQL channel %s", CHANNEL),
                e -> LOG.warnf("cannot LISTEN on PostgreSQL channel %s (%s); relying on the %s poll", CHANNEL, e.getMessage(), config.pollInterval()));
    }

    private void drain() {
        drainQueued.set(false);
        try {
            while (!stopping) {
                OutboxRelay.Outcome outcome = relay.publishNext(skippedAccounts()).await().atMost(config.publicationTimeout());
                if (outcome.kind() == OutboxRelay.Outcome.Kind.IDLE) {
                    return;
                }
                Backoff recovered = backoffs.remove(outcome.account());
                if (recovered != null) {
                    LOG.infof("published %s after %d failed attempts", outcome.account().isEmpty() ? "the whole state" : "account " + outcome.account(), recovered.failures());
                }
            }
        } catch (OutboxRelay.PublicationException e) {
            failed(e.account(), e);
            if (e.stateLost()) {
                republish(RedisPublisher.Mode.IF_LOST);
            }
        } catch (RuntimeException e) {
            LOG.warnf("publication relay: %s", e.toString());
        }
    }

    /** Publications of the warm-up run per task on the relay's thread: a drain asked for meanwhile waits for one slice at most. */
    static final int WARM_UP_SLICE = 10;

    /**
     * Runs the next slice of {@link PublishWarmUp} publications ({@code done} so far) and queues the one after it; the
     * last slice logs how long the first publication took and how long one more takes after all of them.
     */
    private void warmUpSlice(int done, long started, long firstNanos) {
        if (stopping) {
            warmUp.forget();
            return;
        }
        int total = config.warmUpPublications();
        int end = Math.min(total, done + WARM_UP_SLICE);
        long first = firstNanos;
        long last = 0;
        try {
            for (int n = done + 1; n <= end; n++) {
                long t = System.nanoTime();
                warmUp.publication(n);
                if (n == 1) {
                    first = System.nanoTime() - t;
                }
            }
            if (end == total) {
                long t = System.nanoTime();
                warmUp.publication(total + 1);
                last = System.nanoTime() - t;
            }
        } catch (RuntimeException e) {
            warmUp.forget();
            LOG.warnf("publication warm-up stopped after %d of %d publications: %s", done, total, e.toString());
            warmedUp.completeExceptionally(e);
            return;
        }
        if (end < total) {
            long firstOfAll = first;
            try {
                executor.execute(() -> warmUpSlice(end, started, firstOfAll));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                warmUp.forget(); // shutting down
            }
            return;
        }
        warmUp.forget();
        warmedUp.complete(total);
        LOG.infof("publication warm-up: %d publications of a made-up account read, built and signed (nothing written) in %d ms;"
                        + " the first took %.1f ms, one more after them %.1f ms", total, (System.nanoTime() - started) / 1_000_000,
                first / 1e6, last / 1e6);
    }

    /** {@code atStart}: this replica's first look (a Redis without the state is then news, not an alarm). */
    private void checkState(boolean atStart) {
        if (stateBackoff != null && System.nanoTime() < stateBackoff.notBeforeNanos()) {
            return;
        }
        try {
            // bounded by the check's own period, not a publication's: the check renews the lease (a Redis write), and a
            // Redis that stalls writes must not keep the relay's one thread from publishing for publication-timeout
            switch (relay.health().await().atMost(checkBound())) {
                case INTACT -> stateBackoff = null;
                case LOST -> {
                    if (atStart) {
                        LOG.info("Redis does not hold the published state (new, emptied or another database's, abandoned):"
                                + " publishing everything from PostgreSQL");
                    } else {
                        LOG.warn("Redis lost the published state: republishing everything from PostgreSQL");
                    }
                    republish(RedisPublisher.Mode.IF_LOST);
                }
                case FOREIGN -> {
                    if (stateBackoff == null) {
                        LOG.errorf("Redis holds the published state of another platform database (%s names another owner):"
                                + " this replica will not write to it; check quarkus.redis.hosts", io.edgeworks.bundle.RedisLayout.EPOCH);
                    }
                    stateBackoff = next(stateBackoff);
                }
            }
        } catch (RuntimeException e) {
            stateBackoff = next(stateBackoff);
            LOG.debugf("cannot check the published state in Redis: %s", e.getMessage());
        }
    }

    private java.time.Duration checkBound() {
        java.time.Duration bound = config.epochCheckInterval().compareTo(java.time.Duration.ofSeconds(2)) > 0
                ? config.epochCheckInterval() : java.time.Duration.ofSeconds(2);
        return bound.compareTo(config.publicationTimeout()) < 0 ? bound : config.publicationTimeout();
    }

    private void republish(RedisPublisher.Mode mode) {
        try {
            long start = System.nanoTime();
            long sequence = relay.republishAll(mode).await().atMost(config.publicationTimeout());
            LOG.debugf("whole-state publication (%s): %s in %d ms", mode,
                    sequence > 0 ? "sequence " + sequence : "nothing to do", (System.nanoTime() - start) / 1_000_000);
            stateBackoff = null;
            // pending account rows failed while the state was lost: retry them now
            backoffs.clear();
            requestDrain();
        } catch (RuntimeException e) {
            stateBackoff = next(stateBackoff);
            LOG.warnf("republication of the whole state (%s) failed, retrying: %s", mode, e.getMessage());
        }
    }

    private void failed(String account, RuntimeException e) {
        Backoff backoff = next(backoffs.get(account));
        backoffs.put(account, backoff);
        // one line on the first failure and every tenth after it: an outage must not flood the log
        if (backoff.failures() % 10 == 1) {
            LOG.warnf("%s; retrying every %d ms at most (failure %d)", e.getMessage(), config.maxRetryBackoff().toMillis(), backoff.failures());
        } else {
            LOG.debugf("%s (failure %d)", e.getMessage(), backoff.failures());
        }
    }

    private Backoff next(Backoff previous) {
        int failures = previous == null ? 1 : previous.failures() + 1;
        long delay = Math.min(config.maxRetryBackoff().toNanos(),
                config.retryBackoff().toNanos() << Math.min(failures - 1, 20));
        return new Backoff(failures, System.nanoTime() + delay);
    }

    private List<String> skippedAccounts() {
        long now = System.nanoTime();
        List<String> skip = new ArrayList<>();
        backoffs.forEach((account, backoff) -> {
            if (now < backoff.notBeforeNanos()) {
                skip.add(account);
            }
        });
        return skip;
    }
}
