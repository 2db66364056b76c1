package io.edgeworks.api.security;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Walks every account-scoped endpoint as a non-member (always 404: the account is not disclosed) and as a
 * viewer (reads 200, writes 403), and with the owner's API tokens that may only read (scope {@code read}, or
 * {@code deploy:<glob>} matching no environment): reads 200, writes 403. Adding an endpoint without adding it here
 * is a gap in this proof.
 */
@QuarkusTest
class TenancyWalkTest {
    private String owner;
    private String slug;
    private String domain;
    private String routeId;
    private String tokenId;

    private record Call(String method, String path, Object body, boolean write) {
    }

    @BeforeEach
    void setUp() {
        owner = Api.user();
        slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        Api.deployCode(owner, slug, "hello", "production", Api.HELLO);
        as(owner).body(Map.of("name", "staging", "clone_from", "production")).post(Api.envs(slug, "hello")).then().statusCode(201);
        as(owner).body(Map.of("value", "v")).put(Api.env(slug, "hello", "production") + "/secrets/OLD").then().statusCode(201);
        as(owner).body(Map.of("name", "cache")).post("/api/accounts/" + slug + "/kv/namespaces").then().statusCode(201);
        io.restassured.RestAssured.given().auth().oauth2(Api.token(owner)).body("v").contentType("text/plain")
                .put("/api/accounts/" + slug + "/kv/namespaces/cache/values/k").then().statusCode(204);
        domain = Api.unique("d") + ".test";
        as(owner).body(Map.of("name", domain)).post("/api/accounts/" + slug + "/domains").then().statusCode(201);
        routeId = as(owner).body(Map.of("pattern", domain + "/*", "service", "hello")).post("/api/accounts/" + slug + "/routes")
                .then().statusCode(201).extract().path("id");
        as(owner).body(Map.of("name", "pv", "services", List.of("hello"))).post("/api/accounts/" + slug + "/previews").then().statusCode(201);
        tokenId = as(owner).body(Map.of("name", "ci", "scopes", List.of("deploy"))).post("/api/accounts/" + slug + "/tokens")
                .then().statusCode(201).extract().path("id");
    }

    private List<Call> calls() {
        String a = "/api/accounts/" + slug;
        String svc = a + "/services/hello";
        String prod = svc + "/environments/production";
        String staging = svc + "/environments/staging";
        String kv = a + "/kv/namespaces";
        List<Call> calls = new ArrayList<>();
        for (String read : List.of(a, a + "/members", a + "/services", svc, svc + "/environments", prod, prod + "/versions",
                prod + "/versions/1", prod + "/deployments", a + "/domains", a + "/domains/" + domain, a + "/routes", kv, kv + "/cache", kv + "/cache/values",
                kv + "/cache/values/k", a + "/audit", a + "/previews", a + "/previews/pv", prod + "/triggers", prod + "/triggers/runs", prod + "/graph",
                a + "/tokens", a + "/tokens/" + tokenId)) {
            calls.add(new Call("GET", read, null, false));
        }
        calls.add(new Call("DELETE", a, null, true));
        calls.add(new Call("PUT", a + "/members/" + Api.user(), Map.of("role", "viewer"), true));
        calls.add(new Call("DELETE", a + "/members/" + owner, null, true));
        calls.add(new Call("POST", a + "/services", Map.of("name", "other"), true));
        calls.add(new Call("DELETE", svc, null, true));
        calls.add(new Call("POST", svc + "/environments", Map.of("name", "qa"), true));
        calls.add(new Call("PATCH", staging, Map.of("name", "preview"), true));
        calls.add(new Call("DELETE", staging, null, true));
        calls.add(new Call("PATCH", prod, Map.of("version_overrides", false), true));
        calls.add(new Call("POST", a + "/previews", Map.of("name", "pv2", "services", List.of("hello")), true));
        calls.add(new Call("DELETE", a + "/previews/pv", null, true));
        calls.add(new Call("POST", prod + "/versions", Map.of("vars", Map.of("X", "1")), true));
        calls.add(new Call("PATCH", prod + "/vars", Map.of("X", "1"), true));
        calls.add(new Call("PUT", prod + "/secrets/NEW", Map.of("value", "v"), true));
        calls.add(new Call("DELETE", prod + "/secrets/OLD", null, true));
        calls.add(new Call("PUT", prod + "/triggers", Map.of("crons", List.of("* * * * *")), true));
        // live tail; the SSE stream (GET …/tail) answers its refusal inside the stream: TailResourceTest checks it
        calls.add(new Call("POST", prod + "/tails", Map.of("filters", List.of()), true));
        calls.add(new Call("DELETE", prod + "/tails/" + "t".repeat(43), null, true));
        calls.add(new Call("POST", prod + "/deployments", Map.of("versions", List.of(Map.of("number", 1, "percentage", 100))), true));
        calls.add(new Call("POST", staging + "/promote", Map.of("to", "production"), true));
        calls.add(new Call("POST", a + "/domains", Map.of("name", Api.unique("n") + ".test"), true));
        calls.add(new Call("POST", a + "/domains/" + domain + "/verify", null, true));
        calls.add(new Call("DELETE", a + "/domains/" + domain, null, true));
        calls.add(new Call("POST", a + "/routes", Map.of("pattern", "x." + domain + "/*", "service", "hello"), true));
        calls.add(new Call("DELETE", a + "/routes/" + routeId, null, true));
        calls.add(new Call("POST", kv, Map.of("name", "other"), true));
        calls.add(new Call("DELETE", kv + "/cache", null, true));
        calls.add(new Call("PUT", kv + "/cache/values/k2", "bytes", true));
        calls.add(new Call("DELETE", kv + "/cache/values/k", null, true));
        calls.add(new Call("POST", a + "/tokens", Map.of("name", "more", "scopes", List.of("read")), true));
        calls.add(new Call("DELETE", a + "/tokens/" + tokenId, null, true));
        return calls;
    }

