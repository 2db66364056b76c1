package io.edgeworks.admin.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP server standing in for platform-api on the wire: canned JSON answers in the contract's shapes,
 * and a record of each request (method, path, Authorization header, body) for the client tests to check.
 */
public class StubPlatformApiServer implements QuarkusTestResourceLifecycleManager {
    /** One request as the stub received it. */
    public record Seen(String method, String path, String authorization, String body) {
    }

    public static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.platform-api.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String method = exchange.getRequestMethod();
        SEEN.add(new Seen(method, path, exchange.getRequestHeaders().getFirst("Authorization"), body));
        switch (method + " " + path) {
            case "GET /api/me" -> json(exchange, 200, """
                    {"username":"alice","accounts":[{"slug":"acme","role":"owner"},{"slug":"globex","role":"viewer"}]}""");
            case "POST /api/accounts" -> problem(exchange, 400, """
                    {"type":"about:blank","title":"Bad Request","status":400,
                     "detail":"slug must be 1-63 lower-case letters, digits or -",
                     "errors":[{"field":"slug","message":"must match [a-z0-9-]"}]}""");
            case "GET /api/accounts/acme/services/hello/environments/production" -> json(exchange, 200, """
                    {"name":"production","hostname":"hello.acme.localhost","latest_version":3,
                     "deployment":{"versions":[{"number":3,"percentage":90},{"number":2,"percentage":10}]},
                     "created_at":"2026-11-27T10:00:00Z"}""");
            case "PATCH /api/accounts/acme/services/hello/environments/production/vars" -> json(exchange, 201, """
                    {"number":4,"id":"0b6c1f0e-7d1a-4a8e-9e37-1f2a3b4c5d6e","created_at":"2026-11-27T10:01:00Z",
                     "author":"alice","annotations":{},"hostname":"hello.acme.localhost","digest":"abc"}""");
            case "GET /api/accounts/acme/domains" -> json(exchange, 200, """
                    [{"name":"example.com","status":"pending",
                      "verification":{"txt_name":"_edgeworks.example.com","txt_value":"0123abcd",
                                      "http_path":"/.well-known/edgeworks-challenge/0123abcd"},
                      "certificate":{"status":"none","not_after":null},
                      "created_at":"2026-11-27T10:00:00Z","verified_at":null,"expires_at":"2026-12-04T10:00:00Z",
                      "last_check":null}]""");
            case "POST /api/accounts/acme/domains/example.com/verify" -> problem(exchange, 409, """
                    {"type":"about:blank","title":"Conflict","status":409,
                     "detail":"domain 'example.com' is not verified yet: DNS TXT _edgeworks.example.com at 127.0.0.1:8053: no TXT record"}""");
            case "GET /api/accounts/acme/kv/namespaces/cache/values?prefix=user" -> json(exchange, 200, """
                    [{"name":"user:1"},{"name":"user:2"}]""");
            case "GET /api/accounts/acme/kv/namespaces/cache/values/missing" -> problem(exchange, 404, """
                    {"status":404,"detail":"no such key"}""");
            case "POST /api/accounts/acme/tokens" -> json(exchange, 201, """
                    {"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","name":"ci","scopes":["deploy:preview-*"],"created_by":"alice",
                     "created_at":"2026-11-27T10:00:00Z","expires_at":"2027-02-25T10:00:00Z","status":"active",
                     "token":"ewt_0123456789abcdef_0123456789abcdefghijABCDEFGHIJ0123456789abc"}""");
            case "GET /api/accounts/acme/audit?limit=50" -> json(exchange, 200, """
                    [{"id":7,"actor":"alice","action":"version.create","target":"acme/hello/production@v2","summary":{},
                      "created_at":"2026-11-27T10:00:00Z","token":{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","name":"ci"}}]""");
            default -> problem(exchange, 409, "");
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    private static void problem(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/problem+json", body);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
