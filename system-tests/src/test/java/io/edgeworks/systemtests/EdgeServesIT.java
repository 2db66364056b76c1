package io.edgeworks.systemtests;

import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Edge;
import io.edgeworks.systemtests.support.Json;
import io.edgeworks.systemtests.support.Names;
import io.edgeworks.systemtests.support.Poll;
import io.edgeworks.systemtests.support.Reply;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import io.edgeworks.systemtests.support.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a deploy through platform-api does at edge-node (CONTRACT.md "Hostnames", "Workers", "Custom
 * routes"): the environment's hostname serves the deployed worker within seconds, service bindings
 * work, previews have their own hostname, rollback and split change the answer, custom routes reach
 * their service, and an unknown host is 404.
 */
class EdgeServesIT {
    private static Api alice;
    private static Tenant tenant;

    @BeforeAll
    static void createAccount() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE);
        alice = Api.as("alice");
        tenant = Tenant.create(alice, "edge");
    }

    @AfterAll
    static void deleteAccounts() {
        Tenant.deleteCreated();
    }

    @Test
    void deployedWorkerIsServedAtItsHostnameWithinSeconds() {
        long start = System.nanoTime();
        tenant.deployNewService("hello", Workers.GREETER);
        Reply served = Edge.awaitAnswer(tenant.hostname("hello"), "/", 200, "hello world");
        System.out.printf("deploy -> first answer at the edge: %d ms%n", Poll.millisSince(start));
        assertTrue(served.contentType().isEmpty() || served.contentType().startsWith("text/plain"),
                "new Response(string) is text/plain\n" + served.describe());

        Reply upper = Edge.get(tenant.hostname("hello").toUpperCase(Locale.ROOT), "/some/path?x=1");
        assertEquals(200, upper.status(), "hostnames are case-insensitive\n" + upper.describe());
        assertEquals("hello world", upper.body(), upper.describe());
    }

    @Test
    void gatewayAsksAuthThroughItsServiceBinding() {
        String secret = "tok-" + Names.random(24);
        tenant.deployNewService("auth", Workers.AUTH);
        alice.put(tenant.envPath("auth", "production") + "/secrets/SECRET_TOKEN", Json.object("value", secret)).expect(201);
        tenant.deployNewService("gateway", Workers.GATEWAY,
                "bindings", Json.array(Workers.serviceBinding("AUTH", "auth", "production")));
        String host = tenant.hostname("gateway");

        Edge.awaitAnswer(host, "/", Map.of("x-custom-token", secret), 200, "");
        Reply refused = Edge.get(host, "/");
        assertEquals(403, refused.status(), "without x-custom-token auth refuses and the gateway passes it on\n" + refused.describe());
        assertEquals("x-custom-token does not match, request not allowed", refused.body(), refused.describe());
        Reply wrong = Edge.get(host, "/", Map.of("x-custom-token", "wrong"));
        assertEquals(403, wrong.status(), wrong.describe());

        // auth itself is served at its own hostname too
        Edge.awaitAnswer(tenant.hostname("auth"), "/", Map.of("x-custom-token", secret), 200, "Request allowed");
    }

    @Test
    void previewEnvironmentIsServedAtItsOwnHostname() {
        // its own account, so that the service can be "hello" as in CONTRACT.md's example
        Tenant own = Tenant.create(alice, "preview");
        own.deployNewService("hello", Workers.GREETER, "vars", Json.object("GREETING", "from production"));
        alice.post(own.servicePath("hello") + "/environments", Json.object("name", "staging", "clone_from", "production"))
                .expect(201);
        String preview = "staging-hello." + own.slug() + "." + Stack.baseDomain();
        Edge.awaitAnswer(preview, "/", 200, "from production");

        alice.patch(own.envPath("hello", "staging") + "/vars", Json.object("GREETING", "from staging")).expect(201);
        Edge.awaitAnswer(preview, "/", 200, "from staging");
        Edge.awaitAnswer("hello." + own.slug() + "." + Stack.baseDomain(), "/", 200, "from production");
    }

    @Test
    void deletedServiceAndAccountStopBeingServed() {
        Tenant own = Tenant.create(alice, "gone");
        own.deployNewService("hello", Workers.GREETER);
        own.deployNewService("bye", Workers.GREETER, "vars", Json.object("GREETING", "bye"));
        Edge.awaitAnswer(own.hostname("hello"), "/", 200, "hello world");
        Edge.awaitAnswer(own.hostname("bye"), "/", 200, "bye");

        alice.delete(own.servicePath("bye")).expect(204);
        Edge.await(own.hostname("bye"), "/", Map.of(), r -> r.status() == 404, "404 once the service is deleted");
        alice.delete(own.path()).expect(204);
        Edge.await(own.hostname("hello"), "/", Map.of(), r -> r.status() == 404, "404 once the account is deleted");
    }

    @Test
    void unknownHostIs404() {
        Reply unknown = Edge.get("nothing-" + Names.random(10) + "." + Stack.baseDomain(), "/");
        assertEquals(404, unknown.status(), unknown.describe());
        Reply noService = Edge.get("missing." + tenant.slug() + "." + Stack.baseDomain(), "/");
        assertEquals(404, noService.status(), noService.describe());
        Reply foreign = Edge.get("www." + Names.random(12) + ".example", "/");
        assertEquals(404, foreign.status(), foreign.describe());
    }

    @Test
    void rollbackChangesTheAnswer() {
        tenant.deployNewService("flip", Workers.GREETER, "vars", Json.object("GREETING", "one"));
        String host = tenant.hostname("flip");
        Edge.awaitAnswer(host, "/", 200, "one");
        alice.patch(tenant.envPath("flip", "production") + "/vars", Json.object("GREETING", "two")).expect(201);
        Edge.awaitAnswer(host, "/", 200, "two");

        alice.post(tenant.envPath("flip", "production") + "/deployments",
                Json.object("versions", Json.array(Json.object("number", 1, "percentage", 100)), "message", "roll back")).expect(201);
        Edge.awaitAnswer(host, "/", 200, "one");
    }

    @Test
    void splitDeploymentServesBothVersions() {
        tenant.deployNewService("split", Workers.GREETER, "vars", Json.object("GREETING", "old"));
        String host = tenant.hostname("split");
        alice.patch(tenant.envPath("split", "production") + "/vars", Json.object("GREETING", "new")).expect(201);
        Edge.awaitAnswer(host, "/", 200, "new");

        alice.post(tenant.envPath("split", "production") + "/deployments", Json.object("versions", Json.array(
                Json.object("number", 2, "percentage", 50), Json.object("number", 1, "percentage", 50)))).expect(201);
        Edge.awaitAnswer(host, "/", 200, "old");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 60 && seen.size() < 2; i++) {
            Reply reply = Edge.get(host, "/");
            assertEquals(200, reply.status(), reply.describe());
            seen.add(reply.body());
        }
        assertEquals(Set.of("old", "new"), seen, "a 50/50 split serves both versions to unpinned requests");
    }

    @Test
    void customRouteOnAHeldDomainReachesItsService() {
        String domain = tenant.slug() + ".test";
        tenant.deployNewService("shop", Workers.SHOP);
        tenant.verifiedDomain(domain);
        Reply route = alice.post(tenant.path() + "/routes",
                Json.object("pattern", domain + "/api/*", "service", "shop", "environment", "production")).expect(201);
        assertTrue(!route.json().path("id").asText("").isBlank(), "a route answers its id\n" + route.describe());

        alice.post(tenant.path() + "/routes", Json.object("pattern", domain + "/api/*", "service", "shop", "environment", "production"))
                .expectProblem(409);
        alice.post(tenant.path() + "/routes", Json.object("pattern", "shop." + Names.random(10) + ".example/*", "service", "shop",
                "environment", "production")).expectProblem(400);
        alice.post(tenant.path() + "/routes", Json.object("pattern", domain + "/a*b", "service", "shop", "environment", "production"))
                .expectProblem(400);

        Edge.awaitAnswer(domain, "/api/items", 200, "shop /api/items");
        Reply mixedCase = Edge.get(domain.toUpperCase(Locale.ROOT), "/api/items?page=2");
        assertEquals(200, mixedCase.status(), "route hosts are case-insensitive\n" + mixedCase.describe());
        assertEquals("shop /api/items", mixedCase.body(), mixedCase.describe());
        Reply outside = Edge.get(domain, "/checkout");
        assertEquals(404, outside.status(), "a path outside every route is 404\n" + outside.describe());
        Reply caseSensitivePath = Edge.get(domain, "/API/items");
        assertEquals(404, caseSensitivePath.status(), "route paths are case-sensitive\n" + caseSensitivePath.describe());
    }
}
