package io.edgeworks.edge.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request handed to a worker, as plain data: it crosses from the HTTP server or from another
 * worker's service binding without any HTTP encoding. {@code url} is a URL as the URL Standard serializes it
 * (the HTTP entry and the Request class make it so; workers see it as {@code request.url} unparsed).
 * {@code body} is never null.
 */
public record EdgeRequest(String method, String url, List<Map.Entry<String, String>> headers, byte[] body) {
    private static final byte[] EMPTY = new byte[0];

    public EdgeRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = headers instanceof JoinedHeaders ? headers : List.copyOf(headers); // both immutable
        body = body == null ? EMPTY : body;
    }

    /** First value of a header (case-insensitive), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
