package io.edgeworks.systemtests;

import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Edge;
import io.edgeworks.systemtests.support.Json;
import io.edgeworks.systemtests.support.Names;
import io.edgeworks.systemtests.support.Poll;
import io.edgeworks.systemtests.support.RedisConnection;
import io.edgeworks.systemtests.support.Reply;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import io.edgeworks.systemtests.support.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable KV (issue 15): a value a worker wrote, once its {@code put} resolved, and a value written through the API both
 * survive the stack's Redis losing every key (FLUSHALL): platform-api restores the namespaces from PostgreSQL by itself,
 * and the worker and the API read the values back. Prints the figures of the README's KV section: a worker request whose
 * put waits for PostgreSQL against one that only reads, and the time from the flush until the worker reads its value.
 */
class KvDurabilityIT {
    private static final Duration RESTORE = Duration.ofSeconds(20);

    @BeforeAll
    static void stackIsUp() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE, Stack.Part.REDIS);
    }

    @AfterAll
    static void deleteAccounts() {
        Tenant.deleteCreated();
    }

    @Test
    void acknowledgedWritesSurviveRedisLosingItsData() throws IOException {
        Api alice = Api.as("alice");
        Tenant tenant = Tenant.create(alice, "kvdurable");
        String namespaces = tenant.path() + "/kv/namespaces";
        alice.post(namespaces, Json.object("name", "cache")).expect(201);
        alice.putRaw(namespaces + "/cache/values/from-api", "written through the API", "text/plain").expect(200, 201, 204);
        tenant.deployNewService("kv", Workers.KV_READER,
                "bindings", Json.array(Json.object("type", "kv", "name", "CACHE", "namespace", "cache")));
        String host = tenant.hostname("kv");
        Edge.awaitAnswer(host, "/from-api", 200, "written through the API");

        String value = "durable-" + Names.random(12);
        // the worker answers only after its put resolved, i.e. after platform-api committed it in PostgreSQL
        Reply stored = Edge.get(host, "/from-worker?set=" + value);
        assertEquals(200, stored.status(), stored.describe());
        figures(host);

        try (RedisConnection redis = RedisConnection.openStack()) {
            long flushedAt = System.nanoTime();
            assertEquals("OK", redis.command("FLUSHALL"));
            Poll.until(RESTORE, () -> redis.string("GET", RedisLayout.KV_RESTORED), Optional::isPresent,
                    "platform-api to restore the KV values after the flush (" + RedisLayout.KV_RESTORED + " set again)");
            System.out.printf("Redis FLUSHALL -> KV restored from PostgreSQL: %d ms%n", Poll.millisSince(flushedAt));
            Edge.await(host, "/from-worker", Map.of(), r -> r.status() == 200 && r.body().equals(value),
                    "the worker to read its value back after the flush");
            System.out.printf("Redis FLUSHALL -> the worker reads its value again: %d ms%n", Poll.millisSince(flushedAt));
        }
        Edge.awaitAnswer(host, "/from-api", 200, "written through the API");
        Reply viaApi = alice.getRaw(namespaces + "/cache/values/from-worker").expect(200);
        assertEquals(value, viaApi.body(), viaApi.describe());

        // a delete by the worker is durable as well
        alice.delete(namespaces + "/cache/values/from-api").expect(200, 204);
        Edge.await(host, "/from-api", Map.of(), r -> r.status() == 404, "404 once the key is deleted");
    }

    /** Median and 95th percentile of 30 worker requests that put (and wait for PostgreSQL) and 30 that only get. */
    private static void figures(String host) {
        List<Long> puts = new ArrayList<>();
        List<Long> gets = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long started = System.nanoTime();
            Reply put = Edge.get(host, "/figure-" + (i % 5) + "?set=v" + i);
            puts.add(System.nanoTime() - started);
            assertEquals(200, put.status(), put.describe());
            started = System.nanoTime();
            Reply get = Edge.get(host, "/figure-" + (i % 5));
            gets.add(System.nanoTime() - started);
            assertEquals(200, get.status(), get.describe());
        }
        puts.sort(null);
        gets.sort(null);
        System.out.printf("worker request with a durable put: median %.1f ms, p95 %.1f ms; with a get: median %.1f ms, p95 %.1f ms%n",
                puts.get(15) / 1e6, puts.get(28) / 1e6, gets.get(15) / 1e6, gets.get(28) / 1e6);
        assertTrue(puts.get(15) < 5_000_000_000L, "a durable put takes milliseconds, not the timeout");
    }
}
