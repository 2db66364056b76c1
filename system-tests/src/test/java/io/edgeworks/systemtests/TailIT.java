package io.edgeworks.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.systemtests.support.Background;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Edge;
import io.edgeworks.systemtests.support.Json;
import io.edgeworks.systemtests.support.RawTailSocket;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live tail through the real stack: a worker that logs is deployed, a tail is started, a client connects to its
 * WebSocket as wrangler does (subprotocol {@code trace-v1}, first frame UNMASKED, pings), a request at the edge
 * arrives as one event carrying the log line within seconds; the SSE stream carries the same; a worker that logs in
 * a loop yields a bounded event while the edge keeps serving others; DELETE closes the socket.
 */
class TailIT {
    private static final String HELLO = "export default { fetch(request) { console.log('handled', new URL(request.url).pathname);"
            + " return new Response('tailed'); } }";
    private static final String LOUD = "export default { fetch() { const big = 'y'.repeat(3000);"
            + " for (let i = 0; i < 5000; i++) console.log(i, big); return new Response('loud'); } }";
    private static Api alice;
    private static Tenant tenant;

    @BeforeAll
    static void setUp() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE, Stack.Part.REDIS);
        alice = Api.as("alice");
        tenant = Tenant.create(alice, "tail");
        tenant.deployNewService("hello", HELLO);
        tenant.deployNewService("loud", LOUD);
        Edge.awaitAnswer(tenant.hostname("hello"), "/", 200, "tailed");
        Edge.awaitAnswer(tenant.hostname("loud"), "/", 200, "loud");
    }

    @AfterAll
    static void tearDown() {
        Tenant.deleteCreated();
    }

    private static JsonNode start(String service) {
        return alice.post(tenant.envPath(service, "production") + "/tails", Json.object("filters", Json.array())).expect(201).json();
    }

    /** Requests {@code path} at the edge until an event arrives on the socket (edges pick a new tail up within a poll). */
    private static JsonNode eventFor(RawTailSocket ws, String host, String path, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ws.timeout(500);
        while (System.nanoTime() < deadline) {
            assertEquals(200, Edge.get(host, path).status());
            try {
                RawTailSocket.Frame frame = ws.readUntil(0x1);
                assertEquals(0x1, frame.opcode(), "a text message, not a close");
                return Json.parse(frame.text());
            } catch (SocketTimeoutException e) {
                // not yet: the edge picks the tail up within edge.tail.poll-ms
            }
        }
        throw new AssertionError("no tail event within " + seconds + " s");
    }

    @Test
    void aRequestAtTheEdgeArrivesOnTheWebSocketWithItsLogLine() throws Exception {
        JsonNode tail = start("hello");
        String url = tail.path("url").asText();
        assertTrue(url.startsWith("ws://"), tail.toString());
        assertTrue(tail.path("id").asText().length() >= 43, "at least 256 bits");
        try (RawTailSocket ws = RawTailSocket.connect(URI.create(url))) {
            assertEquals(101, ws.status(), ws.handshake);
            assertEquals("trace-v1", ws.header("Sec-WebSocket-Protocol"));
            ws.sendUnmaskedText("{\"debug\":false}");
            ws.ping("wrangler tail ping");
            assertEquals("wrangler tail ping", ws.readUntil(0xA).text(), "ping answered after the unmasked frame");

            JsonNode event = eventFor(ws, tenant.hostname("hello"), "/tail-me", 10);
            assertEquals("ok", event.path("outcome").asText(), event.toString());
            assertEquals("hello", event.path("scriptName").asText());
            assertFalse(event.path("scriptVersion").path("id").asText().isEmpty());
            assertEquals("GET", event.at("/event/request/method").asText());
            assertTrue(event.at("/event/request/url").asText().endsWith("/tail-me"), event.toString());
            assertEquals(200, event.at("/event/response/status").asInt());
            assertEquals("handled /tail-me", event.at("/logs/0/message/0").asText(), event.toString());
            assertEquals("log", event.at("/logs/0/level").asText());
            assertTrue(event.path("exceptions").isArray());
            assertFalse(event.path("truncated").asBoolean());

            alice.delete(tenant.envPath("hello", "production") + "/tails/" + tail.path("id").asText()).expect(204);
            ws.timeout(10_000);
            assertEquals(0x8, ws.readUntil(0x8).opcode(), "the server closes the socket when the tail stops");
        }
    }

    @Test
    void aWorkerLoggingInALoopYieldsABoundedEventAndTheEdgeKeepsServing() throws Exception {
        JsonNode tail = start("loud");
        try (RawTailSocket ws = RawTailSocket.connect(URI.create(tail.path("url").asText()))) {
            assertEquals(101, ws.status(), ws.handshake);
            ws.sendUnmaskedText("{\"debug\":false}");
            JsonNode event = eventFor(ws, tenant.hostname("loud"), "/", 15);
            assertTrue(event.path("logs").size() <= 100, "at most edge.tail.max-lines lines: " + event.path("logs").size());
            assertTrue(event.path("truncated").asBoolean());
            assertTrue(event.toString().length() <= 131_072);
            assertEquals(200, Edge.get(tenant.hostname("hello"), "/").status(), "other workers are served meanwhile");
        }
    }

    @Test
    void theSseStreamCarriesTheSameEvents() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try {
            HttpResponse<java.io.InputStream> response = client.sendAsync(HttpRequest.newBuilder(URI.create(Stack.apiUrl()
                                    + tenant.envPath("hello", "production") + "/tail?method=GET"))
                            .header("Authorization", "Bearer " + Stack.token("alice")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            CompletableFuture<String> data = Background.supply("tail reader", () -> {
                try {
                    String line;
                    do {
                        line = lines.readLine();
                    } while (line != null && !line.startsWith("data:"));
                    return line;
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!data.isDone() && System.nanoTime() < deadline) {
                Edge.get(tenant.hostname("hello"), "/sse");
                try {
                    data.get(500, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // the edge has not picked the tail up yet
                }
            }
            String line = data.getNow(null);
            assertNotNull(line, "an SSE event within 10 s");
            JsonNode event = Json.parse(line.substring("data:".length()).trim());
            assertEquals("handled /sse", event.at("/logs/0/message/0").asText(), event.toString());
        } finally {
            client.shutdownNow();
        }
    }
}
