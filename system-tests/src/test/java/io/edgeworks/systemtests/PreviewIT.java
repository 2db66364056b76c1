package io.edgeworks.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Edge;
import io.edgeworks.systemtests.support.Json;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import io.edgeworks.systemtests.support.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Environment-following bindings and full-stack previews through the real stack (CONTRACT.md: a service binding
 * without {@code environment} follows; {@code POST /api/accounts/{a}/previews}). One account: gateway → auth
 * (follows) → users (names production explicitly); each worker answers its own name and what its binding answered,
 * so a response shows the whole path a request took.
 */
class PreviewIT {
    private static final String NAMED = """
            export default {
              async fetch(request, env) {
                const next = env.NEXT ? " > " + await (await env.NEXT.fetch("http://next/")).text() : "";
                return new Response(env.NAME + next);
              }
            }
            """;
    private static Api alice;
    private static Tenant tenant;

    @BeforeAll
    static void createGraph() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE);
        alice = Api.as("alice");
        tenant = Tenant.create(alice, "previews");
        tenant.deployNewService("users", NAMED, "vars", Json.object("NAME", "users"));
        tenant.deployNewService("auth", NAMED, "vars", Json.object("NAME", "auth"),
                "bindings", Json.array(Workers.serviceBinding("NEXT", "users", "production")));
        tenant.deployNewService("gateway", NAMED, "vars", Json.object("NAME", "gateway"),
                "bindings", Json.array(Json.object("type", "service", "name", "NEXT", "service", "auth")));
        Edge.awaitAnswer(tenant.hostname("gateway"), "/", 200, "gateway > auth > users");
    }

    @AfterAll
    static void deleteAccounts() {
        Tenant.deleteCreated();
    }

    private static void setName(String service, String environment, String name) {
        alice.patch(tenant.envPath(service, environment) + "/vars", Json.object("NAME", name)).expect(201);
    }

    @Test
    void aPreviewGraphIsServedAtItsHostnamesWithBindingsLandingInThePreviews() {
        JsonNode preview = alice.post(tenant.path() + "/previews", Json.object("name", "pr-7", "from", "production",
                "services", Json.array("gateway"))).expect(201).json();
        assertEquals("[\"auth\",\"gateway\",\"users\"]", preview.path("services").toString(), preview.toString());
        for (String service : new String[]{"gateway", "auth", "users"}) {
            assertEquals(tenant.hostname(service, "pr-7"), preview.path("environments").findValues("hostname").stream()
                    .map(JsonNode::asText).filter(h -> h.startsWith("pr-7-" + service + ".")).findFirst().orElse(null), preview.toString());
            setName(service, "pr-7", service + "@pr-7");
        }

        // every hop of the preview lands in the preview (auth's binding named production: in the copy it follows)
        Edge.awaitAnswer(tenant.hostname("gateway", "pr-7"), "/", 200, "gateway@pr-7 > auth@pr-7 > users@pr-7");
        Edge.awaitAnswer(tenant.hostname("auth", "pr-7"), "/", 200, "auth@pr-7 > users@pr-7");
        Edge.awaitAnswer(tenant.hostname("gateway"), "/", 200, "gateway > auth > users");
        assertEquals(1, alice.get(tenant.path() + "/previews").expect(200).json().size());

        alice.delete(tenant.path() + "/previews/pr-7").expect(204);
        Edge.await(tenant.hostname("gateway", "pr-7"), "/", Map.of(), r -> r.status() == 404, "404 once the preview is deleted");
        Edge.await(tenant.hostname("users", "pr-7"), "/", Map.of(), r -> r.status() == 404, "404 once the preview is deleted");
        Edge.awaitAnswer(tenant.hostname("gateway"), "/", 200, "gateway > auth > users");
    }

    @Test
    void anEnvironmentCreatedLaterIsPickedUpByFollowingBindingsWithoutANewVersionOfTheCaller() {
        alice.post(tenant.servicePath("gateway") + "/environments", Json.object("name", "staging", "clone_from", "production")).expect(201);
        setName("gateway", "staging", "gateway@staging");
        String host = tenant.hostname("gateway", "staging");
        Edge.awaitAnswer(host, "/", 200, "gateway@staging > auth > users");
        int callerVersion = tenant.environment("gateway", "staging").path("latest_version").asInt();

        alice.post(tenant.servicePath("auth") + "/environments", Json.object("name", "staging", "clone_from", "production")).expect(201);
        setName("auth", "staging", "auth@staging");
        Edge.awaitAnswer(host, "/", 200, "gateway@staging > auth@staging > users");
        JsonNode caller = tenant.environment("gateway", "staging");
        assertEquals(callerVersion, caller.path("latest_version").asInt(), "no new version of the caller: " + caller);
        assertEquals("staging", caller.path("bindings").path(0).path("environment").asText(), caller.toString());

        // a following binding never blocks: the environment goes, the binding lands on production again
        alice.delete(tenant.envPath("auth", "staging")).expect(204);
        Edge.awaitAnswer(host, "/", 200, "gateway@staging > auth > users");
    }

    @Test
    void theVersionOverridesHeaderChoosesAVersionOnEveryHopUnlessTheEnvironmentTurnedItOff() {
        // users v2 deployed at 0%: reached only through the header
        tenant.createVersion("users", "production", Json.object("vars", Json.object("NAME", "users v2"), "deploy", false));
        alice.post(tenant.envPath("users", "production") + "/deployments", Json.object("versions", Json.array(
                Json.object("number", 1, "percentage", 100), Json.object("number", 2, "percentage", 0)))).expect(201);
        Map<String, String> override = Map.of("Edgeworks-Version-Overrides", "users=2");
        Edge.awaitAnswer(tenant.hostname("gateway"), "/", override, 200, "gateway > auth > users v2");
        Edge.awaitAnswer(tenant.hostname("gateway"), "/", 200, "gateway > auth > users");

        alice.patch(tenant.envPath("users", "production"), Json.object("version_overrides", false)).expect(200);
        Edge.awaitAnswer(tenant.hostname("gateway"), "/", override, 200, "gateway > auth > users");
        alice.patch(tenant.envPath("users", "production"), Json.object("version_overrides", true)).expect(200);
        alice.post(tenant.envPath("users", "production") + "/deployments", Json.object("versions", Json.array(
                Json.object("number", 1, "percentage", 100)))).expect(201);
    }
}
