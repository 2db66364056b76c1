package io.edgeworks.systemtests.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One HTTP exchange as a test sees it. Every assertion failure quotes the whole exchange (method, URL,
 * request body, status, content type, response body), so a failing IT is a precise bug report.
 */
public final class Reply {
    /** The status of a call that got no HTTP answer; the body then says why. */
    public static final int NO_ANSWER = 0;

    private final String method;
    private final String url;
    private final Map<String, String> requestHeaders;
    private final String requestBody;
    private final int status;
    private final String contentType;
    private final Map<String, String> headers;
    private final String body;
    private JsonNode json;

    Reply(String method, String url, Map<String, String> requestHeaders, String requestBody, int status,
          String contentType, Map<String, String> headers, String body) {
        this.method = method;
        this.url = url;
        this.requestHeaders = Map.copyOf(requestHeaders);
        this.requestBody = requestBody;
        this.status = status;
        this.contentType = contentType == null ? "" : contentType;
        this.headers = Map.copyOf(headers);
        this.body = body == null ? "" : body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    public String contentType() {
        return contentType;
    }

    /** A response header (case-insensitive name), or null. */
    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The body as a JSON tree; fails (quoting the exchange) when it is not JSON. */
    public JsonNode json() {
        if (json == null) {
            try {
                json = Json.parse(body);
            } catch (AssertionError e) {
                throw new AssertionError("the answer is not JSON\n" + describe(), e);
            }
        }
        return json;
    }

    /** Fails unless the status is one of the given ones. */
    public Reply expect(int... statuses) {
        if (Arrays.stream(statuses).noneMatch(s -> s == status)) {
            throw new AssertionError("expected HTTP " + (statuses.length == 1 ? statuses[0] : Arrays.toString(statuses))
                    + " but got " + status + "\n" + describe());
        }
        return this;
    }

    /**
     * Fails unless the status is the given one and the body is an RFC 9457 problem
     * ({@code application/problem+json}) with a non-blank {@code detail}, as CONTRACT.md requires of every error.
     */
    public Reply expectProblem(int... expectedStatuses) {
        expect(expectedStatuses);
        assertTrue(contentType.startsWith("application/problem+json"),
                () -> "an error must be application/problem+json, got content type '" + contentType + "'\n" + describe());
        assertTrue(!json().path("detail").asText("").isBlank(),
                () -> "a problem must carry a non-blank 'detail' a person can act on\n" + describe());
        return this;
    }

    /** Fails unless the body is a JSON array. */
    public JsonNode array() {
        assertTrue(json().isArray(), () -> "expected a JSON array\n" + describe());
        return json();
    }

    /** The exchange in full, for failure messages. */
    public String describe() {
        StringBuilder text = new StringBuilder("  request:  ").append(method).append(' ').append(url);
        requestHeaders.forEach((name, value) -> text.append("\n            ").append(name).append(": ")
                .append(name.equalsIgnoreCase("Authorization") ? "Bearer <token>" : value));
        if (requestBody != null) {
            text.append("\n            ").append(Stack.abbreviate(requestBody));
        }
        text.append("\n  response: ").append(status == NO_ANSWER ? "none" : String.valueOf(status))
                .append(contentType.isEmpty() ? "" : " (" + contentType + ")");
        if (!body.isEmpty()) {
            text.append("\n            ").append(Stack.abbreviate(body));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return method + " " + url + " -> " + status;
    }
}
