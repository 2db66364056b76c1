package io.edgeworks.api.security;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Keycloak's realm {@code platform} as platform-api uses it (a fake, named as such): it serves only the
 * two documents quarkus-oidc reads, the discovery document and the JWKS (the test key pair's public key under key id
 * {@value #KEY_ID}), on a free loopback port, and counts the JWKS requests. {@link #stop()} takes it away as a stopped
 * Keycloak would be. Tokens are signed by the tests with the private key (smallrye.jwt.sign.key.location).
 */
public class StandInOidcProvider implements QuarkusTestResourceLifecycleManager {
    static final String KEY_ID = "stand-in-key";
    static final AtomicInteger JWKS_REQUESTS = new AtomicInteger();
    private static HttpServer server;
    static String issuer;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/platform";
        String discovery = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/protocol/openid-connect/certs\","
                + "\"token_endpoint\":\"" + issuer + "/protocol/openid-connect/token\","
                + "\"authorization_endpoint\":\"" + issuer + "/protocol/openid-connect/auth\"}";
        RSAPublicKey key = publicKey();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID + "\",\"n\":\""
                + base64Url(key.getModulus()) + "\",\"e\":\"" + base64Url(key.getPublicExponent()) + "\"}]}";
        server.createContext("/realms/platform/.well-known/openid-configuration", exchange -> respond(exchange, discovery));
        server.createContext("/realms/platform/protocol/openid-connect/certs", exchange -> {
            JWKS_REQUESTS.incrementAndGet();
            respond(exchange, jwks);
        });
        server.start();
        // the test profile leaves the OIDC server out (public-key); with a URL, quarkus-oidc uses discovery and the JWKS
        return Map.of("%test.quarkus.oidc.auth-server-url", issuer);
    }

    /** Takes the provider away (connections are refused from now on). */
    static synchronized void stopNow() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void stop() {
        stopNow();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static RSAPublicKey publicKey() {
        try (InputStream in = StandInOidcProvider.class.getClassLoader().getResourceAsStream("test-keys/public.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read test-keys/public.pem: " + e.getMessage(), e);
        }
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
