package io.edgeworks.api.tail;

import io.edgeworks.api.Api;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.bundle.TailEntry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST · DELETE …/tails}, the tail WebSocket as wrangler speaks it (subprotocol echo, unmasked first frame, ping
 * → pong, one message per event, server close on stop) and the SSE stream, against the test Redis. Events are
 * published on the tail's channel as an edge node does.
 */
@QuarkusTest
class TailResourceTest {
    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URI root;

    private static String tails(String slug) {
        return Api.env(slug, "web", "production") + "/tails";
    }

    private TailEntry registered(String id) {
        String json = redis.hash(String.class).hget(RedisLayout.TAILS, id);
        return json == null ? null : TailEntry.decode(json);
    }

    private URI socketUrl(String url) {
        return root.resolve(URI.create(url).getRawPath());
    }

    private static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Test
    void startRegistersTheTailForTheEdgesAndDeleteRemovesIt() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "web");
        String version = redis.value(String.class).get(RedisLayout.TAILS_VERSION);
        String id = as(alice).contentType("text/plain").body("{\"filters\":[{\"method\":[\"GET\"]},{\"client_ip\":[\"self\"]}]}")
                .post(tails(acme)).then().statusCode(201)
                .body("id", matchesPattern("[A-Za-z0-9_-]{43}"))
                .body("url", matchesPattern("ws://127\\.0\\.0\\.1:\\d+/tails/[A-Za-z0-9_-]{43}"))
                .body("expires_at", matchesPattern("\\d{4}-.*Z"))
                .extract().path("id");
        TailEntry entry = registered(id);
        assertNotNull(entry);
        assertEquals(acme + "/web/production", entry.environment());
        assertEquals(List.of("GET"), entry.filters().methods());
        assertFalse(entry.filters().clientIps().contains("self"), "self is the caller's address");
        assertTrue(entry.liveAt(System.currentTimeMillis()));
        assertTrue(entry.leaseUntil() < entry.expiresAt(), "until a socket connects, the tail lives for the connect grace only");
        assertFalse(String.valueOf(version).equals(redis.value(String.class).get(RedisLayout.TAILS_VERSION)), "edges see a change");

        as(alice).delete(tails(acme) + "/" + id).then().statusCode(204);
        assertNull(registered(id));
        as(alice).delete(tails(acme) + "/" + id).then().statusCode(404);
        as(alice).get("/api/accounts/" + acme + "/audit").then().statusCode(200)
                .body("action", hasItem("tail.start")).body("action", hasItem("tail.stop"))
                .body("find { it.action == 'tail.start' }.target", equalTo(acme + "/web/production"));
    }

    @Test
    void tenancyRolesAndBadFilters() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "web");
        String viewer = Api.user();
        Api.member(alice, acme, viewer, "viewer");
        String stranger = Api.user();
        as(viewer).post(tails(acme)).then().statusCode(403).body("detail", containsString("developer"));
        as(stranger).post(tails(acme)).then().statusCode(404);
        as(stranger).get(Api.env(acme, "web", "production") + "/tail").then().statusCode(200)
                .body(containsString("\"status\":404")).body(containsString("not found"));
        as(alice).post(Api.env(acme, "web", "nope") + "/tails").then().statusCode(404);
        as(alice).body("{\"filters\":[{\"outcome\":[\"bad\"]}]}").post(tails(acme)).then().statusCode(400)
                .body("detail", containsString("outcome 'bad'"));
        io.restassured.RestAssured.given().post(tails(acme)).then().statusCode(401);
        // a tail of another account's environment cannot be stopped through this one
        String id = as(alice).post(tails(acme)).then().statusCode(201).extract().path("id");
        String bob = Api.user();
        String other = Api.account(bob);
        Api.service(bob, other, "web");
        as(bob).delete(tails(other) + "/" + id).then().statusCode(404);
        as(alice).delete(tails(acme) + "/" + id).then().statusCode(204);
    }

    @Test
    void theSocketSpeaksWranglersProtocol() throws Exception {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "web");
        String url = as(alice).post(tails(acme)).then().statusCode(201).extract().path("url");
        String id = url.substring(url.lastIndexOf('/') + 1);
        try (RawTailSocket ws = RawTailSocket.connect(socketUrl(url))) {
            assertEquals(101, ws.status(), ws.handshake);
            assertEquals("trace-v1", ws.header("Sec-WebSocket-Protocol"), "wrangler fails unless the subprotocol is echoed");
            ws.sendUnmaskedText("{\"debug\":false}");
            ws.ping("wrangler tail ping");
            RawTailSocket.Frame pong = ws.readUntil(0xA);
            assertEquals(0xA, pong.opcode(), "a ping is answered with a pong (the unmasked frame did not close the socket)");
            assertEquals("wrangler tail ping", pong.text());
            assertTrue(within(5000, () -> {
                TailEntry e = registered(id);
                return e != null && e.leaseUntil() > System.currentTimeMillis() + 20_000;
            }), "the connected tail's lease is renewed");
            // the subscription may become active just after the lease moved: publish until the event arrives
            ws.timeout(300);
            RawTailSocket.Frame event = null;
            for (int i = 0; i < 30 && event == null; i++) {
                redis.pubsub(String.class).publish(RedisLayout.tailChannel(id), "{\"outcome\":\"ok\",\"logs\":[]}");
                try {
                    event = ws.readUntil(0x1);
                } catch (java.net.SocketTimeoutException e) {
                    // not subscribed yet
                }
            }
            ws.timeout(15_000);
            assertNotNull(event, "an event within 9 s");
            assertEquals("{\"outcome\":\"ok\",\"logs\":[]}", event.text());
            as(alice).delete(tails(acme) + "/" + id).then().statusCode(204);
            RawTailSocket.Frame close = ws.readUntil(0x8);
            assertEquals(0x8, close.opcode(), "the server closes the socket when the tail stops (wrangler then exits)");
        }
        try (RawTailSocket again = RawTailSocket.connect(socketUrl(url))) {
            assertEquals(404, again.status(), "an ended tail's URL is dead");
        }
    }

    @Test
    void disconnectingTheSocketEndsTheTail() throws Exception {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "web");
        String url = as(alice).post(tails(acme)).then().statusCode(201).extract().path("url");
        String id = url.substring(url.lastIndexOf('/') + 1);
        try (RawTailSocket ws = RawTailSocket.connect(socketUrl(url))) {
            assertEquals(101, ws.status());
            ws.sendUnmaskedText("{\"debug\":false}");
        }
        assertTrue(within(5000, () -> registered(id) == null), "the tail is removed when its socket disconnects");
        try (RawTailSocket plain = RawTailSocket.connect(root.resolve("/tails/" + "x".repeat(43)))) {
            assertEquals(404, plain.status());
        }
    }

    @Test
    void theSseStreamCarriesTheSameEvents() throws Exception {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "web");
        HttpClient client = HttpClient.newHttpClient();
        try {
            HttpResponse<java.io.InputStream> response = client.sendAsync(HttpRequest.newBuilder(root.resolve(
                                    Api.env(acme, "web", "production").substring(1) + "/tail?outcome=exception&method=GET"))
                            .header("Authorization", "Bearer " + Api.token(alice)).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            String[] id = new String[1];
            assertTrue(within(5000, () -> {
                Map<String, String> all = redis.hash(String.class).hgetall(RedisLayout.TAILS);
                all.forEach((k, v) -> {
                    if (v.contains(acme + "/web/production")) {
                        id[0] = k;
                    }
                });
                return id[0] != null;
            }), "the stream registered a tail");
            assertTrue(within(5000, () -> {
                TailEntry e = registered(id[0]);
                return e != null && e.leaseUntil() > System.currentTimeMillis() + 20_000;
            }), "the stream holds the tail (subscribed, lease taken)");
            TailEntry entry = registered(id[0]);
            assertEquals(List.of("exception"), entry.filters().outcomes());
            assertEquals(List.of("GET"), entry.filters().methods());
            BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            java.util.concurrent.CompletableFuture<String> reading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    String l;
                    do {
                        l = lines.readLine();
                    } while (l != null && !l.startsWith("data:"));
                    return l;
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            for (int i = 0; i < 30 && !reading.isDone(); i++) {
                // the subscription may become active just after the lease moved: publish until the event arrives
                redis.pubsub(String.class).publish(RedisLayout.tailChannel(id[0]), "{\"outcome\":\"exception\"}");
                try {
                    reading.get(300, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // not yet
                }
            }
            String line = reading.getNow(null);
            assertEquals("data:{\"outcome\":\"exception\"}", line == null ? null : line.replace("data: ", "data:"));
            response.body().close();
        } finally {
            client.shutdownNow(); // close() would wait for the open stream
        }
        as(alice).get(Api.env(acme, "web", "production") + "/tail?sampling_rate=2").then().statusCode(400);
    }
}
