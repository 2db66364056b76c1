package io.edgeworks.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Json;
import io.edgeworks.systemtests.support.Names;
import io.edgeworks.systemtests.support.Reply;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import io.edgeworks.systemtests.support.Views;
import io.edgeworks.systemtests.support.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control-plane flow of CONTRACT.md "REST API" as alice, with a real token: account, services,
 * versions, secrets, vars, bindings, deployments (rollback, split), preview environments (clone, rename),
 * promote and the audit log. Each test works on its own services of one account created for this class.
 */
class ControlPlaneFlowIT {
    private static Api alice;
    private static Tenant tenant;

    @BeforeAll
    static void createAccount() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK);
        alice = Api.as("alice");
        tenant = Tenant.create(alice, "flow");
    }

    @AfterAll
    static void deleteAccounts() {
        Tenant.deleteCreated();
    }

    @Test
    void accountIsListedAndItsSlugIsUnique() {
        JsonNode account = alice.get(tenant.path()).expect(200).json();
        assertEquals(tenant.slug(), account.path("slug").asText(), account.toString());
        assertEquals("IT flow", account.path("name").asText(), account.toString());

        Reply list = alice.get("/api/accounts").expect(200);
        assertTrue(StreamSupport.stream(list.array().spliterator(), false)
                .anyMatch(a -> tenant.slug().equals(a.path("slug").asText())), "GET /api/accounts lacks the new account\n" + list.describe());

        alice.post("/api/accounts", Json.object("slug", tenant.slug(), "name", "again")).expectProblem(409);
        alice.post("/api/accounts", Json.object("slug", "Not_A_Label", "name", "bad")).expectProblem(400);
        alice.post("/api/accounts", Json.object("slug", "-" + Names.random(6), "name", "bad")).expectProblem(400);
    }

    @Test
    void serviceAnswersItsProductionHostnameAndNamesAreUnique() {
        JsonNode service = tenant.createService("catalog");
        assertEquals("catalog", service.path("name").asText(), service.toString());
        JsonNode environments = service.path("environments");
        assertEquals(1, environments.size(), "a new service has exactly its production environment\n" + service);
        assertEquals("production", environments.get(0).path("name").asText(), service.toString());
        assertEquals(tenant.hostname("catalog"), environments.get(0).path("hostname").asText(), service.toString());

        alice.post(tenant.path() + "/services", Json.object("name", "catalog")).expectProblem(409);
        alice.post(tenant.path() + "/services", Json.object("name", "Bad Name")).expectProblem(400);
        alice.get(tenant.servicePath("catalog")).expect(200);
        Reply list = alice.get(tenant.path() + "/services").expect(200);
        assertTrue(StreamSupport.stream(list.array().spliterator(), false).anyMatch(s -> "catalog".equals(s.path("name").asText())),
                "GET …/services lacks catalog\n" + list.describe());
        alice.get(tenant.servicePath("no-such-service")).expectProblem(404);
    }

    @Test
    void authWithSecretAndSeedGatewayAreDeployed() {
        String secret = "tok-" + Names.random(24);
        JsonNode auth = tenant.createService("auth");
        assertEquals(tenant.hostname("auth"), auth.path("environments").get(0).path("hostname").asText(), auth.toString());

        JsonNode v1 = tenant.createVersion("auth", "production", Workers.version(Workers.AUTH,
                "annotations", Json.object("message", "first auth", "tag", "v1.0.0", "commit", "0123abcd")));
        assertEquals(1, v1.path("number").asInt(), v1.toString());
        assertFalse(v1.path("id").asText("").isBlank(), "a version has an id\n" + v1);
        assertFalse(v1.path("created_at").asText("").isBlank(), "a version has created_at\n" + v1);
        assertEquals("alice", v1.path("author").asText(), "the author is the token's user\n" + v1);
        assertEquals("first auth", v1.path("annotations").path("message").asText(), v1.toString());
        assertEquals("v1.0.0", v1.path("annotations").path("tag").asText(), v1.toString());
        assertEquals("0123abcd", v1.path("annotations").path("commit").asText(), v1.toString());
        assertEquals(tenant.hostname("auth"), v1.path("hostname").asText(), v1.toString());

        Reply put = alice.put(tenant.envPath("auth", "production") + "/secrets/SECRET_TOKEN", Json.object("value", secret)).expect(201);
        assertEquals(2, put.json().path("number").asInt(), "a secret creates the next version\n" + put.describe());
        assertFalse(put.body().contains(secret), "secret values are never returned\n" + put.describe());

        Reply v2 = alice.get(tenant.envPath("auth", "production") + "/versions/2").expect(200);
        assertEquals(Workers.MAIN, v2.json().path("main_module").asText(), v2.describe());
        assertEquals(Workers.AUTH, v2.json().path("modules").path(Workers.MAIN).asText(), "code carries over to the secret's version\n" + v2.describe());
        assertTrue(v2.body().contains("SECRET_TOKEN"), "a version lists its secret names\n" + v2.describe());
        assertFalse(v2.body().contains(secret), "secret values are never returned\n" + v2.describe());

        JsonNode production = tenant.environment("auth", "production");
        assertEquals(2, production.path("latest_version").asInt(), production.toString());
        assertEquals(Map.of(2, 100), Views.splits(production.path("deployment")), "a new version deploys at 100%\n" + production);

        JsonNode gateway = tenant.createService("gateway");
        assertEquals(tenant.hostname("gateway"), gateway.path("environments").get(0).path("hostname").asText(), gateway.toString());
        Map<String, Object> binding = Workers.serviceBinding("AUTH", "auth", "production");
        JsonNode g1 = tenant.createVersion("gateway", "production", Workers.version(Workers.GATEWAY, "bindings", Json.array(binding)));
        assertEquals(1, g1.path("number").asInt(), g1.toString());
        JsonNode g1Detail = alice.get(tenant.envPath("gateway", "production") + "/versions/1").expect(200).json();
        JsonNode bindings = g1Detail.path("bindings");
        assertEquals(1, bindings.size(), g1Detail.toString());
        assertEquals("service", bindings.get(0).path("type").asText(), g1Detail.toString());
        assertEquals("AUTH", bindings.get(0).path("name").asText(), g1Detail.toString());
        assertEquals("auth", bindings.get(0).path("service").asText(), g1Detail.toString());
        assertEquals("production", bindings.get(0).path("environment").asText(), g1Detail.toString());

        // a binding's target must exist in the account; a bound service cannot be deleted
        alice.post(tenant.envPath("gateway", "production") + "/versions",
                Json.object("bindings", Json.array(Workers.serviceBinding("AUTH", "no-such-service", "production")))).expectProblem(400);
        alice.delete(tenant.servicePath("auth")).expectProblem(409);

        Reply versions = alice.get(tenant.envPath("auth", "production") + "/versions").expect(200);
        assertEquals(List.of(2, 1), Views.numbers(versions.array()), "versions newest first\n" + versions.describe());
        assertFalse(versions.body().contains(secret), versions.describe());
    }

    @Test
    void invalidVersionsAreRefusedWithTheReason() {
        tenant.createService("strict");
        String versions = tenant.envPath("strict", "production") + "/versions";
        alice.post(versions, Json.object("vars", Json.object("A", "1"))).expectProblem(400);
        Reply syntax = alice.post(versions, Workers.version("export default { async fetch( { }\n")).expectProblem(400);
        assertTrue(syntax.json().path("detail").asText().contains(Workers.MAIN) || syntax.body().contains(Workers.MAIN),
                "a syntax error names the module\n" + syntax.describe());
        alice.post(versions, Workers.version(Workers.GREETER, "limits", Json.object("cpu_ms", 30_001))).expectProblem(400);
        alice.get(versions).expect(200);
        JsonNode env = tenant.environment("strict", "production");
        assertTrue(env.path("latest_version").isNull() || env.path("latest_version").asInt(0) == 0,
                "refused versions must not take a number\n" + env);
    }

    @Test
    void aRequestThatChangesNothingCreatesNoVersion() {
        tenant.deployNewService("steady", Workers.GREETER, "vars", Json.object("GREETING", "same"));
        Reply again = alice.post(tenant.envPath("steady", "production") + "/versions",
                Workers.version(Workers.GREETER, "vars", Json.object("GREETING", "same"))).expect(200);
        assertEquals(1, again.json().path("number").asInt(), "an unchanged request answers the latest version\n" + again.describe());
        Reply list = alice.get(tenant.envPath("steady", "production") + "/versions").expect(200);
        assertEquals(List.of(1), Views.numbers(list.array()), list.describe());
    }

    @Test
    void varsPatchMergesIntoANewVersion() {
        tenant.deployNewService("config", Workers.GREETER, "vars", Json.object("A", "1"));
        String env = tenant.envPath("config", "production");

        Reply added = alice.patch(env + "/vars", Json.object("B", "2")).expect(201);
        assertEquals(2, added.json().path("number").asInt(), added.describe());
        JsonNode v2 = alice.get(env + "/versions/2").expect(200).json();
        assertEquals(Json.parse("{\"A\":\"1\",\"B\":\"2\"}"), v2.path("vars"), "PATCH vars merges\n" + v2);
        assertEquals(Workers.GREETER, v2.path("modules").path(Workers.MAIN).asText(), "code carries over\n" + v2);

        Reply removed = alice.patch(env + "/vars", Json.object("A", null)).expect(201);
        assertEquals(3, removed.json().path("number").asInt(), removed.describe());
        JsonNode v3 = alice.get(env + "/versions/3").expect(200).json();
        assertEquals(Json.parse("{\"B\":\"2\"}"), v3.path("vars"), "null deletes a var\n" + v3);

        JsonNode production = tenant.environment("config", "production");
        assertEquals(3, production.path("latest_version").asInt(), production.toString());
        assertEquals(Map.of(3, 100), Views.splits(production.path("deployment")), production.toString());
    }

    @Test
    void undeployedVersionAndSecretDeletionFollowTheContract() {
        tenant.deployNewService("quiet", Workers.GREETER, "vars", Json.object("GREETING", "live"));
        String env = tenant.envPath("quiet", "production");

        Reply staged = alice.post(env + "/versions", Json.object("vars", Json.object("GREETING", "staged"), "deploy", false)).expect(201);
        assertEquals(2, staged.json().path("number").asInt(), staged.describe());
        JsonNode production = tenant.environment("quiet", "production");
        assertEquals(2, production.path("latest_version").asInt(), production.toString());
        assertEquals(Map.of(1, 100), Views.splits(production.path("deployment")), "deploy:false leaves the deployment\n" + production);

        alice.put(env + "/secrets/TEMP", Json.object("value", "t-" + Names.random(10))).expect(201);
        Reply deleted = alice.delete(env + "/secrets/TEMP").expect(201);
        assertEquals(4, deleted.json().path("number").asInt(), "deleting a secret creates a version\n" + deleted.describe());
        Reply v3 = alice.get(env + "/versions/3").expect(200);
        assertTrue(v3.json().path("secrets").toString().contains("TEMP"), "version 3 lists secret TEMP\n" + v3.describe());
        Reply v4 = alice.get(env + "/versions/4").expect(200);
        assertFalse(v4.json().path("secrets").toString().contains("TEMP"), "the deleted secret is gone from version 4\n" + v4.describe());
    }

    @Test
    void openApiDocumentIsServed() {
        Reply openapi = Api.anonymous().get("/q/openapi?format=json").expect(200);
        for (String path : List.of("/api/me", "/api/accounts", "/api/accounts/{account}/audit")) {
            assertTrue(openapi.json().path("paths").has(path), "/q/openapi documents " + path + "\n" + Stack.abbreviate(openapi.body()));
        }
    }

    @Test
    void rollbackIsADeploymentOfAnOlderVersion() {
        tenant.deployNewService("flip", Workers.GREETER, "vars", Json.object("GREETING", "one"));
        String env = tenant.envPath("flip", "production");
        alice.patch(env + "/vars", Json.object("GREETING", "two")).expect(201);
        assertEquals(Map.of(2, 100), Views.splits(tenant.environment("flip", "production").path("deployment")));

        alice.post(env + "/deployments", Json.object("versions", Json.array(Json.object("number", 1, "percentage", 100)),
                "message", "roll back")).expect(201);
        JsonNode production = tenant.environment("flip", "production");
        assertEquals(Map.of(1, 100), Views.splits(production.path("deployment")), "rolled back to 1\n" + production);
        assertEquals(2, production.path("latest_version").asInt(), "a rollback creates no version\n" + production);

        Reply history = alice.get(env + "/deployments").expect(200);
        JsonNode entries = history.array();
        assertTrue(entries.size() >= 2, "history holds the deploy of 2 and the rollback\n" + history.describe());
        assertEquals(Map.of(1, 100), Views.splits(entries.get(0)), "newest first: the rollback\n" + history.describe());
        assertEquals(Map.of(2, 100), Views.splits(entries.get(1)), "then the deploy of version 2\n" + history.describe());
        assertTrue(entries.get(0).toString().contains("roll back"), "the message is kept\n" + history.describe());

        alice.post(env + "/deployments", Json.object("versions", Json.array(Json.object("number", 99, "percentage", 100))))
                .expectProblem(400, 404);
    }

    @Test
    void splitDeploymentNamesTwoVersionsSummingTo100() {
        tenant.deployNewService("canary", Workers.GREETER, "vars", Json.object("GREETING", "stable"));
        String env = tenant.envPath("canary", "production");
        alice.patch(env + "/vars", Json.object("GREETING", "canary")).expect(201);

        alice.post(env + "/deployments", Json.object("versions", Json.array(
                Json.object("number", 2, "percentage", 10), Json.object("number", 1, "percentage", 90)))).expect(201);
        JsonNode production = tenant.environment("canary", "production");
        assertEquals(Map.of(2, 10, 1, 90), Views.splits(production.path("deployment")), production.toString());

        alice.post(env + "/deployments", Json.object("versions", Json.array(
                Json.object("number", 2, "percentage", 50), Json.object("number", 1, "percentage", 40)))).expectProblem(400);
        alice.post(env + "/deployments", Json.object("versions", Json.array(Json.object("number", 2, "percentage", 50),
                Json.object("number", 1, "percentage", 25), Json.object("number", 1, "percentage", 25)))).expectProblem(400);
        alice.post(env + "/deployments", Json.object("versions", Json.array())).expectProblem(400);
        assertEquals(Map.of(2, 10, 1, 90), Views.splits(tenant.environment("canary", "production").path("deployment")),
                "refused deployments leave the current one");
    }

    @Test
    void clonedPreviewEnvironmentStartsAsACopyOfItsSource() {
        tenant.deployNewService("hello", Workers.GREETER, "vars", Json.object("GREETING", "hello from production"));
        alice.put(tenant.envPath("hello", "production") + "/secrets/API_KEY", Json.object("value", "k-" + Names.random(12))).expect(201);

        Reply created = alice.post(tenant.servicePath("hello") + "/environments",
                Json.object("name", "staging", "clone_from", "production")).expect(201);
        assertEquals("staging", created.json().path("name").asText(), created.describe());
        assertEquals(tenant.hostname("hello", "staging"), created.json().path("hostname").asText(),
                "a preview's hostname is <env>-<service>.<account>.<base>\n" + created.describe());

        JsonNode staging = tenant.environment("hello", "staging");
        assertEquals(1, staging.path("latest_version").asInt(), "a clone starts at version 1\n" + staging);
        assertEquals(Map.of(1, 100), Views.splits(staging.path("deployment")), "a clone is deployed\n" + staging);
        JsonNode copy = alice.get(tenant.envPath("hello", "staging") + "/versions/1").expect(200).json();
        JsonNode source = alice.get(tenant.envPath("hello", "production") + "/versions/2").expect(200).json();
        for (String field : List.of("main_module", "modules", "vars", "bindings", "secrets")) {
            assertEquals(source.path(field), copy.path(field), "the clone copies " + field + "\nsource " + source + "\ncopy " + copy);
        }

        alice.post(tenant.servicePath("hello") + "/environments", Json.object("name", "staging")).expectProblem(409);
        alice.post(tenant.servicePath("hello") + "/environments", Json.object("name", "Not_Valid")).expectProblem(400);
        Reply list = alice.get(tenant.servicePath("hello") + "/environments").expect(200);
        List<String> names = new ArrayList<>();
        list.array().forEach(e -> names.add(e.path("name").asText()));
        assertTrue(names.containsAll(List.of("production", "staging")), list.describe());
    }

    @Test
    void renameMovesTheHostnameAndHostnamesNeverCollide() {
        tenant.createService("web");
        String environments = tenant.servicePath("web") + "/environments";
        alice.post(environments, Json.object("name", "qa")).expect(201);

        Reply renamed = alice.patch(tenant.envPath("web", "qa"), Json.object("name", "review")).expect(200);
        assertEquals(tenant.hostname("web", "review"), renamed.json().path("hostname").asText(), renamed.describe());
        alice.get(tenant.envPath("web", "qa")).expectProblem(404);
        alice.patch(tenant.envPath("web", "production"), Json.object("name", "prod")).expectProblem(400, 409);
        alice.delete(tenant.envPath("web", "production")).expectProblem(400, 409);

        // "review-web.<account>" is taken by the environment: a service of that name would collide
        alice.post(tenant.path() + "/services", Json.object("name", "review-web")).expectProblem(409);
        // and the other way round: production of "pr1-web" blocks environment "pr1" of web
        tenant.createService("pr1-web");
        alice.post(environments, Json.object("name", "pr1")).expectProblem(409);

        alice.delete(tenant.envPath("web", "review")).expect(204);
        alice.get(tenant.envPath("web", "review")).expectProblem(404);
    }

    @Test
    void promoteGivesProductionTheSourcesCurrentVersion() {
        tenant.deployNewService("promo", Workers.GREETER, "vars", Json.object("GREETING", "old"));
        alice.post(tenant.servicePath("promo") + "/environments", Json.object("name", "staging", "clone_from", "production")).expect(201);
        Reply changed = alice.patch(tenant.envPath("promo", "staging") + "/vars", Json.object("GREETING", "new")).expect(201);
        assertEquals(2, changed.json().path("number").asInt(), changed.describe());

        alice.post(tenant.envPath("promo", "staging") + "/promote", Json.object("to", "production", "message", "ship it")).expect(201);
        JsonNode production = tenant.environment("promo", "production");
        assertEquals(2, production.path("latest_version").asInt(), "promote creates production's next version\n" + production);
        assertEquals(Map.of(2, 100), Views.splits(production.path("deployment")), "and deploys it at 100%\n" + production);
        JsonNode promoted = alice.get(tenant.envPath("promo", "production") + "/versions/2").expect(200).json();
        assertEquals("new", promoted.path("vars").path("GREETING").asText(), promoted.toString());
        assertEquals(Workers.GREETER, promoted.path("modules").path(Workers.MAIN).asText(), promoted.toString());

        alice.post(tenant.envPath("promo", "staging") + "/promote", Json.object("to", "no-such-env")).expectProblem(400, 404);
    }

    @Test
    void auditLogListsWhoDidWhatNewestFirst() {
        String secret = "audit-" + Names.random(20);
        tenant.deployNewService("audited", Workers.GREETER);
        String env = tenant.envPath("audited", "production");
        alice.patch(env + "/vars", Json.object("GREETING", "logged")).expect(201);
        alice.put(env + "/secrets/TOKEN", Json.object("value", secret)).expect(201);
        alice.post(env + "/deployments", Json.object("versions", Json.array(Json.object("number", 1, "percentage", 100)))).expect(201);

        Reply audit = alice.get(tenant.path() + "/audit").expect(200);
        JsonNode entries = audit.array();
        List<JsonNode> mine = new ArrayList<>();
        entries.forEach(e -> {
            if (e.toString().contains("audited")) {
                mine.add(e);
            }
        });
        assertTrue(mine.size() >= 5, "service creation, version, vars, secret and rollback of 'audited' are audited\n" + audit.describe());
        for (JsonNode entry : entries) {
            assertTrue(entry.toString().contains("alice"), "every entry names who acted\n" + entry);
        }
        assertFalse(audit.body().contains(secret), "the audit log never holds secret values\n" + audit.describe());

        Instant previous = Instant.MAX;
        for (JsonNode entry : entries) {
            Instant when = Views.timestamp(entry).orElseThrow(() -> new AssertionError("an audit entry says when\n" + entry));
            assertFalse(when.isAfter(previous), "audit entries newest first\n" + audit.describe());
            previous = when;
        }

        Reply page = alice.get(tenant.path() + "/audit?limit=2").expect(200);
        assertEquals(2, page.array().size(), "?limit=2 answers two entries\n" + page.describe());
        assertEquals(entries.get(0), page.array().get(0), page.describe());
    }
}
