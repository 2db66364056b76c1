package io.edgeworks.edge.api.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.EdgeResponse;
import io.edgeworks.edge.runtime.OutboundHttp;
import io.edgeworks.edge.runtime.ResponseStream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
    static final CompletableFuture<Void> release = new CompletableFuture<>();
    static final CompletableFuture<Void> heldClosed = new CompletableFuture<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            switch (req.path()) {
                case "/redirect" -> req.response().setStatusCode(302).putHeader("location", "/echo?from=redirect").end();
                case "/held" -> {
                    req.response().setChunked(true).write("head start");
                    req.response().closeHandler(v -> heldClosed.complete(null));
                    io.vertx.core.Context context = Vertx.currentContext();
                    release.thenRun(() -> context.runOnContext(v -> req.response().end(" and the rest")));
                }
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

    /** Reads a streamed body to its end (the worker's pulls, done here directly). */
    static String body(EdgeResponse response) throws Exception {
        if (response.stream() == null) {
            return response.bodyText();
        }
        ResponseStream stream = response.stream();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        CompletableFuture<String> done = new CompletableFuture<>();
        stream.start(new ResponseStream.Sink() {
            @Override
            public void chunk(byte[] bytes) {
                out.writeBytes(bytes);
                stream.pull();
            }

            @Override
            public void end() {
                done.complete(out.toString(StandardCharsets.UTF_8));
            }

            @Override
            public void error(String message) {
                done.completeExceptionally(new IllegalStateException(message));
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void sendsMethodBodyAndHostAndReturnsTheResponse() throws Exception {
        OutboundHttp.Result r = send(true, "POST", "/echo?q=1", "payload", "follow");
        assertEquals(200, r.response().status());
        assertEquals("POST", r.response().header("x-method"));
        assertEquals("host=127.0.0.1:" + port + " uri=/echo?q=1 body=payload", body(r.response()));
    }

    @Test
    void completesAtTheHeadersAndStreamsTheBodyOnPull() throws Exception {
        OutboundHttp.Result r = send(true, "GET", "/held", null, "follow");
        assertEquals(200, r.response().status());
        ResponseStream stream = r.response().stream();
        assertTrue(stream != null, "a streamed body");
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> end = new CompletableFuture<>();
        StringBuilder rest = new StringBuilder();
        stream.start(new ResponseStream.Sink() {
            @Override
            public void chunk(byte[] bytes) {
                String text = new String(bytes, StandardCharsets.UTF_8);
                if (!first.isDone()) {
                    first.complete(text); // the test pulls again once it released the upstream
                } else {
                    rest.append(text);
                    stream.pull();
                }
            }

            @Override
            public void end() {
                end.complete(rest.toString());
            }

            @Override
            public void error(String message) {
                end.completeExceptionally(new IllegalStateException(message));
            }
        });
        assertEquals("head start", first.get(10, TimeUnit.SECONDS));
        release.complete(null);
        stream.pull();
        assertEquals(" and the rest", end.get(10, TimeUnit.SECONDS));
        assertFalse(heldClosed.isDone(), "a body read to its end leaves the connection open for reuse");
    }

    @Test
    void followsRedirectsOrReturnsThemInManualMode() throws Exception {
        OutboundHttp.Result followed = send(true, "GET", "/redirect", null, "follow");
        assertEquals(200, followed.response().status());
        assertTrue(followed.redirected());
        String followedBody = body(followed.response());
        assertTrue(followedBody.contains("uri=/echo?from=redirect"), followedBody);
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
