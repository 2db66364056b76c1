package io.edgeworks.systemtests.support;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.Header;
import io.restassured.http.Method;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rest-assured plumbing shared by {@link Api} and {@link Edge}: one call in, one {@link Reply} out. A call
 * that gets no answer at all (refused, reset, timed out) is a Reply with status {@link Reply#NO_ANSWER}, so
 * that polling goes on and assertions quote the failure.
 */
final class Http {
    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000)
            .setParam("http.socket.timeout", 60_000));

    private Http() {
    }

    static Reply call(String method, String baseUrl, String path, Map<String, String> headers, String jsonBody) {
        return call(method, baseUrl, path, headers, jsonBody, "application/json");
    }

    static Reply call(String method, String baseUrl, String path, Map<String, String> headers, String body, String contentType) {
        // redirects are answers too (the edge's HTTP -> HTTPS 308): never followed
        RequestSpecification spec = RestAssured.given().config(CONFIG).baseUri(baseUrl).urlEncodingEnabled(false).redirects().follow(false);
        headers.forEach(spec::header);
        if (body != null) {
            spec.contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8));
        }
        Response response;
        try {
            response = spec.request(Method.valueOf(method), path);
        } catch (Exception e) { // rest-assured rethrows checked I/O exceptions (ConnectException) undeclared
            return new Reply(method, baseUrl + path, headers, body, Reply.NO_ANSWER, "", Map.of(), "no answer: " + e);
        }
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            responseHeaders.putIfAbsent(header.getName(), header.getValue());
        }
        return new Reply(method, baseUrl + path, headers, body, response.statusCode(), response.contentType(),
                responseHeaders, response.asString());
    }
}
