package io.edgeworks.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Edge;
import io.edgeworks.systemtests.support.Json;
import io.edgeworks.systemtests.support.Reply;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import io.edgeworks.systemtests.support.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Account API tokens on the running stack (README "API tokens"): created with a real Keycloak login, used as
 * {@code Authorization: Bearer ewt_…} to deploy to a matching preview environment that the edge then serves,
 * refused on production with the restriction named, named in the audit log, and 401 once revoked, while
 * Keycloak tokens keep working.
 */
class ApiTokenIT {

    @BeforeAll
    static void stackIsUp() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE);
    }

    @AfterAll
    static void deleteAccounts() {
        Tenant.deleteCreated();
    }

    @Test
    void aScopedTokenDeploysPreviewsOnlyAndStopsWhenRevoked() {
        Api alice = Api.as("alice");
        Tenant tenant = Tenant.create(alice, "tokens");
        tenant.deployNewService("hello", Workers.GREETER);
        alice.post(tenant.servicePath("hello") + "/environments", Json.object("name", "preview-1", "clone_from", "production")).expect(201);

        JsonNode created = alice.post(tenant.path() + "/tokens",
                Json.object("name", "ci-previews", "scopes", Json.array("deploy:preview-*"), "ttl", "1d")).expect(201).json();
        String secret = created.path("token").asText();
        String id = created.path("id").asText();
        assertTrue(secret.matches("ewt_[0-9A-Za-z]{16}_[0-9A-Za-z]{43}"), created.toString());
        Api ci = Api.withToken(secret);

        String code = "export default { async fetch() { return new Response('from ci'); } }\n";
        ci.post(tenant.envPath("hello", "preview-1") + "/versions", Json.object("modules", Json.object(Workers.MAIN, code))).expect(201);
        Edge.awaitAnswer(tenant.hostname("hello", "preview-1"), "/", 200, "from ci");

        Reply production = ci.post(tenant.envPath("hello", "production") + "/versions",
                Json.object("modules", Json.object(Workers.MAIN, code))).expectProblem(403);
        assertTrue(production.json().path("detail").asText().contains("'deploy:preview-*'"), production.describe());

        JsonNode audit = alice.get(tenant.path() + "/audit?limit=5").expect(200).json();
        JsonNode deploy = audit.get(0);
        assertEquals("version.create", deploy.path("action").asText(), audit.toString());
        assertEquals("alice", deploy.path("actor").asText(), audit.toString());
        assertEquals("ci-previews", deploy.path("token").path("name").asText(), audit.toString());

        alice.delete(tenant.path() + "/tokens/" + id).expect(204);
        Reply revoked = ci.get(tenant.path()).expectProblem(401);
        assertTrue(revoked.json().path("detail").asText().contains("was revoked"), revoked.describe());
        alice.get(tenant.path()).expect(200);
    }
}
