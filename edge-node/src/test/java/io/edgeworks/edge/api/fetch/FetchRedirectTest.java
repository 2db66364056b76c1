package io.edgeworks.edge.api.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeworks.edge.runtime.EdgeRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redirects as the Fetch Standard's HTTP-redirect fetch follows them, between two upstreams on loopback at
 * different ports (two origins): credentials stay with the origin the worker named, and a redirect that
 * turns the request into a GET drops its body and content headers.
 */
class FetchRedirectTest {
    static Vertx vertx;
    static int portA;
    static int portB;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        portA = listen(vertx.createHttpServer().requestHandler(FetchRedirectTest::handle));
        portB = listen(vertx.createHttpServer().requestHandler(FetchRedirectTest::handle));
    }

    private static int listen(HttpServer server) throws Exception {
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    /** {@code /go?status=N&to=URL} redirects; anything else echoes what arrived. */
    private static void handle(HttpServerRequest req) {
        if (req.path().equals("/go")) {
            req.response().setStatusCode(Integer.parseInt(req.getParam("status"))).putHeader("location", req.getParam("to")).end();
            return;
        }
        req.body().onSuccess(body -> req.response().end("port=" + req.localAddress().port() + " method=" + req.method()
                + " authorization=" + req.getHeader("authorization") + " cookie=" + req.getHeader("cookie")
                + " proxy-authorization=" + req.getHeader("proxy-authorization") + " content-type=" + req.getHeader("content-type")
                + " x-a=" + req.getHeader("x-a") + " body=" + body));
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static String a(String path) {
        return "http://127.0.0.1:" + portA + path;
    }

    private static String b(String path) {
        return "http://127.0.0.1:" + portB + path;
    }

    private static String go(int status, String to) {
        return "/go?status=" + status + "&to=" + java.net.URLEncoder.encode(to, StandardCharsets.UTF_8);
    }

    /** Fetches from origin A with credentials, a content type and x-a; returns what the last upstream saw. */
    private static String fetch(String method, String path, String body) throws Exception {
        OutboundFetcher fetcher = new OutboundFetcher(vertx, new AddressPolicy(true), 5000, 1 << 20, 5);
        List<Map.Entry<String, String>> headers = List.of(Map.entry("Authorization", "Bearer t"), Map.entry("Cookie", "s=1"),
                Map.entry("Proxy-Authorization", "Basic p"), Map.entry("Content-Type", "text/plain"), Map.entry("x-a", "1"));
        EdgeRequest request = new EdgeRequest(method, a(path), headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        return OutboundFetcherTest.body(fetcher.send(request, "follow").toCompletableFuture().get(10, TimeUnit.SECONDS).response());
    }

    @Test
    void credentialsAreDroppedOnARedirectToAnotherOrigin() throws Exception {
        assertEquals("port=" + portB + " method=GET authorization=null cookie=null proxy-authorization=null content-type=text/plain x-a=1 body=",
                fetch("GET", go(302, b("/echo")), null));
    }

    @Test
    void credentialsStayOnARedirectWithinTheOrigin() throws Exception {
        assertEquals("port=" + portA + " method=GET authorization=Bearer t cookie=s=1 proxy-authorization=Basic p content-type=text/plain x-a=1 body=",
                fetch("GET", go(302, "/echo"), null));
    }

    @Test
    void credentialsOnceDroppedStayDroppedBackOnTheFirstOrigin() throws Exception {
        assertEquals("port=" + portA + " method=GET authorization=null cookie=null proxy-authorization=null content-type=text/plain x-a=1 body=",
                fetch("GET", go(302, b(go(302, a("/echo")))), null));
    }

    @Test
    void aPortChangeIsAnotherOriginAndSchemeHostPortCompareCaseInsensitively() {
        java.net.URI base = java.net.URI.create("http://example.com/x");
        assertEquals(true, OutboundFetcher.sameOrigin(base, java.net.URI.create("HTTP://Example.COM:80/y")));
        assertEquals(false, OutboundFetcher.sameOrigin(base, java.net.URI.create("http://example.com:8080/y")));
        assertEquals(false, OutboundFetcher.sameOrigin(base, java.net.URI.create("https://example.com/y")));
        assertEquals(false, OutboundFetcher.sameOrigin(base, java.net.URI.create("http://api.example.com/y")));
    }

    @Test
    void postRedirectedWith301Or302BecomesAGetWithoutBodyOrContentHeaders() throws Exception {
        for (int status : new int[] {301, 302}) {
            assertEquals("port=" + portB + " method=GET authorization=null cookie=null proxy-authorization=null content-type=null x-a=1 body=",
                    fetch("POST", go(status, b("/echo")), "payload"), "status " + status);
        }
    }

    @Test
    void see303TurnsAnythingButGetAndHeadIntoAGet() throws Exception {
        assertEquals("port=" + portA + " method=GET authorization=Bearer t cookie=s=1 proxy-authorization=Basic p content-type=null x-a=1 body=",
                fetch("PUT", go(303, "/echo"), "payload"));
        assertEquals("port=" + portA + " method=GET authorization=Bearer t cookie=s=1 proxy-authorization=Basic p content-type=null x-a=1 body=",
                fetch("DELETE", go(303, "/echo"), "payload"));
    }

    @Test
    void see307And308KeepMethodAndBodyButNotCredentialsAcrossOrigins() throws Exception {
        for (int status : new int[] {307, 308}) {
            assertEquals("port=" + portB + " method=POST authorization=null cookie=null proxy-authorization=null content-type=text/plain x-a=1 body=payload",
                    fetch("POST", go(status, b("/echo")), "payload"), "status " + status);
        }
        assertEquals("port=" + portA + " method=PUT authorization=Bearer t cookie=s=1 proxy-authorization=Basic p content-type=text/plain x-a=1 body=payload",
                fetch("PUT", go(307, "/echo"), "payload"));
    }

    @Test
    void aPutRedirectedWith301KeepsItsMethodAndBody() throws Exception {
        assertEquals("port=" + portA + " method=PUT authorization=Bearer t cookie=s=1 proxy-authorization=Basic p content-type=text/plain x-a=1 body=payload",
                fetch("PUT", go(301, "/echo"), "payload"));
    }
}
