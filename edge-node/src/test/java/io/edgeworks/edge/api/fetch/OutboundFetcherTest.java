package io.edgeworks.edge.api.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.OutboundHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Outbound fetch against a local HTTP server (allowed only when private addresses are allowed). */
class OutboundFetcherTest {
    static Vertx vertx;
    static HttpServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            switch (req.path()) {
                case "/redirect" -> req.response().setStatusCode(302).putHeader("location", "/echo?from=redirect").end();
                case "/echo" -> req.body().onSuccess(body -> req.response().putHeader("x-method", req.method().name())
                        .end("host=" + req.getHeader("host") + " uri=" + req.uri() + " body=" + body.toString()));
                default -> req.response().setStatusCode(404).end("no");
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static OutboundHttp.Result send(boolean allowPrivate, String method, String path, String body, String redirect) throws Exception {
        OutboundFetcher fetcher = new OutboundFetcher(vertx, new AddressPolicy(allowPrivate), 5000, 1 << 20, 5);
        EdgeRequest request = new EdgeRequest(method, "http://127.0.0.1:" + port + path, List.of(Map.entry("x-a", "1")),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        return fetcher.send(request, redirect).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void sendsMethodBodyAndHostAndReturnsTheResponse() throws Exception {
        OutboundHttp.Result r = send(true, "POST", "/echo?q=1", "payload", "follow");
        assertEquals(200, r.response().status());
        assertEquals("POST", r.response().header("x-method"));
        assertEquals("host=127.0.0.1:" + port + " uri=/echo?q=1 body=payload", r.response().bodyText());
    }

    @Test
    void followsRedirectsOrReturnsThemInManualMode() throws Exception {
        OutboundHttp.Result followed = send(true, "GET", "/redirect", null, "follow");
        assertEquals(200, followed.response().status());
        assertTrue(followed.redirected());
        assertTrue(followed.response().bodyText().contains("uri=/echo?from=redirect"), followed.response().bodyText());
        OutboundHttp.Result manual = send(true, "GET", "/redirect", null, "manual");
        assertEquals(302, manual.response().status());
        ExecutionException error = assertThrows(ExecutionException.class, () -> send(true, "GET", "/redirect", null, "error"));
        assertTrue(error.getCause().getMessage().contains("redirect mode 'error'"), error.getCause().getMessage());
    }

    @Test
    void loopbackIsRefusedByDefault() {
        ExecutionException error = assertThrows(ExecutionException.class, () -> send(false, "GET", "/echo", null, "follow"));
        assertTrue(error.getCause().getMessage().contains("loopback address 127.0.0.1"), error.getCause().getMessage());
    }

    @Test
    void addressPolicyRefusesPrivateRanges() throws Exception {
        AddressPolicy policy = new AddressPolicy(false);
        for (String address : List.of("10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
                "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1", "224.0.0.1")) {
            assertTrue(policy.check(java.net.InetAddress.getByName(address)) != null, address + " should be refused");
        }
        assertEquals(null, policy.check(java.net.InetAddress.getByName("93.184.216.34")));
        assertEquals(null, policy.check(java.net.InetAddress.getByName("2606:4700::1111")));
    }
}
