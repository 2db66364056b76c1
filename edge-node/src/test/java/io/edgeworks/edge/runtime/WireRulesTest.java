package io.edgeworks.edge.runtime;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.edge.server.ResponseWriter;
import io.vertx.core.Vertx;
import io.vertx.core.http.impl.HttpUtils;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link WireRules} against Vert.x's own validation, and {@link ResponseWriter}'s last line of defence. */
class WireRulesTest {

    @Test
    void anOutgoingRequestWhoseHeadAnHttpRequestCannotCarryIsRefused() {
        EdgeRequest fine = new EdgeRequest("PATCH", "https://a.example/", List.of(Map.entry("x-a", "1\u0001 \u00ff")), null);
        assertNull(WireRules.requestRefusal(fine), "Fetch allows control characters other than NUL, CR, LF");
        assertNotNull(WireRules.requestRefusal(new EdgeRequest("GET /x HTTP/1.1\r\nHost: b", "https://a.example/", List.of(), null)));
        assertNotNull(WireRules.requestRefusal(new EdgeRequest("", "https://a.example/", List.of(), null)));
        for (String value : List.of("a\r\nx-injected: 1", "a\nb", "a\u0000b", "\u0100")) {
            assertNotNull(WireRules.requestRefusal(new EdgeRequest("GET", "https://a.example/", List.of(Map.entry("x-a", value)), null)),
                    value);
        }
        for (String name : List.of("x a", "x:a", "x\r\n", "")) {
            assertNotNull(WireRules.requestRefusal(new EdgeRequest("GET", "https://a.example/", List.of(Map.entry(name, "v")), null)),
                    name);
        }
    }

    @Test
    void everyCharacterVertxRefusesInAHeaderIsRefusedFirst() {
        for (char c = 0; c < 0x200; c++) {
            String value = "a" + c + "b";
            boolean vertxRefuses;
            try {
                HttpUtils.validateHeaderValue(value);
                vertxRefuses = false;
            } catch (IllegalArgumentException e) {
                vertxRefuses = true;
            }
            if (vertxRefuses) {
                assertTrue(!WireRules.fieldContent(value), "value with U+" + Integer.toHexString(c));
            }
            String name = "x" + c;
            boolean nameRefused;
            try {
                HttpUtils.validateHeaderName(name);
                nameRefused = false;
            } catch (IllegalArgumentException e) {
                nameRefused = true;
            }
            if (nameRefused) {
                assertTrue(!WireRules.token(name), "name with U+" + Integer.toHexString(c));
            }
        }
    }

    @Test
    void statusesOutside200To599AreRefused() {
        for (int status : new int[] {0, 100, 101, 103, 199, 600, 999}) {
            assertNotNull(WireRules.refusal(new EdgeResponse(status, "", List.of(), null)), "status " + status);
        }
        for (int status : new int[] {200, 204, 302, 404, 599}) {
            assertNull(WireRules.refusal(new EdgeResponse(status, "", List.of(), null)), "status " + status);
        }
        assertNotNull(WireRules.refusal(new EdgeResponse(200, "OK\r\nX: y", List.of(), null)));
        assertNull(WireRules.refusal(new EdgeResponse(200, "Fine\tby me \u00e9", List.of(Map.entry("x-a", "caf\u00e9")), null)));
    }

    /** A response that bypasses WireRules and carries a header value Netty refuses: the client still gets an answer. */
    @Test
    void aHeadTheHttpLayerRefusesIsA500NotAHang() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            EdgeResponse bad = new EdgeResponse(200, "", List.of(Map.entry("x-bad", "a\u0001b")), "body".getBytes(StandardCharsets.UTF_8));
            int port = vertx.createHttpServer().requestHandler(req -> ResponseWriter.write(req.response(), bad, "GET"))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(response.startsWith("HTTP/1.1 500"), response);
                assertTrue(!response.contains("x-bad"), response);
            }
        } finally {
            vertx.close();
        }
    }
}
