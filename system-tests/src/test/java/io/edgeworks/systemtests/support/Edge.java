package io.edgeworks.systemtests.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * edge-node as a client sees it: requests to {@link Stack#edgeUrl()} with the Host header choosing the
 * environment (CONTRACT.md: {@code curl -H 'Host: hello.acme.localhost' http://127.0.0.1:8081/}).
 */
public final class Edge {
    /** How long a deploy may take to reach the edge before a test calls it a failure. */
    public static final Duration PROPAGATION = Duration.ofSeconds(10);

    private Edge() {
    }

    public static Reply get(String host, String path) {
        return get(host, path, Map.of());
    }

    public static Reply get(String host, String path, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", host);
        all.putAll(headers);
        return Http.call("GET", Stack.edgeUrl(), path, all, null);
    }

    /**
     * Polls {@code GET path} with this Host until the answer has the status and body wanted, for at most
     * {@link #PROPAGATION}; fails quoting the last answer otherwise.
     */
    public static Reply awaitAnswer(String host, String path, Map<String, String> headers, int status, String body) {
        return await(host, path, headers, r -> r.status() == status && r.body().equals(body),
                "HTTP " + status + " with body '" + body + "'");
    }

    public static Reply awaitAnswer(String host, String path, int status, String body) {
        return awaitAnswer(host, path, Map.of(), status, body);
    }

    public static Reply await(String host, String path, Map<String, String> headers, Predicate<Reply> wanted, String what) {
        return Poll.until(PROPAGATION, () -> get(host, path, headers), wanted,
                "edge-node to answer " + what + " for Host " + host + " " + path);
    }
}
