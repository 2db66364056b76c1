package io.edgeworks.systemtests.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running local stack the integration tier drives: where each part listens (system properties with
 * the CONTRACT.md defaults), a fail-fast check that names the command that starts it, and real Keycloak
 * tokens through the password grant of the public client {@code platform-cli}.
 *
 * <table>
 *   <tr><th>system property</th><th>default</th></tr>
 *   <tr><td>{@value #API_URL}</td><td>http://127.0.0.1:8080</td></tr>
 *   <tr><td>{@value #EDGE_URL}</td><td>http://127.0.0.1:8081</td></tr>
 *   <tr><td>{@value #EDGE_MANAGEMENT_URL}</td><td>http://127.0.0.1:9000 (the edge's health and metrics)</td></tr>
 *   <tr><td>{@value #KEYCLOAK_URL}</td><td>http://127.0.0.1:8180</td></tr>
 *   <tr><td>{@value #REDIS_URL}</td><td>redis://127.0.0.1:6379</td></tr>
 *   <tr><td>{@value #BASE_DOMAIN}</td><td>localhost</td></tr>
 *   <tr><td>{@value #CHALLTESTSRV_URL}</td><td>http://127.0.0.1:8055 (pebble-challtestsrv's management API: DNS records
 *   of domain verification)</td></tr>
 * </table>
 */
public final class Stack {
    public static final String API_URL = "edgeworks.it.api-url";
    public static final String EDGE_URL = "edgeworks.it.edge-url";
    public static final String EDGE_MANAGEMENT_URL = "edgeworks.it.edge-management-url";
    public static final String KEYCLOAK_URL = "edgeworks.it.keycloak-url";
    public static final String REDIS_URL = "edgeworks.it.redis-url";
    public static final String BASE_DOMAIN = "edgeworks.it.base-domain";
    public static final String CHALLTESTSRV_URL = "edgeworks.it.challtestsrv-url";
    /** The command that brings the whole stack up (CONTRACT.md). */
    public static final String UP_COMMAND = "deploy/local/up.sh";
    public static final String REALM = "platform";
    public static final String CLIENT_ID = "platform-cli";
    /** A public client of the development realm whose tokens platform-api must refuse (not in its allowed clients). */
    public static final String UNTRUSTED_CLIENT_ID = "platform-untrusted";

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CHECK_TIMEOUT).build();
    /** Part to the reason it is unusable ("" when it answered): each part is checked once per JVM. */
    private static final Map<Part, String> CHECKED = new ConcurrentHashMap<>();
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    /** The parts an IT can depend on, each with the property that locates it. */
    public enum Part {
        API("platform-api", API_URL),
        EDGE("edge-node", EDGE_URL),
        KEYCLOAK("Keycloak", KEYCLOAK_URL),
        REDIS("Redis", REDIS_URL);

        private final String label;
        private final String property;

        Part(String label, String property) {
            this.label = label;
            this.property = property;
        }
    }

    private record Token(String value, Instant refreshAfter) {
    }

    private Stack() {
    }

    /** pebble-challtestsrv's management API, where the DNS records platform-api verifies domains with are set. */
    public static String challtestsrvUrl() {
        return trimmed(System.getProperty(CHALLTESTSRV_URL, "http://127.0.0.1:8055"));
    }

    public static String apiUrl() {
        return trimmed(System.getProperty(API_URL, "http://127.0.0.1:8080"));
    }

    public static String edgeUrl() {
        return trimmed(System.getProperty(EDGE_URL, "http://127.0.0.1:8081"));
    }

    /** The edge's management interface: health and metrics are not on its public port. */
    public static String edgeManagementUrl() {
        return trimmed(System.getProperty(EDGE_MANAGEMENT_URL, "http://127.0.0.1:9000"));
    }

    public static String keycloakUrl() {
        return trimmed(System.getProperty(KEYCLOAK_URL, "http://127.0.0.1:8180"));
    }

    public static RedisEndpoint redis() {
        return RedisEndpoint.parse(System.getProperty(REDIS_URL, "redis://127.0.0.1:6379"));
    }

    public static String baseDomain() {
        return System.getProperty(BASE_DOMAIN, "localhost");
    }

    /**
     * Fails the calling test class at once, with the reason and the command that starts the stack, when
     * one of the given parts does not answer. Apps must answer 200 on {@code /q/health/ready}, Keycloak
     * must serve realm {@value #REALM}, Redis must answer PING.
     */
    public static void require(Part... parts) {
        for (Part part : parts) {
            String problem = CHECKED.computeIfAbsent(part, Stack::probe);
            if (!problem.isEmpty()) {
                throw new AssertionError(part.label + " is not usable: " + problem + ".\n"
                        + "The integration tier runs against the running local stack: start it with " + UP_COMMAND
                        + " (or run every tier with deploy/local/test.sh), or point the tests at another address"
                        + " with -D" + part.property + "=<url>.");
            }
        }
    }

    /** A real access token of a realm user (demo users: alice, bob, carol; password = username). */
    public static String token(String username) {
        Token cached = TOKENS.get(username);
        if (cached != null && Instant.now().isBefore(cached.refreshAfter())) {
            return cached.value();
        }
        require(Part.KEYCLOAK);
        Token fresh = passwordGrant(CLIENT_ID, username, username);
        TOKENS.put(username, fresh);
        return fresh.value();
    }

    /** A real access token of a realm user, issued to another client of the realm (password grant, not cached). */
    public static String token(String username, String clientId) {
        require(Part.KEYCLOAK);
        return passwordGrant(clientId, username, username).value();
    }

    private static Token passwordGrant(String clientId, String username, String password) {
        String url = keycloakUrl() + "/realms/" + REALM + "/protocol/openid-connect/token";
        String form = "grant_type=password&client_id=" + Json.formEncode(clientId) + "&username=" + Json.formEncode(username)
                + "&password=" + Json.formEncode(password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("token request for " + username + " to " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while fetching a token for " + username, e);
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("Keycloak refused the password grant for " + username + " (POST " + url
                    + ", client " + clientId + "): HTTP " + response.statusCode() + " " + response.body()
                    + "\nThe realm file deploy/keycloak/platform-realm.json must define the user and allow the"
                    + " password grant for " + clientId + " (a Keycloak started before the realm changed: rerun up.sh,"
                    + " which imports a changed realm again).");
        }
        JsonNode body = Json.parse(response.body());
        String token = body.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new AssertionError("Keycloak answered no access_token for " + username + ": " + response.body());
        }
        long lifetime = body.path("expires_in").asLong(60);
        return new Token(token, Instant.now().plusSeconds(Math.max(5, lifetime - 30)));
    }

    private static String probe(Part part) {
        return switch (part) {
            case API -> probeHttp(apiUrl() + "/q/health/ready");
            case EDGE -> probeHttp(edgeManagementUrl() + "/q/health/ready");
            case KEYCLOAK -> probeHttp(keycloakUrl() + "/realms/" + REALM);
            case REDIS -> probeRedis();
        };
    }

    private static String probeHttp(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(CHECK_TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return "";
            }
            return "GET " + url + " answered " + response.statusCode() + " " + abbreviate(response.body());
        } catch (java.net.ConnectException e) {
            return "nothing answers at " + url + " (connection refused)";
        } catch (IOException e) {
            return "GET " + url + " failed (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking " + url;
        }
    }

    private static String probeRedis() {
        RedisEndpoint endpoint = redis();
        try (RedisConnection redis = RedisConnection.open(endpoint)) {
            Object pong = redis.command("PING");
            return "PONG".equals(pong) ? "" : "PING at " + endpoint + " answered " + pong;
        } catch (IOException | RuntimeException | AssertionError e) {
            return "PING at " + endpoint + " failed (" + e.getMessage() + ")";
        }
    }

    public static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "…(" + text.length() + " chars)";
    }

    private static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
