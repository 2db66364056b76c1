package io.edgeworks.api;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-side origin: a real HTTP server on loopback (JDK HttpServer, ephemeral port) that answers
 * {@code /.well-known/edgeworks-challenge/<token>} with the token for the tokens a test registered, 404
 * otherwise. platform-api's HTTP proof connects to it: test domains resolve to 127.0.0.1 at
 * challtestsrv, and {@code platform.domains.http-port} is set to this server's port.
 */
public class ChallengeOrigin implements QuarkusTestResourceLifecycleManager {
    private static final Set<String> TOKENS = ConcurrentHashMap.newKeySet();
    private static final String PREFIX = "/.well-known/edgeworks-challenge/";
    private static HttpServer server;

    public static void serve(String token) {
        TOKENS.add(token);
    }

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                String token = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
                byte[] body = (TOKENS.contains(token) ? token : "not found").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(TOKENS.contains(token) ? 200 : 404, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }
        return Map.of("platform.domains.http-port", Integer.toString(server.getAddress().getPort()));
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}
