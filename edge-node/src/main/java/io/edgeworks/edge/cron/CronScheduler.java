package io.edgeworks.edge.cron;

import io.edgeworks.bundle.CronRun;
import io.edgeworks.bundle.CronSchedule;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.graph.EnvironmentNode;
import io.edgeworks.edge.graph.ServiceGraph;
import io.edgeworks.edge.metrics.EdgeMetrics;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.InvocationResult;
import io.edgeworks.edge.runtime.ScheduledEvent;
import io.edgeworks.edge.runtime.ServiceTargets;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs the deployed versions' {@code scheduled(controller, env, ctx)} on their environments' cron ticks, once per
 * tick across every edge node.
 *
 * <p>The algorithm, on one thread per node ({@code edge-cron}):
 * <ol>
 *   <li>Read the graph being served (the applied state: the environments with their cron triggers, ServiceGraph).
 *       A trigger seen for the first time gets its next tick after now: a node that starts, or a trigger that
 *       appears, never runs ticks from before (no backlog). A trigger gone from the graph is forgotten.</li>
 *   <li>For each trigger whose tick has come: its next tick is computed from now (ticks missed meanwhile, e.g.
 *       while the JVM was paused, are skipped, not run one after the other). A tick more than
 *       {@code maxLatenessMillis} late is skipped and counted {@code late}.</li>
 *   <li>Claim the tick in the {@link CronStore} ({@code SET NX PX} on a key per environment, cron and tick, living
 *       {@code maxLatenessMillis} + {@link #CLAIM_MARGIN}): every node that has the trigger tries, exactly one wins.
 *       The claim is per tick, not a lock held during the run, so a node dying mid-run loses that run (it is not
 *       retried) and holds up no later tick, and since the claim outlives the time any node would still try the
 *       tick, a node joining, restarting or waking late never runs it again. A claim that fails (Redis down) means
 *       no run here: a missed run, never a double one.</li>
 *   <li>The winner picks a version as a request would (a split deployment by percentage) and submits the tick to
 *       the worker pool ({@code WorkerPool.submitScheduled}: the account's queue, run slots, budget and the
 *       version's limits, like a request). When it ends, the run (tick, cron, start, duration, outcome, error,
 *       version, node) is recorded in the store and logged; its console output went to the tenant log as it ran.</li>
 *   <li>Sleep until the next tick of any trigger, at most one second (to see new state).</li>
 * </ol>
 */
public final class CronScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CronScheduler.class);
    private static final Logger ACCESS = Logger.getLogger("io.edgeworks.edge.access");
    /** How much longer than the lateness bound a claim lives: the clock skew between nodes it tolerates. */
    public static final Duration CLAIM_MARGIN = Duration.ofSeconds(60);
    private static final EdgeRequest NO_PIN = new EdgeRequest("GET", "http://scheduled.internal/", List.of(), null);

    /** Runs one tick on the worker pool (production: {@code WorkerPool::submitScheduled}). */
    @FunctionalInterface
    public interface Runner {
        CompletableFuture<InvocationResult> run(WorkerVersion version, ScheduledEvent event, ServiceTargets targets);
    }

    private record Trigger(EnvironmentRef ref, CronSchedule schedule) {
    }

    private final Supplier<ServiceGraph> graph;
    private final CronStore store;
    private final Runner runner;
    private final EdgeMetrics metrics;
    private final String node;
    private final long maxLatenessMillis;
    private final Clock clock;
    /** Next tick per trigger; {@link Instant#MAX} for one that never fires again. Ticker thread only. */
    private final Map<Trigger, Instant> next = new HashMap<>();
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("edge-cron-record").daemon(true).factory());
    private volatile boolean closed;
    private Thread thread;

    public CronScheduler(Supplier<ServiceGraph> graph, CronStore store, Runner runner, EdgeMetrics metrics, String node,
                         long maxLatenessMillis, Clock clock) {
        if (maxLatenessMillis < 1) {
            throw new IllegalArgumentException("the lateness bound must be positive, got " + maxLatenessMillis);
        }
        this.graph = graph;
        this.store = store;
        this.runner = runner;
        this.metrics = metrics;
        this.node = node;
        this.maxLatenessMillis = maxLatenessMillis;
        this.clock = clock;
    }

    public String node() {
        return node;
    }

    /** Starts the ticker thread. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Thread.ofPlatform().name("edge-cron").daemon(true).start(this::loop);
        LOG.infof("cron triggers: node %s, ticks later than %d ms are skipped", node, maxLatenessMillis);
    }

    private void loop() {
        while (!closed) {
            try {
                Instant now = clock.instant();
                tick(now);
                Thread.sleep(sleepMillis(clock.instant(), nextDue()));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("cron scheduler: a pass failed; next pass in one second", e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /**
     * One pass at {@code now} (the ticker thread calls it; tests call it with their own clock): brings the trigger
     * table up to date with the served graph and fires the ticks that have come. Returns the runs this node
     * started (they complete once recorded).
     */
    public synchronized List<CompletableFuture<CronRun>> tick(Instant now) {
        ServiceGraph served = graph.get();
        Set<Trigger> current = new HashSet<>();
        served.crons().forEach((ref, schedules) -> schedules.forEach(s -> current.add(new Trigger(ref, s))));
        next.keySet().retainAll(current);
        for (Trigger trigger : current) {
            next.computeIfAbsent(trigger, t -> t.schedule().next(now).orElse(Instant.MAX));
        }
        List<CompletableFuture<CronRun>> started = new ArrayList<>();
        for (Map.Entry<Trigger, Instant> entry : next.entrySet()) {
            Instant due = entry.getValue();
            if (due.isAfter(now)) {
                continue;
            }
            Trigger trigger = entry.getKey();
            entry.setValue(trigger.schedule().next(now).orElse(Instant.MAX));
            long lateness = Duration.between(due, now).toMillis();
            if (lateness > maxLatenessMillis) {
                metrics.cronTick("late");
                LOG.warnf("cron: %s '%s' tick %s skipped: this node is %d ms late (edge.cron.max-lateness-ms=%d)",
                        trigger.ref().key(), trigger.schedule(), due, lateness, maxLatenessMillis);
                continue;
            }
            CompletableFuture<CronRun> run = fire(served, trigger, due);
            if (run != null) {
                started.add(run);
            }
        }
        return started;
    }

    /** How long the ticker sleeps: until the next tick, at least 1 ms, at most a second (to see new state). */
    static long sleepMillis(Instant now, Instant nextDue) {
        if (!nextDue.isAfter(now)) {
            return 1;
        }
        if (Duration.between(now, nextDue).compareTo(Duration.ofSeconds(1)) >= 0) {
            return 1000; // also for Instant.MAX (no trigger), whose distance in milliseconds overflows a long
        }
        return Math.max(1, Duration.between(now, nextDue).toMillis());
    }

    /** The earliest next tick of any trigger ({@link Instant#MAX} when none). */
    synchronized Instant nextDue() {
        return next.values().stream().min(Instant::compareTo).orElse(Instant.MAX);
    }

    private CompletableFuture<CronRun> fire(ServiceGraph served, Trigger trigger, Instant tick) {
        String environment = trigger.ref().key();
        String cron = trigger.schedule().expression();
        boolean won;
        try {
            won = store.claim(environment, cron, tick.toEpochMilli(), node, maxLatenessMillis + CLAIM_MARGIN.toMillis());
        } catch (Exception e) {
            metrics.cronTick("error");
            LOG.errorf("cron: %s '%s' tick %s not run on this node: claiming it failed: %s", environment, cron, tick, e.toString());
            return null;
        }
        if (!won) {
            metrics.cronTick("lost");
            return null;
        }
        metrics.cronTick("won");
        EnvironmentNode target = served.environments().get(trigger.ref());
        WorkerVersion version = target.pick(NO_PIN);
        long startedAt = clock.millis();
        long startNanos = System.nanoTime();
        CompletableFuture<InvocationResult> result;
        try {
            result = runner.run(version, new ScheduledEvent(tick.toEpochMilli(), cron), served);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((r, error) -> new Finished(outcome(tick, cron, startedAt, startNanos, version, r, error), r))
                .thenApplyAsync(finished -> {
                    record(trigger.ref(), finished.run(), finished.result());
                    return finished.run();
                }, recorder);
    }

    /** A run and what the pool answered (null when the submission itself failed). */
    private record Finished(CronRun run, InvocationResult result) {
    }

    private CronRun outcome(Instant tick, String cron, long startedAt, long startNanos, WorkerVersion version,
                            InvocationResult result, Throwable error) {
        long duration = Math.max(0, (System.nanoTime() - startNanos) / 1_000_000);
        RunOutcome outcome = RunOutcome.of(result, error);
        return new CronRun(tick.toEpochMilli(), cron, startedAt, duration, outcome.outcome(), outcome.error(), version.number(), node);
    }

    private void record(EnvironmentRef ref, CronRun run, InvocationResult result) {
        metrics.cronRun(ref, run.outcome().wire());
        ACCESS.logf(run.outcome() == CronRun.Outcome.OK ? Logger.Level.INFO : Logger.Level.WARN,
                "scheduled environment=%s cron='%s' tick=%s outcome=%s version=%d duration_ms=%d cpu_ms=%.2f node=%s",
                ref.key(), run.cron(), Instant.ofEpochMilli(run.scheduledTime()), run.outcome().wire(), run.version(),
                run.durationMs(), result == null ? 0.0 : result.cpuNanos() / 1e6, node);
        try {
            store.record(ref.key(), run);
        } catch (Exception e) {
            LOG.errorf("cron: the run of %s '%s' at %s could not be recorded: %s", ref.key(), run.cron(),
                    Instant.ofEpochMilli(run.scheduledTime()), e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
        recorder.shutdown();
    }
}
