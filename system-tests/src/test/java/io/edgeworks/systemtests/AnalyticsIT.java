package io.edgeworks.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Edge;
import io.edgeworks.systemtests.support.Json;
import io.edgeworks.systemtests.support.Poll;
import io.edgeworks.systemtests.support.Reply;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Analytics end to end: a split deployment of two versions serves traffic at the edge, the edge ships its per-minute
 * aggregates through Redis (every 2 s on the local stack, {@code EDGE_ANALYTICS_FLUSH_INTERVAL}), platform-api stores
 * them, and {@code GET …/analytics} gives each version its own figures: exactly the 200s each version answered, the
 * uncaught exceptions of {@code /boom}, CPU percentiles. Every request to the host goes through {@link #send} and is
 * counted by the version that answered (its body), so the expected figures are exact.
 */
class AnalyticsIT {
    private static final String WORKER = """
            export default {
              async fetch(request, env) {
                if (new URL(request.url).pathname === "/boom") {
                  throw new Error("boom");
                }
                return new Response(env.GREETING);
              }
            }
            """;
    private static final Duration STORED = Duration.ofSeconds(60);
    private static Api alice;
    private static Tenant tenant;
    private static final long[] ANSWERED = new long[3];
    private static long failed;

    @BeforeAll
    static void setUp() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE);
        alice = Api.as("alice");
        tenant = Tenant.create(alice, "analytics");
    }

    @AfterAll
    static void cleanUp() {
        Tenant.deleteCreated();
    }

    /** One request to the host; a 200 is counted for the version whose greeting it carries. */
    private static Reply send(String host, String path) {
        Reply reply = Edge.get(host, path);
        if (reply.status() == 200 && reply.body().equals("one")) {
            ANSWERED[1]++;
        } else if (reply.status() == 200 && reply.body().equals("two")) {
            ANSWERED[2]++;
        } else if (reply.status() == 500) {
            failed++;
        }
        return reply;
    }

    private static void awaitBody(String host, String body) {
        Poll.until(Edge.PROPAGATION, () -> send(host, "/"), r -> r.status() == 200 && r.body().equals(body), "'" + body + "' at " + host);
    }

    @Test
    void aSplitDeploymentShowsEachVersionsOwnFigures() {
        tenant.deployNewService("canary", WORKER, "vars", Json.object("GREETING", "one"));
        String host = tenant.hostname("canary");
        String env = tenant.envPath("canary", "production");
        awaitBody(host, "one");
        alice.patch(env + "/vars", Json.object("GREETING", "two")).expect(201);
        awaitBody(host, "two");
        alice.post(env + "/deployments", Json.object("versions", Json.array(
                Json.object("number", 1, "percentage", 70), Json.object("number", 2, "percentage", 30)))).expect(201);
        awaitBody(host, "one");
        for (int i = 0; i < 40; i++) {
            send(host, "/");
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(500, send(host, "/boom").status());
        }
        assertTrue(ANSWERED[1] > 0 && ANSWERED[2] > 0, "both versions answered: v1 " + ANSWERED[1] + ", v2 " + ANSWERED[2]);

        JsonNode analytics = Poll.until(STORED, () -> alice.get(env + "/analytics?step=1h&from="
                        + java.time.Instant.now().minus(Duration.ofHours(1))).expect(200).json(),
                a -> ok(a, 1) + ok(a, 2) == ANSWERED[1] + ANSWERED[2] && sum(a, "exceptions") == failed,
                "the stored figures of " + ANSWERED[1] + " + " + ANSWERED[2] + " answers and " + failed + " exceptions");
        assertEquals(ANSWERED[1], ok(analytics, 1), "v1's own 200s");
        assertEquals(ANSWERED[2], ok(analytics, 2), "v2's own 200s");
        assertEquals(failed, sum(analytics, "exceptions"));
        assertEquals(ANSWERED[1] + ANSWERED[2] + failed, sum(analytics, "requests"));
        JsonNode v1 = version(analytics, 1).path("totals");
        assertTrue(v1.path("cpu_p99_ms").isNumber() && v1.path("cpu_p99_ms").asDouble() >= v1.path("cpu_p50_ms").asDouble(),
                "CPU percentiles of v1: " + v1);
        assertTrue(v1.path("wall_p50_ms").asDouble() > 0, "wall time of v1: " + v1);

        // the account summary names the environment as busy and failing
        JsonNode account = alice.get(tenant.path() + "/analytics").expect(200).json();
        assertEquals("canary", account.path("busiest").path(0).path("service").asText(), account.toString());
        assertEquals(failed, account.path("most_failing").path(0).path("exceptions").asLong(), account.toString());
    }

    private static JsonNode version(JsonNode analytics, int number) {
        for (JsonNode v : analytics.path("versions")) {
            if (v.path("version").asInt() == number) {
                return v;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static long ok(JsonNode analytics, int number) {
        return version(analytics, number).path("totals").path("status_classes").path("2xx").asLong();
    }

    private static long sum(JsonNode analytics, String field) {
        long total = 0;
        for (JsonNode v : analytics.path("versions")) {
            total += v.path("totals").path(field).asLong();
        }
        return total;
    }
}
