package io.edgeworks.systemtests.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * platform-api's REST API as one caller: a realm user with a real Keycloak token, a raw token, or
 * nobody. Paths are relative to the API base URL ({@link Stack#apiUrl()}), e.g. {@code /api/me}.
 */
public final class Api {
    private final String who;
    private final String token;

    private Api(String who, String token) {
        this.who = who;
        this.token = token;
    }

    /** A realm user with a fresh password-grant token. */
    public static Api as(String username) {
        return new Api(username, Stack.token(username));
    }

    public static Api anonymous() {
        return new Api("anonymous", null);
    }

    /** Any bearer value, valid or not. */
    public static Api withToken(String token) {
        return new Api("token", token);
    }

    public String who() {
        return who;
    }

    public Reply get(String path) {
        return call("GET", path, null);
    }

    public Reply delete(String path) {
        return call("DELETE", path, null);
    }

    public Reply post(String path, Object body) {
        return call("POST", path, body);
    }

    public Reply put(String path, Object body) {
        return call("PUT", path, body);
    }

    public Reply patch(String path, Object body) {
        return call("PATCH", path, body);
    }

    /** PUT with a raw (non-JSON) body, e.g. a KV value. */
    public Reply putRaw(String path, String body, String contentType) {
        return Http.call("PUT", Stack.apiUrl(), path, headers("*/*"), body, contentType);
    }

    /** GET accepting any media type, e.g. a KV value. */
    public Reply getRaw(String path) {
        return Http.call("GET", Stack.apiUrl(), path, headers("*/*"), null);
    }

    private Reply call(String method, String path, Object body) {
        return Http.call(method, Stack.apiUrl(), path, headers("application/json, application/problem+json"),
                body == null ? null : Json.write(body));
    }

    private Map<String, String> headers(String accept) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", accept);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        return headers;
    }
}
