package io.edgeworks.api;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;

/** Test helpers: signed tokens, unique names (tests never depend on leftover data) and common setups. */
public final class Api {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 46_656_000L, 36);

    public static final String HELLO = "export default { async fetch(request, env) { return new Response('hello'); } }\n";

    private Api() {
    }

    /** A name unique in this run and across runs: a valid DNS label. */
    public static String unique(String prefix) {
        return prefix + "-" + RUN + Long.toString(SEQUENCE.incrementAndGet(), 36);
    }

    public static String token(String username) {
        return Jwt.claims().preferredUserName(username).subject("sub-" + username).issuer("edgeworks-test")
                .claim("azp", "platform-cli").expiresIn(3600).sign();
    }

    /** A request as {@code username} with a JSON body type. */
    public static RequestSpecification as(String username) {
        return given().auth().oauth2(token(username)).contentType(ContentType.JSON);
    }

    /** Creates an account owned by {@code owner}; returns its slug. */
    public static String account(String owner) {
        String slug = unique("acct");
        as(owner).body(Map.of("slug", slug, "name", "Test " + slug)).post("/api/accounts").then().statusCode(201);
        return slug;
    }

    public static void member(String owner, String slug, String username, String role) {
        as(owner).body(Map.of("role", role)).put("/api/accounts/" + slug + "/members/" + username).then().statusCode(201);
    }

    public static void service(String user, String slug, String name) {
        as(user).body(Map.of("name", name)).post("/api/accounts/" + slug + "/services").then().statusCode(201);
    }

    public static String envs(String slug, String service) {
        return "/api/accounts/" + slug + "/services/" + service + "/environments";
    }

    public static String env(String slug, String service, String environment) {
        return "/api/accounts/" + slug + "/services/" + service + "/environments/" + environment;
    }

    public static Response postVersion(String user, String slug, String service, String environment, Map<String, ?> body) {
        return as(user).body(body).post(env(slug, service, environment) + "/versions");
    }

    /** Uploads a one-module version and expects 201. */
    public static int deployCode(String user, String slug, String service, String environment, String code) {
        return postVersion(user, slug, service, environment, Map.of("modules", Map.of("worker.js", code)))
                .then().statusCode(201).extract().path("number");
    }

    /** Claims {@code domain} for the account (pending); returns its verification token. */
    public static String claimDomain(String user, String slug, String domain) {
        return as(user).body(Map.of("name", domain)).post("/api/accounts/" + slug + "/domains")
                .then().statusCode(201).extract().path("verification.txt_value");
    }

    /** Claims {@code domain} and proves control with its TXT record at challtestsrv ({@link Dns}): the domain is active. */
    public static void verifiedDomain(String user, String slug, String domain) {
        proveDomain(user, slug, domain, claimDomain(user, slug, domain));
    }

    /** Publishes the claim's TXT record at challtestsrv, verifies (expects active), removes the record. */
    public static void proveDomain(String user, String slug, String domain, String token) {
        Dns.setVerification(domain, token);
        try {
            as(user).post("/api/accounts/" + slug + "/domains/" + domain + "/verify").then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("active"));
        } finally {
            Dns.clearVerification(domain);
        }
    }

    public static String user() {
        return unique("user");
    }
}
