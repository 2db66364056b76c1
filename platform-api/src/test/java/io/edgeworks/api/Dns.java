package io.edgeworks.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * DNS records for domain verification, published through pebble-challtestsrv's management API (the DNS
 * server platform-api's tests resolve at, {@code platform.domains.resolver}). deploy/local/test.sh and
 * up.sh start it; for a targeted run: {@code bash -c 'source deploy/lib/common.sh; source deploy/lib/pebble.sh;
 * ensure_state_dirs; ensure_challtestsrv'}. URL from {@code CHALLTESTSRV_URL}, default http://127.0.0.1:8055.
 */
public final class Dns {
    private static final String URL = System.getenv().getOrDefault("CHALLTESTSRV_URL", "http://127.0.0.1:8055");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Dns() {
    }

    /** Publishes TXT {@code _edgeworks.<domain>} = {@code value}. */
    public static void setVerification(String domain, String value) {
        post("/set-txt", "{\"host\":\"_edgeworks." + domain + ".\",\"value\":\"" + value + "\"}");
    }

    public static void clearVerification(String domain) {
        post("/clear-txt", "{\"host\":\"_edgeworks." + domain + ".\"}");
    }

    /** An A record of {@code host} (challtestsrv answers 127.0.0.1 for names without one). */
    public static void addA(String host, String address) {
        post("/add-a", "{\"host\":\"" + host + ".\",\"addresses\":[\"" + address + "\"]}");
    }

    public static void clearA(String host) {
        post("/clear-a", "{\"host\":\"" + host + ".\"}");
    }

    private static void post(String path, String json) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(URL + path))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("challtestsrv " + path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("pebble-challtestsrv is not reachable at " + URL + " (" + e + "); start it with deploy/lib/pebble.sh"
                    + " (ensure_challtestsrv), as deploy/local/test.sh does", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
