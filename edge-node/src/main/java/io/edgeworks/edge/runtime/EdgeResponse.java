package io.edgeworks.edge.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A worker's response as plain data. {@code body} is never null; {@code stream} is non-null (and
 * {@code body} empty) when the body is still being produced (see {@link ResponseStream}).
 */
public record EdgeResponse(int status, String statusText, List<Map.Entry<String, String>> headers, byte[] body,
                           ResponseStream stream) {

    public EdgeResponse(int status, String statusText, List<Map.Entry<String, String>> headers, byte[] body) {
        this(status, statusText, headers, body, null);
    }

    public EdgeResponse {
        headers = headers instanceof JoinedHeaders ? headers : List.copyOf(headers); // both immutable
        body = body == null ? new byte[0] : body;
        statusText = statusText == null ? "" : statusText;
    }

    /** A plain-text response the edge itself produces (errors, limits). */
    public static EdgeResponse text(int status, String text) {
        return new EdgeResponse(status, "", List.of(Map.entry("content-type", "text/plain;charset=UTF-8")),
                text.getBytes(StandardCharsets.UTF_8));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
