package io.edgeworks.edge.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.Deployment;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.EnvironmentSpec;
import io.edgeworks.bundle.RedisLayout;
import io.edgeworks.bundle.VersionSpec;
import io.edgeworks.edge.graph.GraphBuilder;
import io.edgeworks.edge.graph.GraphInput;
import io.edgeworks.edge.graph.LiveGraph;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP entry point in the running app: Host-based routing, 404 for unknown hosts and /q/* on the
 * public port, metrics on the management port, and KV bindings on the real Redis (namespace keys are unique per run and
 * removed afterwards).
 */
@QuarkusTest
class EdgeHttpRouteTest {
    static final EnvironmentRef HELLO = EnvironmentRef.parse("acme/hello/production");
    static final EnvironmentRef KV = EnvironmentRef.parse("acme/kv/production");
    static final EnvironmentRef SSE = EnvironmentRef.parse("acme/sse/production");

    @Inject
    EdgeRuntime runtime;
    @Inject
    LiveGraph live;
    @Inject
    RedisDataSource redis;
    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL managementUrl;

    String namespaceId;

    static VersionSpec version(String source, List<Binding> bindings) {
        return version(source, bindings, null);
    }

    /** With its own CPU limit (the streams polyfill runs interpreted and cold in this test JVM). */
    static VersionSpec version(String source, List<Binding> bindings, io.edgeworks.bundle.Limits limits) {
        return new VersionSpec("id", 1, "worker.js", new TreeMap<>(Map.of("worker.js", source)), null, null, bindings, limits,
                Integer.toHexString(source.hashCode()));
    }

    @BeforeEach
    void deploy() {
        namespaceId = "test-" + UUID.randomUUID();
        Bundle hello = new Bundle(Bundle.FORMAT, HELLO, List.of(new EnvironmentSpec(HELLO, "hello.acme.localhost", Deployment.single(1),
                List.of(version("export default { async fetch(request) { const u = new URL(request.url);"
                        + " return new Response(request.method + ' ' + u.pathname + u.search + ' ' + await request.text(), { status: 200, headers: { 'x-edge': 'yes' } }); } }", List.of())))));
        Bundle kv = new Bundle(Bundle.FORMAT, KV, List.of(new EnvironmentSpec(KV, "kv.acme.localhost", Deployment.single(1),
                List.of(version("""
                        export default { async fetch(request, env) {
                          const u = new URL(request.url);
                          const key = u.searchParams.get('key');
                          if (request.method === 'PUT') { await env.CACHE.put(key, await request.text()); return new Response('stored', { status: 201 }); }
                          if (request.method === 'DELETE') { await env.CACHE.delete(key); return new Response('deleted'); }
                          if (u.pathname === '/list') { const l = await env.CACHE.list({ prefix: u.searchParams.get('prefix') || '', limit: 2 });
                            return Response.json({ names: l.keys.map(k => k.name), complete: l.list_complete, cursor: l.cursor || null }); }
                          const value = await env.CACHE.get(key);
                          return value === null ? new Response('missing', { status: 404 }) : new Response(value);
                        } }
                        """, List.of(new Binding.Kv("CACHE", "cache", namespaceId)))))));
        Bundle sse = new Bundle(Bundle.FORMAT, SSE, List.of(new EnvironmentSpec(SSE, "sse.acme.localhost", Deployment.single(1),
                List.of(version("""
                        export default { fetch() {
                          const { readable, writable } = new TransformStream();
                          const writer = writable.getWriter(), encoder = new TextEncoder();
                          (async () => {
                            for (let i = 0; i < 3; i++) {
                              await new Promise(resolve => setTimeout(resolve, 20));
                              await writer.write(encoder.encode(`data: ${i}\n\n`));
                            }
                            await writer.close();
                          })();
                          return new Response(readable, { headers: { 'content-type': 'text/event-stream' } });
                        } }
                        """, List.of(), new io.edgeworks.bundle.Limits(2_000))))));
        GraphBuilder.Result result = runtime.builder().build(new GraphInput(1, Map.of(HELLO, hello, KV, kv, SSE, sse),
                Map.of("hello.acme.localhost", HELLO, "kv.acme.localhost", KV, "sse.acme.localhost", SSE),
                List.of(new GraphInput.RouteSpec("r1", "shop.example.com/api/*", HELLO))), live.get());
        assertTrue(result.failures().isEmpty(), result.failures()::toString);
        live.swap(result.graph());
    }

    @AfterEach
    void cleanUp() {
        redis.key().del(RedisLayout.kvKey(namespaceId));
    }

    @Test
    void hostHeaderSelectsTheEnvironment() {
        given().header("Host", "Hello.Acme.Localhost:8081").body("payload").when().post("/path?q=1")
                .then().statusCode(200).header("x-edge", "yes").body(equalTo("POST /path?q=1 payload"));
    }

    @Test
    void requestUrlIsSerializedAsTheUrlStandardSaysAndAnUnparsableOneIs400() throws Exception {
        // dot segments resolved, escapes kept as sent, the default port dropped, the host lower-cased
        String normalized = raw("GET /a/./b/../c?x=%7e HTTP/1.1\r\nHost: HELLO.acme.localhost:80\r\nConnection: close\r\n\r\n");
        assertTrue(normalized.endsWith("GET /a/c?x=%7e "), normalized);
        // (Vert.x refuses such a Host itself; the edge's own URL check answers 400 for what gets past it)
        String bad = raw("GET / HTTP/1.1\r\nHost: hello.acme.localhost:99999\r\nConnection: close\r\n\r\n");
        assertTrue(bad.startsWith("HTTP/1.1 400"), bad);
    }

