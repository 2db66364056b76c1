package io.edgeworks.admin.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;

/** Reads an RFC 9457 problem answered by platform-api into an {@link ApiException}. */
final class Problems {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    static ApiException fromResponse(Response response) {
        int status = response.getStatus();
        String body = "";
        try {
            if (response.hasEntity()) {
                body = response.readEntity(String.class);
            }
        } catch (RuntimeException unreadable) {
            body = "";
        }
        return fromBody(status, body);
    }

    static ApiException fromBody(int status, String body) {
        String detail = null;
        List<ApiException.FieldError> errors = new ArrayList<>();
        try {
            JsonNode problem = body == null || body.isBlank() ? null : JSON.readTree(body);
            if (problem != null && problem.isObject()) {
                detail = text(problem.get("detail"));
                if (detail == null) {
                    detail = text(problem.get("title"));
                }
                JsonNode list = problem.get("errors");
                if (list != null && list.isArray()) {
                    for (JsonNode e : list) {
                        errors.add(new ApiException.FieldError(text(e.get("field")), text(e.get("message")),
                                position(e.get("line")), position(e.get("column"))));
                    }
                }
            }
        } catch (java.io.IOException notJson) {
            detail = null;
        }
        return new ApiException(status, detail == null ? fallback(status) : detail, errors);
    }

    /** A message people can act on when the API gave none. */
    static String fallback(int status) {
        return switch (status) {
            case 401 -> "Your session has expired. Sign out and sign in again.";
            case 403 -> "Your role in this account does not allow this. Ask an admin or owner of the account.";
            case 404 -> "Not found, or you are not a member of this account.";
            case 409 -> "That name is already taken. Choose another one.";
            default -> "The platform API answered " + status + ". Try again; if it persists, tell your operator.";
        };
    }

    /** A 1-based line or column, or null when absent or not a positive whole number. */
    private static Integer position(JsonNode node) {
        return node != null && node.canConvertToInt() && node.isIntegralNumber() && node.asInt() > 0 ? node.asInt() : null;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
