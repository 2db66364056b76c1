package io.edgeworks.systemtests;

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

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KV namespaces end to end (CONTRACT.md "REST API" KV rows, binding {@code {"type":"kv","name":"CACHE",
 * "namespace":"cache"}}): a value written through the API is read by the worker through its binding, and
 * a value the worker writes is read back through the API.
 */
class KvBindingIT {
    private static Api alice;
    private static Tenant tenant;

    @BeforeAll
    static void createAccount() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE);
        alice = Api.as("alice");
        tenant = Tenant.create(alice, "kv");
    }

    @AfterAll
    static void deleteAccounts() {
        Tenant.deleteCreated();
    }

    @Test
    void workerAndApiShareANamespace() {
        String namespaces = tenant.path() + "/kv/namespaces";
        alice.post(namespaces, Json.object("name", "cache")).expect(201);
        alice.post(namespaces, Json.object("name", "cache")).expectProblem(409);
        Reply list = alice.get(namespaces).expect(200);
        assertTrue(list.body().contains("\"cache\""), list.describe());

        alice.putRaw(namespaces + "/cache/values/greeting", "hello from the API", "text/plain").expect(200, 201, 204);
        Reply value = alice.getRaw(namespaces + "/cache/values/greeting").expect(200);
        assertEquals("hello from the API", value.body(), value.describe());

        tenant.deployNewService("kv", Workers.KV_READER,
                "bindings", Json.array(Json.object("type", "kv", "name", "CACHE", "namespace", "cache")));
        String host = tenant.hostname("kv");
        Edge.awaitAnswer(host, "/greeting", 200, "hello from the API");
        Reply missing = Edge.get(host, "/nothing-here");
        assertEquals(404, missing.status(), missing.describe());

        Reply stored = Edge.get(host, "/from-worker?set=written-at-the-edge");
        assertEquals(200, stored.status(), stored.describe());
        Reply readBack = alice.getRaw(namespaces + "/cache/values/from-worker").expect(200);
        assertEquals("written-at-the-edge", readBack.body(), readBack.describe());
        Reply keys = alice.get(namespaces + "/cache/values?prefix=from-").expect(200);
        assertTrue(keys.body().contains("from-worker") && !keys.body().contains("greeting"),
                "?prefix= lists only the matching keys\n" + keys.describe());

        alice.delete(namespaces + "/cache/values/greeting").expect(200, 204);
        alice.getRaw(namespaces + "/cache/values/greeting").expect(404);
        Edge.await(host, "/greeting", Map.of(), r -> r.status() == 404, "404 once the key is deleted through the API");

        alice.post(tenant.envPath("kv", "production") + "/versions", Json.object("bindings",
                Json.array(Json.object("type", "kv", "name", "CACHE", "namespace", "no-such-namespace")))).expectProblem(400);
    }
}
