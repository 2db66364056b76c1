package io.edgeworks.api.certificate;

import com.sun.net.httpserver.HttpServer;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A real Pebble ({@link PebbleServer}) and, standing in for the edge nodes (not running in platform-api's
 * tests), a loopback HTTP server that answers {@code /.well-known/acme-challenge/<token>} from the same Redis
 * keys the edge reads ({@link RedisLayout#acmeHttp01Key}), where {@link RedisHttp01} publishes them. Pebble
 * validates HTTP-01 on this server's port; platform-api is pointed at Pebble with its TLS certificate.
 */
public class AcmeTestServers implements QuarkusTestResourceLifecycleManager {
    /** The application's Redis, set by the test before it orders (the responder reads through it). */
    public static volatile RedisDataSource redis;
    static PebbleServer pebble;
    private static HttpServer responder;

    @Override
    public synchronized Map<String, String> start() {
        try {
            responder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            responder.createContext("/.well-known/acme-challenge/", exchange -> {
                String token = exchange.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
                RedisDataSource source = redis;
                String answer = source == null ? null : source.value(String.class, String.class).get(RedisLayout.acmeHttp01Key(token));
                byte[] body = (answer == null ? "not found" : answer).getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            responder.start();
            pebble = PebbleServer.start(responder.getAddress().getPort());
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start Pebble and the challenge responder: " + e.getMessage(), e);
        }
        return Map.of(
                "platform.acme.directory-url", pebble.directory().toString(),
                "platform.acme.trust-certificate", pebble.tlsCertificateFile().toString(),
                "platform.acme.contact-email", "ops@example.test",
                "platform.acme.check-interval", "1s",
                "platform.acme.retry-after-failure", "1h",
                "platform.acme.timeout", "15s");
    }

    @Override
    public synchronized void stop() {
        if (pebble != null) {
            pebble.close();
            pebble = null;
        }
        if (responder != null) {
            responder.stop(0);
            responder = null;
        }
    }
}
