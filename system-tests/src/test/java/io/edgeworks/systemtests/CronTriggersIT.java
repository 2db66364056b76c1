package io.edgeworks.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.systemtests.support.Background;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.EdgeNodeProcess;
import io.edgeworks.systemtests.support.Json;
import io.edgeworks.systemtests.support.Poll;
import io.edgeworks.systemtests.support.Reply;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cron triggers through the real stack with TWO edge nodes (CONTRACT.md "Cron triggers"): the stack's node and a
 * second one this class starts ({@link EdgeNodeProcess}, same Redis and keys, its own ports). A {@code * * * * *}
 * trigger fires once per tick across both: both nodes try the tick ({@code edge_cron_ticks_total} won + lost on
 * their management ports), exactly one runs it, the run is listed by {@code GET …/triggers/runs}, and the worker's
 * own KV counter for that tick says 1.
 *
 * <p>The one slow test of the tier: it waits for the next minute boundary (up to ~60 s, ~30 s on average). The
 * contract is five-field cron, so there is no faster tick to use.
 */
class CronTriggersIT {
    private static final String WORKER = """
            export default {
              async fetch(request, env) {
                return new Response("cron worker");
              },
              async scheduled(controller, env, ctx) {
                const key = "tick-" + controller.scheduledTime;
                const seen = Number((await env.STATE.get(key)) || "0");
                await env.STATE.put(key, String(seen + 1));
                console.log("tick " + controller.scheduledTime + " of " + controller.cron);
              }
            };
            """;

    private static final Duration PROPAGATION = Duration.ofSeconds(60);
    private static Api alice;
    private static Tenant tenant;
    private static EdgeNodeProcess second;

    @BeforeAll
    static void setUp() throws Exception {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE, Stack.Part.REDIS);
        CompletableFuture<EdgeNodeProcess> starting = Background.supply("start edge-node-cron-it", () -> EdgeNodeProcess.start("edge-node-cron-it"));
        alice = Api.as("alice");
        tenant = Tenant.create(alice, "cron");
        second = starting.join();
    }

    @AfterAll
    static void tearDown() {
        if (second != null) {
            second.close();
        }
        Tenant.deleteCreated();
    }

    @Test
    void aCronFiresOncePerTickAcrossTwoEdgeNodes() {
        String triggers = tenant.envPath("ticker", "production") + "/triggers";
        tenant.createService("ticker");
        alice.put(triggers, Json.object("crons", Json.array("* * * *"))).expectProblem(400);
        // triggers first, code second: whichever node serves the code has the triggers too (one signed manifest)
        JsonNode set = alice.put(triggers, Json.object("crons", Json.array("*  * * * *"))).expect(200).json();
        assertEquals("* * * * *", set.path("crons").path(0).asText(), set.toString());
        alice.post(tenant.path() + "/kv/namespaces", Json.object("name", "state")).expect(201);
        tenant.createVersion("ticker", "production", Json.object("modules", Json.object("worker.js", WORKER),
                "bindings", Json.array(Json.object("type", "kv", "name", "STATE", "namespace", "state"))));
        String host = tenant.hostname("ticker");
        // generous: the wait for the tick dominates this test anyway, and a loaded machine publishes slowly
        Poll.until(PROPAGATION, () -> io.edgeworks.systemtests.support.Edge.get(host, "/"),
                r -> r.status() == 200 && r.body().equals("cron worker"), "the stack's edge node to serve " + host);
        Poll.until(PROPAGATION, () -> second.get(host, "/"), r -> r.status() == 200 && r.body().equals("cron worker"),
                "the second edge node to serve " + host);

        // a baseline of both nodes' tick counters well before a minute boundary, then the first tick after it
        Instant now = Instant.now();
        Instant tick = now.plusSeconds(60 - now.getEpochSecond() % 60).minusNanos(now.getNano());
        if (Duration.between(now, tick).toMillis() < 2000) {
            sleepUntil(tick.plusMillis(500));
            tick = tick.plusSeconds(60);
        }
        String[] nodes = {Stack.edgeManagementUrl(), second.managementUrl()};
        double[] won = new double[2];
        double[] lost = new double[2];
        for (int i = 0; i < 2; i++) {
            won[i] = EdgeNodeProcess.counter(nodes[i], "edge_cron_ticks_total", "result=\"won\"");
            lost[i] = EdgeNodeProcess.counter(nodes[i], "edge_cron_ticks_total", "result=\"lost\"");
        }
        long tickMillis = tick.toEpochMilli();
        String runs = triggers + "/runs";
        Reply listed = Poll.until(Duration.between(Instant.now(), tick).plusSeconds(20), () -> alice.get(runs),
                r -> r.status() == 200 && runsOf(r, tickMillis).size() == 1, "a run of the " + tick + " tick listed");
        JsonNode run = runsOf(listed, tickMillis).getFirst();
        assertEquals("ok", run.path("outcome").asText(), listed.describe());
        assertEquals("* * * * *", run.path("cron").asText());
        assertEquals(1, run.path("version").asInt());
        assertTrue(run.path("error").isNull(), listed.describe());

        // both nodes tried the tick: one won, the other lost (give the loser's counter a moment)
        Poll.until(Duration.ofSeconds(10), () -> delta(nodes, "lost", lost), d -> d >= 1, "the other node to have lost the tick");
        assertEquals(1.0, delta(nodes, "won", won), "exactly one node ran the tick");
        assertEquals(1.0, delta(nodes, "lost", lost), "the other node tried it too");
        int secondIndex = 1;
        double secondWon = EdgeNodeProcess.counter(nodes[secondIndex], "edge_cron_ticks_total", "result=\"won\"") - won[secondIndex];
        assertEquals(run.path("node").asText().equals(second.name()) ? 1.0 : 0.0, secondWon,
                "the run names the node that won the tick: " + listed.describe());

        // the worker itself saw the tick once, and no second run of it appears later
        Reply counted = alice.getRaw(tenant.path() + "/kv/namespaces/state/values/tick-" + tickMillis).expect(200);
        assertEquals("1", counted.body(), counted.describe());
        assertEquals(1, runsOf(alice.get(runs).expect(200), tickMillis).size());
    }

    private static List<JsonNode> runsOf(Reply reply, long tickMillis) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode run : reply.array()) {
            if (Instant.parse(run.path("scheduled_time").asText()).toEpochMilli() == tickMillis) {
                out.add(run);
            }
        }
        return out;
    }

    private static double delta(String[] nodes, String result, double[] before) {
        double sum = 0;
        for (int i = 0; i < nodes.length; i++) {
            sum += EdgeNodeProcess.counter(nodes[i], "edge_cron_ticks_total", "result=\"" + result + "\"") - before[i];
        }
        return sum;
    }

    private static void sleepUntil(Instant when) {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