    /** One raw HTTP/1.1 exchange with the test server (what a client library would have normalized itself). */
    private static String raw(String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void customRouteReachesItsEnvironment() {
        given().header("Host", "shop.example.com").when().get("/api/items?x=1")
                .then().statusCode(200).body(equalTo("GET /api/items?x=1 "));
        given().header("Host", "shop.example.com").when().get("/other").then().statusCode(404);
    }

    @Test
    void pendingAcmeChallengesAreAnsweredOnAnyHostAndUnknownTokensFallThroughToTheTenant() {
        String token = "tok-" + namespaceId.replace(':', '_');
        redis.value(String.class).setex(RedisLayout.acmeHttp01Key(token), 60, token + ".account-thumbprint");
        try {
            given().header("Host", "shop.example.com").when().get("/.well-known/acme-challenge/" + token)
                    .then().statusCode(200).body(equalTo(token + ".account-thumbprint"));
            given().header("Host", "not-deployed.example.org").when().get("/.well-known/acme-challenge/" + token)
                    .then().statusCode(200).body(equalTo(token + ".account-thumbprint"));
        } finally {
            redis.key().del(RedisLayout.acmeHttp01Key(token));
        }
        // the platform has no such token: the request is the tenant's like any other
        given().header("Host", "hello.acme.localhost").when().get("/.well-known/acme-challenge/" + token)
                .then().statusCode(200).body(equalTo("GET /.well-known/acme-challenge/" + token + " "));
        given().header("Host", "not-deployed.example.org").when().get("/.well-known/acme-challenge/" + token).then().statusCode(404);
    }

    @Test
    void unknownHostGets404AndPlatformEndpointsAreOnTheManagementPort() {
        given().header("Host", "nobody.acme.localhost").when().get("/").then().statusCode(404)
                .body(containsString("No service is deployed at nobody.acme.localhost"));
        given().when().get("/q/health/ready").then().statusCode(404);
        given().header("Host", "hello.acme.localhost").when().get("/").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(404);
        String metrics = given().port(managementUrl.getPort()).when().get("/q/metrics").then().statusCode(200)
                .body(containsString("edge_requests_total")).extract().asString();
        // the pool's gauges: the request above left its context cached on a worker thread
        assertTrue(gauge(metrics, "edge_worker_threads") >= 1, metrics);
        assertTrue(gauge(metrics, "edge_cached_contexts") >= 1, metrics);
        assertTrue(gauge(metrics, "edge_spare_contexts") >= 0, metrics);
        // request durations: count, sum and max per environment, the histogram per node only
        assertTrue(metrics.contains("edge_request_duration_seconds_count{account=\"acme\""), metrics);
        assertTrue(!metrics.contains("edge_request_duration_seconds_bucket"), "no histogram per environment");
        assertTrue(gauge(metrics, "edge_node_request_duration_seconds_count") >= 1, metrics);
        assertTrue(metrics.contains("edge_node_request_duration_seconds_bucket{le="), metrics);
    }

    /** The value of an untagged gauge in a Prometheus text exposition; fails when it is not there. */
    private static double gauge(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError(name + " not in /q/metrics");
    }

    @Test
    void theRuntimesPoolClosesTheContextsOfVersionsTheServedGraphNoLongerCarries() throws Exception {
        given().header("Host", "hello.acme.localhost").when().get("/").then().statusCode(200);
        assertTrue(runtime.pool().contextCount() >= 1, "hello's context");
        // what StateSync does after swapping in a graph without them (an account deleted)
        runtime.builder().served(io.edgeworks.edge.graph.ServiceGraph.EMPTY);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (runtime.pool().contextCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, runtime.pool().contextCount(), "every context closed");
        runtime.builder().served(live.get()); // the graph the other tests serve, for threads that look late
    }

    @Test
    void aStreamBodyIsSentChunkedThroughTheRoute() {
        given().header("Host", "sse.acme.localhost").when().get("/events").then().statusCode(200)
                .header("transfer-encoding", "chunked").header("content-type", "text/event-stream")
                .body(equalTo("data: 0\n\ndata: 1\n\ndata: 2\n\n"));
        given().header("Host", "sse.acme.localhost").when().head("/events").then().statusCode(200)
                .header("content-type", "text/event-stream");
    }

    @Test
    void kvBindingReadsAndWritesRedis() {
        given().header("Host", "kv.acme.localhost").body("v1").when().put("/?key=a1").then().statusCode(201);
        given().header("Host", "kv.acme.localhost").body("v2").when().put("/?key=a2").then().statusCode(201);
        given().header("Host", "kv.acme.localhost").body("v3").when().put("/?key=b1").then().statusCode(201);
        given().header("Host", "kv.acme.localhost").when().get("/?key=a1").then().statusCode(200).body(equalTo("v1"));
        assertTrue(new String(redis.hash(String.class, String.class, byte[].class).hget(RedisLayout.kvKey(namespaceId), "a2")).equals("v2"));
        given().header("Host", "kv.acme.localhost").when().get("/list?prefix=a").then().statusCode(200)
                .body(equalTo("{\"names\":[\"a1\",\"a2\"],\"complete\":true,\"cursor\":null}"));
        given().header("Host", "kv.acme.localhost").when().get("/list").then().statusCode(200)
                .body(equalTo("{\"names\":[\"a1\",\"a2\"],\"complete\":false,\"cursor\":\"a2\"}"));
        given().header("Host", "kv.acme.localhost").when().delete("/?key=a1").then().statusCode(200);
        given().header("Host", "kv.acme.localhost").when().get("/?key=a1").then().statusCode(404);
    }
}
