package io.edgeworks.edge.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.CronRun;
import io.edgeworks.bundle.CronRunCodec;
import io.edgeworks.bundle.CronSchedule;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.edge.graph.EnvironmentNode;
import io.edgeworks.edge.graph.ServiceGraph;
import io.edgeworks.edge.metrics.EdgeMetrics;
import io.edgeworks.edge.runtime.EdgeResponse;
import io.edgeworks.edge.runtime.InvocationResult;
import io.edgeworks.edge.runtime.LimitKind;
import io.edgeworks.edge.runtime.LogLine;
import io.edgeworks.edge.runtime.ScheduledEvent;
import io.edgeworks.edge.runtime.WorkerVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' schedulers on one real Redis, driven pass by pass with explicit instants (the worker pool is replaced
 * by a recorded runner: what runs on a tick is covered by the {@code scheduled-*} worker fixtures): once per tick
 * across nodes, no backlog, late ticks skipped, a node dying mid-run blocks nothing and causes no second run.
 */
class CronSchedulerTest {
    private static final EnvironmentRef REF = new EnvironmentRef("acme", "cron", "production");
    private static final Instant T = Instant.parse("2026-12-02T10:05:00Z");
    private static CronRedis redis;

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final AtomicReference<ServiceGraph> graph = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        redis = new CronRedis();
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
    }

    @BeforeEach
    void clean() throws Exception {
        redis.send(Request.cmd(Command.FLUSHALL));
        graph.set(graphWith("* * * * *"));
    }

    private static ServiceGraph graphWith(String... crons) {
        WorkerVersion v3 = new WorkerVersion(REF, 3, "id3", "d3", "w.js", Map.of("w.js", "export default {}"), Map.of(), Map.of(), List.of(), 50);
        EnvironmentNode node = new EnvironmentNode(REF, "cron.acme.localhost", List.of(new EnvironmentNode.Share(v3, 100)));
        List<CronSchedule> schedules = new ArrayList<>();
        for (String c : crons) {
            schedules.add(CronSchedule.parse(c));
        }
        return new ServiceGraph(1, Map.of(REF, node), Map.of("cron.acme.localhost", REF), List.of(),
                schedules.isEmpty() ? Map.of() : Map.of(REF, schedules));
    }

    private record Node(CronScheduler scheduler, EdgeMetrics metrics, RedisCronStore store) {
        double ticks(String result) {
            return metrics.counter("edge_cron_ticks_total", "result", result);
        }
    }

    private final List<Node> nodes = new ArrayList<>();

    private Node node(String name, CronScheduler.Runner runner, long maxLatenessMs) {
        EdgeMetrics metrics = new EdgeMetrics(new SimpleMeterRegistry());
        RedisCronStore store = redis.store();
        Node node = new Node(new CronScheduler(graph::get, store, runner, metrics, name, maxLatenessMs,
                Clock.fixed(T, ZoneOffset.UTC)), metrics, store);
        nodes.add(node);
        return node;
    }

    private Node node(String name) {
        return node(name, (version, event, targets) -> {
            ran.add(name + " " + event.cron() + " " + Instant.ofEpochMilli(event.scheduledTimeMillis()) + " v" + version.number());
            return CompletableFuture.completedFuture(new InvocationResult(EdgeResponse.text(200, "ok"), List.of(), 1_000_000, null, null));
        }, 30_000);
    }

    private static List<CronRun> runs(List<CompletableFuture<CronRun>> started) throws Exception {
        List<CronRun> out = new ArrayList<>();
        for (CompletableFuture<CronRun> f : started) {
            out.add(f.get(10, TimeUnit.SECONDS));
        }
        return out;
    }

    private List<CronRun> recorded() throws Exception {
        Response list = redis.send(Request.cmd(Command.LRANGE).arg(RedisLayout.cronRunsKey(REF.key())).arg(0).arg(-1));
        List<CronRun> out = new ArrayList<>();
        list.forEach(r -> out.add(CronRunCodec.decode(r.toString())));
        return out;
    }

    @org.junit.jupiter.api.AfterEach
    void closeNodes() {
        nodes.forEach(n -> {
            n.scheduler().close();
            n.store().close();
        });
        nodes.clear();
    }

    @Test
    void twoNodesRunEachTickOnce() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        a.scheduler().tick(T.minusSeconds(30));
        b.scheduler().tick(T.minusSeconds(20));
        assertEquals(List.of(), ran, "nothing before the tick");

        List<CronRun> first = runs(a.scheduler().tick(T.plusMillis(5)));
        List<CronRun> second = runs(b.scheduler().tick(T.plusMillis(40)));
        assertEquals(List.of("node-a * * * * * 2026-12-02T10:05:00Z v3"), ran);
        assertEquals(1, first.size());
        assertEquals(List.of(), second);
        assertEquals(CronRun.Outcome.OK, first.getFirst().outcome());
        assertEquals(List.of(first.getFirst()), recorded());
        assertEquals(1.0, a.ticks("won"));
        assertEquals(1.0, b.ticks("lost"));

        // the next tick: whoever comes first
        runs(b.scheduler().tick(T.plusSeconds(60)));
        runs(a.scheduler().tick(T.plusSeconds(60).plusMillis(3)));
        assertEquals(List.of("node-a * * * * * 2026-12-02T10:05:00Z v3", "node-b * * * * * 2026-12-02T10:06:00Z v3"), ran);
        assertEquals(2, recorded().size());
        assertEquals("node-b", recorded().getFirst().node(), "newest first");
    }

    @Test
    void aNodeThatStartsLateRunsNoBacklog() throws Exception {
        Node late = node("late");
        assertEquals(List.of(), runs(late.scheduler().tick(T.plusSeconds(10))), "10:05 passed before it knew the trigger");
        assertEquals(List.of(), runs(late.scheduler().tick(T.plusSeconds(59))));
        assertEquals(1, runs(late.scheduler().tick(T.plusSeconds(60))).size(), "10:06 is its first tick");
        // a long pause: the ticks in between are not run one after the other, the next one is after the wake-up
        assertEquals(List.of(), runs(late.scheduler().tick(T.plusSeconds(60 * 5 + 20))), "10:07 is 4 minutes late: skipped");
        assertEquals(1.0, late.ticks("late"));
        assertEquals(1, runs(late.scheduler().tick(T.plusSeconds(60 * 6))).size(), "10:11 runs");
        assertEquals(List.of("late * * * * * 2026-12-02T10:06:00Z v3", "late * * * * * 2026-12-02T10:11:00Z v3"), ran);
    }

    @Test
    void aNodeDyingMidRunCausesNoSecondRunAndBlocksNoLaterTick() throws Exception {
        CompletableFuture<InvocationResult> never = new CompletableFuture<>();
        Node dying = node("dying", (version, event, targets) -> {
            ran.add("dying " + Instant.ofEpochMilli(event.scheduledTimeMillis()));
            return never;
        }, 30_000);
        Node survivor = node("survivor");
        dying.scheduler().tick(T.minusSeconds(1));
        survivor.scheduler().tick(T.minusSeconds(1));
        List<CompletableFuture<CronRun>> hanging = dying.scheduler().tick(T.plusMillis(2));
        assertEquals(1, hanging.size());
        dying.scheduler().close(); // the node is gone mid-run
        assertEquals(List.of(), runs(survivor.scheduler().tick(T.plusMillis(50))), "the tick was claimed: not run again");
        assertEquals(1, runs(survivor.scheduler().tick(T.plusSeconds(60))).size(), "the next tick is not blocked");
        assertEquals(List.of("dying 2026-12-02T10:05:00Z", "survivor * * * * * 2026-12-02T10:06:00Z v3"), ran);
        assertTrue(!hanging.getFirst().isDone());
    }

    @Test
    void triggersFollowTheServedGraph() throws Exception {
        Node a = node("node-a");
        a.scheduler().tick(T.minusSeconds(1));
        graph.set(graphWith());
        assertEquals(List.of(), runs(a.scheduler().tick(T.plusMillis(1))), "removed before its tick");
        graph.set(graphWith("*/5 * * * *", "* * * * *"));
        a.scheduler().tick(T.plusMillis(2));
        for (int minute = 1; minute < 5; minute++) {
            assertEquals(1, runs(a.scheduler().tick(T.plusSeconds(60L * minute))).size(), "10:0" + (5 + minute));
        }
        ran.clear();
        assertEquals(2, runs(a.scheduler().tick(T.plusSeconds(300))).size(), "10:10 is due for both triggers: two runs");
        assertEquals(java.util.Set.of("node-a */5 * * * * 2026-12-02T10:10:00Z v3", "node-a * * * * * 2026-12-02T10:10:00Z v3"),
                java.util.Set.copyOf(ran));
    }

    @Test
    void outcomesAreRecordedAsTheRunEnded() throws Exception {
        Node a = node("node-a", (version, event, targets) -> CompletableFuture.completedFuture(new InvocationResult(
                EdgeResponse.text(503, "Worker exceeded its cpu time limit"),
                List.of(new LogLine(REF.key(), 3, "error", "limit hit: acme/cron/production v3 exceeded its cpu time limit (50 ms)")),
                50_000_000, LimitKind.CPU, "Worker exceeded its cpu time limit")), 30_000);
        a.scheduler().tick(T.minusSeconds(1));
        CronRun run = runs(a.scheduler().tick(T.plusMillis(1))).getFirst();
        assertEquals(CronRun.Outcome.EXCEEDED_LIMIT, run.outcome());
        assertEquals("limit hit: acme/cron/production v3 exceeded its cpu time limit (50 ms)", run.error());
        assertEquals(List.of(run), recorded());
        assertEquals(1.0, a.metrics().counter("edge_cron_runs_total", "outcome", "exceeded_limit"));

        Node b = node("node-b", (version, event, targets) -> CompletableFuture.completedFuture(new InvocationResult(
                EdgeResponse.text(503, "Edge overloaded"), List.of(), 0, null, "request queue full")), 30_000);
        b.scheduler().tick(T.plusSeconds(1));
        CronRun refused = runs(b.scheduler().tick(T.plusSeconds(60))).getFirst();
        assertEquals(CronRun.Outcome.EXCEPTION, refused.outcome());
        assertEquals("not run: the edge node is overloaded (request queue full)", refused.error());
    }

    @Test
    void theTickerSleepsUntilTheNextTickAtMostASecond() {
        assertEquals(1000, CronScheduler.sleepMillis(T, Instant.MAX), "no trigger: look again in a second");
        assertEquals(1000, CronScheduler.sleepMillis(T, T.plusSeconds(59)));
        assertEquals(250, CronScheduler.sleepMillis(T, T.plusMillis(250)));
        assertEquals(1, CronScheduler.sleepMillis(T, T.minusMillis(5)));
    }

    @Test
    void aTickThatCannotBeClaimedIsNotRun() throws Exception {
        EdgeMetrics metrics = new EdgeMetrics(new SimpleMeterRegistry());
        CronStore down = new CronStore() {
            public boolean claim(String e, String c, long t, String n, long ttl) throws Exception {
                throw new java.io.IOException("Connection refused");
            }

            public void record(String e, CronRun run) {
                throw new AssertionError("nothing ran");
            }
        };
        CronScheduler scheduler = new CronScheduler(graph::get, down, (v, e, t) -> {
            ran.add("ran");
            return CompletableFuture.completedFuture(null);
        }, metrics, "n", 30_000, Clock.systemUTC());
        scheduler.tick(T.minusSeconds(1));
        assertEquals(List.of(), scheduler.tick(T.plusMillis(1)));
        assertEquals(List.of(), ran);
        assertEquals(1.0, metrics.counter("edge_cron_ticks_total", "result", "error"));
        scheduler.close();
    }

    @Test
    void theThreadFiresTicksByTheClock() throws Exception {
        // the real loop on two nodes, with a clock set 300 ms before a minute boundary (both nodes share it, as NTP
        // would have them): the thread sleeps until the tick, both try it, one runs it
        Instant now = Instant.now();
        Instant nextMinute = CronSchedule.parse("* * * * *").next(now.plusSeconds(5)).orElseThrow();
        Clock clock = Clock.offset(Clock.systemUTC(), java.time.Duration.between(now, nextMinute).minusMillis(300));
        EdgeMetrics ma = new EdgeMetrics(new SimpleMeterRegistry());
        EdgeMetrics mb = new EdgeMetrics(new SimpleMeterRegistry());
        ScheduledEvent[] seen = new ScheduledEvent[1];
        CronScheduler.Runner runner = (v, e, t) -> {
            seen[0] = e;
            return CompletableFuture.completedFuture(new InvocationResult(EdgeResponse.text(200, "ok"), List.of(), 0, null, null));
        };
        try (RedisCronStore sa = redis.store(); RedisCronStore sb = redis.store();
             CronScheduler a = new CronScheduler(graph::get, sa, runner, ma, "a", 30_000, clock);
             CronScheduler b = new CronScheduler(graph::get, sb, runner, mb, "b", 30_000, clock)) {
            a.start();
            b.start();
            long deadline = System.currentTimeMillis() + 5000;
            while (recorded().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(200);
            assertEquals(1, recorded().size());
            assertEquals(nextMinute.toEpochMilli(), seen[0].scheduledTimeMillis());
            assertEquals(1.0, ma.counter("edge_cron_ticks_total", "result", "won") + mb.counter("edge_cron_ticks_total", "result", "won"));
            assertEquals(1.0, ma.counter("edge_cron_ticks_total", "result", "lost") + mb.counter("edge_cron_ticks_total", "result", "lost"));
        }
    }
}
