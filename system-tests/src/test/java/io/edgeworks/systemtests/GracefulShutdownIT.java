package io.edgeworks.systemtests;

import io.edgeworks.systemtests.support.Background;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.EdgeNodeProcess;
import io.edgeworks.systemtests.support.Poll;
import io.edgeworks.systemtests.support.Reply;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import io.edgeworks.systemtests.support.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge node's graceful shutdown (README "Cluster mode, graceful shutdown and rolling restarts"), on a second edge node this class
 * starts ({@link EdgeNodeProcess}, as {@code CronTriggersIT} does) with a shutdown delay of 1 s and a drain bound of
 * 15 s. A request whose worker waits 3 s on a timer is under way when the node gets SIGTERM: readiness answers 503 at
 * once (while the request is still in flight), a new request during the shutdown is still answered, the slow request
 * completes with 200 and its body, and only then does the process exit, well within the bound.
 */
class GracefulShutdownIT {
    private static final String SLOW = """
            export default {
              async fetch(request) {
                const ms = Number(new URL(request.url).searchParams.get("ms") || "0");
                await new Promise(resolve => setTimeout(resolve, ms));
                return new Response("slept " + ms);
              }
            };
            """;
    private static final Duration DELAY = Duration.ofSeconds(1);
    private static final Duration BOUND = Duration.ofSeconds(15);
    private static Tenant tenant;
    private static EdgeNodeProcess node;

    @BeforeAll
    static void setUp() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE, Stack.Part.REDIS);
        CompletableFuture<EdgeNodeProcess> starting = Background.supply("start edge-node-drain-it", () -> EdgeNodeProcess.start("edge-node-drain-it",
                Map.of("EDGE_SHUTDOWN_DELAY", DELAY.toMillis() + "ms", "EDGE_SHUTDOWN_TIMEOUT", BOUND.toSeconds() + "s")));
        tenant = Tenant.create(Api.as("alice"), "drain");
        tenant.deployNewService("slow", SLOW);
        node = starting.join();
    }

    @AfterAll
    static void tearDown() {
        if (node != null) {
            node.close();
        }
        Tenant.deleteCreated();
    }

    @Test
    void aTerminatedEdgeNodeFailsReadinessFirstThenFinishesItsRequestsThenExits() throws Exception {
        String host = tenant.hostname("slow");
        Poll.until(Duration.ofSeconds(60), () -> node.get(host, "/?ms=0"), r -> r.status() == 200 && r.body().equals("slept 0"),
                "the second edge node to serve " + host);
        assertEquals(200, node.readiness().status(), node.readiness().describe());

        CompletableFuture<Reply> slow = Background.supply("slow request", () -> node.get(host, "/?ms=3000"));
        Thread.sleep(500); // the request is with the worker, awaiting its timer
        long sigterm = System.nanoTime();
        node.process().terminate();

        Reply down = Poll.until(Duration.ofSeconds(2), node::readiness, r -> r.status() == 503,
                "readiness to go down right after SIGTERM");
        long readinessDown = Poll.millisSince(sigterm);
        assertFalse(slow.isDone(), "readiness went down while the slow request was still in flight");
        assertTrue(down.body().contains("DOWN"), down.describe());

        Reply during = node.get(host, "/?ms=0");
        assertEquals(200, during.status(), "a request arriving during the shutdown is still answered: " + during.describe());

        Reply answered = slow.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        long answeredAt = Poll.millisSince(sigterm);
        assertEquals(200, answered.status(), "the request in flight at SIGTERM completes: " + answered.describe() + "\n" + node.tail());
        assertEquals("slept 3000", answered.body());

        assertTrue(node.process().exitedWithin(BOUND), "the node exits within the drain bound of " + BOUND + "\n" + node.tail());
        long exitedAt = Poll.millisSince(sigterm);
        String log = node.process().log();
        assertTrue(log.contains("shutdown: no request or worker job in flight"), "the drain found nothing left to wait for:\n" + node.tail());
        System.out.printf("graceful shutdown of an edge node: readiness down %d ms after SIGTERM, the 3 s request answered at %d ms,"
                + " process gone at %d ms (delay %s, bound %s)%n", readinessDown, answeredAt, exitedAt, DELAY, BOUND);
    }
}
