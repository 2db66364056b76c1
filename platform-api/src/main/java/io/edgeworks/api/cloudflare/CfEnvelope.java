package io.edgeworks.api.cloudflare;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cloudflare API v4's response envelope: {@code {"success":true,"errors":[],"messages":[],"result":…}}. */
public final class CfEnvelope {
    private CfEnvelope() {
    }

    public static Map<String, Object> ok(Object result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("errors", List.of());
        body.put("messages", List.of());
        body.put("result", result);
        return body;
    }

    /** A page of a list: {@code result_info} with page, per_page, count, total_count (and an empty cursor). */
    public static Map<String, Object> page(List<?> all, int page, int perPage) {
        int from = Math.min(all.size(), Math.max(0, (page - 1) * perPage));
        int to = Math.min(all.size(), from + perPage);
        List<?> slice = all.subList(from, to);
        Map<String, Object> body = ok(List.copyOf(slice));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("page", page);
        info.put("per_page", perPage);
        info.put("count", slice.size());
        info.put("total_count", all.size());
        info.put("total_pages", (all.size() + perPage - 1) / perPage);
        info.put("cursor", "");
        body.put("result_info", info);
        return body;
    }

    public static Map<String, Object> error(int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("errors", List.of(error));
        body.put("messages", List.of());
        body.put("result", null);
        return body;
    }

    public static Response errorResponse(int status, int code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error(code, message)).build();
    }
}