    private static int call(String user, Call c) {
        return callWith(Api.token(user), c);
    }

    private static int callWith(String bearer, Call c) {
        RequestSpecification spec = io.restassured.RestAssured.given().auth().oauth2(bearer).contentType("application/json");
        if (c.body() instanceof String raw) {
            spec = io.restassured.RestAssured.given().auth().oauth2(bearer).contentType("text/plain").body(raw);
        } else if (c.body() != null) {
            spec = spec.body(c.body());
        }
        return spec.request(c.method(), c.path()).statusCode();
    }

    @Test
    void nonMembersGet404EverywhereAndViewersReadButCannotWrite() {
        String outsider = Api.user();
        String viewer = Api.user();
        Api.member(owner, slug, viewer, "viewer");
        List<String> wrong = new ArrayList<>();
        for (Call c : calls()) {
            int asOutsider = call(outsider, c);
            if (asOutsider != 404) {
                wrong.add("outsider " + c.method() + " " + c.path() + " -> " + asOutsider);
            }
            int asViewer = call(viewer, c);
            int expected = c.write() ? 403 : 200;
            if (asViewer != expected) {
                wrong.add("viewer " + c.method() + " " + c.path() + " -> " + asViewer + ", expected " + expected);
            }
        }
        assertEquals(List.of(), wrong);
        // nothing changed: the account still has exactly what setUp created
        as(owner).get("/api/accounts/" + slug + "/services").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo(List.of("hello")));
    }

    @Test
    void readOnlyApiTokensOfTheOwnerReadEverywhereAndWriteNowhere() {
        String a = "/api/accounts/" + slug + "/tokens";
        List<String> wrong = new ArrayList<>();
        for (List<String> scopes : List.of(List.of("read"), List.of("deploy:nomatch-*"))) {
            String token = as(owner).body(Map.of("name", "walk", "scopes", scopes)).post(a).then().statusCode(201).extract().path("token");
            for (Call c : calls()) {
                int status = callWith(token, c);
                int expected = c.write() ? 403 : 200;
                if (status != expected) {
                    wrong.add(scopes + " " + c.method() + " " + c.path() + " -> " + status + ", expected " + expected);
                }
            }
        }
        assertEquals(List.of(), wrong);
        as(owner).get("/api/accounts/" + slug + "/services").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo(List.of("hello")));
    }

    @Test
    void developersDeployButCannotManageMembersDomainsRoutesOrKvNamespaces() {
        String dev = Api.user();
        Api.member(owner, slug, dev, "developer");
        String a = "/api/accounts/" + slug;
        as(dev).body(Map.of("vars", Map.of("X", "1"))).post(a + "/services/hello/environments/production/versions").then().statusCode(201);
        as(dev).body(Map.of("role", "viewer")).put(a + "/members/" + Api.user()).then().statusCode(403);
        as(dev).body(Map.of("name", Api.unique("n") + ".test")).post(a + "/domains").then().statusCode(403);
        as(dev).post(a + "/domains/" + domain + "/verify").then().statusCode(403);
        as(dev).body(Map.of("pattern", "y." + domain + "/*", "service", "hello")).post(a + "/routes").then().statusCode(403);
        as(dev).body(Map.of("name", "other")).post(a + "/kv/namespaces").then().statusCode(403);
    }
}
