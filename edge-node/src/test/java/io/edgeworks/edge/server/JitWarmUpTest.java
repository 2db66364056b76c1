package io.edgeworks.edge.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.Deployment;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.EnvironmentSpec;
import io.edgeworks.bundle.VersionSpec;
import io.edgeworks.edge.graph.GraphBuilder;
import io.edgeworks.edge.graph.GraphInput;
import io.edgeworks.edge.graph.LiveGraph;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JIT warm-up in the running app (whose own start-up warm-up is off in tests: edge.runtime.jit-warm-up=0s): its
 * sample requests go through the public port and are all answered; it sends none while a tenant's request is in
 * progress; and its key opens the sample only while a warm-up runs, a wrong key never (those requests are routed as
 * any other).
 */
@QuarkusTest
class JitWarmUpTest {
    static final EnvironmentRef SLOW = EnvironmentRef.parse("acme/slow/production");

    @Inject
    JitWarmUp warmUp;
    @Inject
    EdgeRuntime runtime;
    @Inject
    LiveGraph live;
    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void deploy() {
        String source = "export default { async fetch() { await new Promise(r => setTimeout(r, 1500)); return new Response('late'); } }";
        Bundle slow = new Bundle(Bundle.FORMAT, SLOW, List.of(new EnvironmentSpec(SLOW, "slow.acme.localhost", Deployment.single(1),
                List.of(new VersionSpec("id", 1, "worker.js", new TreeMap<>(Map.of("worker.js", source)), null, null, List.of(),
                        null, Integer.toHexString(source.hashCode()))))));
        GraphBuilder.Result result = runtime.builder().build(new GraphInput(1, Map.of(SLOW, slow),
                Map.of("slow.acme.localhost", SLOW), List.of()), live.get());
        assertTrue(result.failures().isEmpty(), result.failures()::toString);
        live.swap(result.graph());
    }

    @Test
    void everySampleRequestIsAnsweredThroughThePublicPortUntilTheBudgetIsSpent() throws Exception {
        JitWarmUp.Outcome outcome = warmUp.run(base.toURI(), Duration.ofSeconds(2));
        assertEquals("budget spent", outcome.stopped(), outcome::toString);
        // it stops at the first answer that is not the sample's 200: at least one round of its four paths was served
        assertTrue(outcome.runs() >= 4, outcome::toString);
        assertTrue(outcome.elapsedMs() >= 2000 && outcome.elapsedMs() < 10_000, outcome::toString);
    }

    @Test
    void sendsNothingWhileATenantsRequestIsInProgress() throws Exception {
        CompletableFuture<String> tenant = CompletableFuture.supplyAsync(() ->
                given().header("Host", "slow.acme.localhost").when().get("/").then().statusCode(200).extract().asString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (runtime.pool().tenantJobs() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, runtime.pool().tenantJobs(), "the tenant's request is in progress");
        JitWarmUp.Outcome outcome = warmUp.run(base.toURI(), Duration.ofMillis(800));
        assertEquals(0, outcome.runs(), outcome::toString);
        assertTrue(outcome.busyMs() >= 700, outcome::toString);
        assertEquals("late", tenant.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theKeyOpensTheSampleOnlyWhileAWarmUpRunsAndAWrongKeyNever() throws Exception {
        given().header(JitWarmUp.KEY_HEADER, warmUp.key()).when().get("/text")
                .then().statusCode(404).body(containsString("No service is deployed"));
        URI to = base.toURI();
        CompletableFuture<JitWarmUp.Outcome> running = CompletableFuture.supplyAsync(() -> warmUp.run(to, Duration.ofSeconds(3)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline) {
            status = given().header(JitWarmUp.KEY_HEADER, warmUp.key()).when().get("/text").then().extract().statusCode();
        }
        assertEquals(200, status, "the warm-up's key while it runs");
        given().header(JitWarmUp.KEY_HEADER, warmUp.key()).when().get("/text").then().statusCode(200).body(equalTo("hello"));
        String wrong = "0".repeat(warmUp.key().length());
        given().header(JitWarmUp.KEY_HEADER, wrong).when().get("/text")
                .then().statusCode(404).body(containsString("No service is deployed"));
        given().header(JitWarmUp.KEY_HEADER, "").when().get("/text").then().statusCode(404);
        assertEquals("budget spent", running.get(20, TimeUnit.SECONDS).stopped());
        given().header(JitWarmUp.KEY_HEADER, warmUp.key()).when().get("/text")
                .then().statusCode(404).body(containsString("No service is deployed"));
    }
}
