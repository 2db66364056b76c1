package io.edgeworks.api.token;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.edgeworks.api.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ApiTokenResourceTest {
    @Inject
    Pool pool;

    private record Created(String id, String token) {
    }

    private static String tokens(String slug) {
        return "/api/accounts/" + slug + "/tokens";
    }

    private static Created create(String user, String slug, String name, List<String> scopes) {
        var response = as(user).body(Map.of("name", name, "scopes", scopes)).post(tokens(slug)).then().statusCode(201)
                .header("Location", containsString(tokens(slug) + "/"))
                .extract();
        return new Created(response.path("id"), response.path("token"));
    }

    private static RequestSpecification with(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    @Test
    void createShowsTheSecretOnceListAndGetNeverAndRevokeStopsIt() {
        String alice = Api.user();
        String acme = Api.account(alice);
        var created = as(alice).body(Map.of("name", "ci-deploy", "scopes", List.of("deploy", "read"), "ttl", "90d")).post(tokens(acme))
                .then().statusCode(201)
                .body("token", matchesPattern("ewt_[0-9A-Za-z]{16}_[0-9A-Za-z]{43}"))
                .body("name", equalTo("ci-deploy"))
                .body("scopes", equalTo(List.of("deploy", "read")))
                .body("created_by", equalTo(alice))
                .body("status", equalTo("active"))
                .extract();
        String id = created.path("id");
        String token = created.path("token");
        Instant expires = Instant.parse(created.path("expires_at"));
        assertTrue(Duration.between(Instant.now(), expires).toDays() >= 89);

        String list = as(alice).get(tokens(acme)).then().statusCode(200)
                .body("id", equalTo(List.of(id)))
                .body("[0].last_used_at", nullValue())
                .body("[0]", not(org.hamcrest.Matchers.hasKey("token")))
                .extract().asString();
        assertFalse(list.contains(token.substring(21)), "the secret is never listed");
        String one = as(alice).get(tokens(acme) + "/" + id).then().statusCode(200).body("name", equalTo("ci-deploy")).extract().asString();
        assertFalse(one.contains(token.substring(21)));

        // the token works on the API, as its creator, within its account only
        with(token).get("/api/accounts/" + acme + "/services").then().statusCode(200);
        Api.service(alice, acme, "hello");
        with(token).body(Map.of("modules", Map.of("worker.js", Api.HELLO))).post(Api.env(acme, "hello", "production") + "/versions")
                .then().statusCode(201).body("author", equalTo(alice));
        String other = Api.account(alice);
        with(token).get("/api/me").then().statusCode(200).body("username", equalTo(alice))
                .body("accounts.slug", equalTo(List.of(acme)));
        with(token).get("/api/accounts").then().statusCode(200).body("slug", equalTo(List.of(acme)));
        as(alice).get("/api/accounts").then().body("slug", hasItem(other));

        // last_used_at is recorded (asynchronously, at most once per interval)
        long deadline = System.currentTimeMillis() + 10_000;
        String lastUsed = null;
        while (lastUsed == null && System.currentTimeMillis() < deadline) {
            lastUsed = as(alice).get(tokens(acme) + "/" + id).then().extract().path("last_used_at");
        }
        assertNotNull(lastUsed, "last_used_at recorded");

        as(alice).delete(tokens(acme) + "/" + id).then().statusCode(204);
        as(alice).delete(tokens(acme) + "/" + id).then().statusCode(204);
        with(token).get("/api/accounts/" + acme + "/services").then().statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("API token 'ci-deploy' (id " + id + ") was revoked"));
        as(alice).get(tokens(acme)).then().statusCode(200).body("id", equalTo(List.of()));
        as(alice).get(tokens(acme) + "/" + id).then().statusCode(200).body("status", equalTo("revoked")).body("revoked_by", equalTo(alice));
    }

    @Test
    void badRequestsAreRefusedWithTheField() {
        String alice = Api.user();
        String acme = Api.account(alice);
        as(alice).body(Map.of("scopes", List.of("read"))).post(tokens(acme)).then().statusCode(400).body("errors.field", hasItem("name"));
        as(alice).body(Map.of("name", "x", "scopes", List.of("write"))).post(tokens(acme)).then().statusCode(400)
                .body("errors.field", hasItem("scopes")).body("errors.message", hasItem(containsString("'write' is not a scope")));
        as(alice).body(Map.of("name", "x", "scopes", List.of("read"), "ttl", "soon")).post(tokens(acme)).then().statusCode(400)
                .body("errors.field", hasItem("ttl"));
        as(alice).body(Map.of("name", "x", "scopes", List.of("read"), "ttl", "1d", "expires_at", "2099-01-01T00:00:00Z")).post(tokens(acme))
                .then().statusCode(400).body("errors.field", hasItem("ttl"));
        as(alice).body(Map.of("name", "x", "scopes", List.of("read"), "expires_at", "2020-01-01T00:00:00Z")).post(tokens(acme))
                .then().statusCode(400).body("errors.field", hasItem("expires_at"));
        as(alice).get(tokens(acme) + "/" + UUID.randomUUID()).then().statusCode(404);
        as(alice).get(tokens(acme) + "/not-a-uuid").then().statusCode(404);
    }

    @Test
    void expiredMalformedAndUnknownTokensGet401WithTheReason() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Created t = create(alice, acme, "short", List.of("read"));
        with(t.token()).get("/api/accounts/" + acme).then().statusCode(200);
        pool.preparedQuery("update api_tokens set expires_at = now() - interval '1 second' where id = $1")
                .execute(Tuple.of(UUID.fromString(t.id()))).await().atMost(Duration.ofSeconds(10));
        with(t.token()).get("/api/accounts/" + acme).then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("API token 'short' (id " + t.id() + ") expired at"));
        as(alice).get(tokens(acme) + "/" + t.id()).then().body("status", equalTo("expired"));

        with("ewt_tooshort").get("/api/accounts/" + acme).then().statusCode(401).body("detail", containsString("not a well-formed API token"));
        String unknown = ApiTokenSecret.generate().token();
        with(unknown).get("/api/accounts/" + acme).then().statusCode(401).body("detail", containsString("unknown API token"));
        // right lookup id, wrong secret: the same answer as unknown
        String forged = t.token().substring(0, 21) + unknown.substring(21);
        with(forged).get("/api/accounts/" + acme).then().statusCode(401).body("detail", containsString("unknown API token"));
        // a JWT still goes to OIDC, a broken one still gets the usual 401
        as(alice).get("/api/accounts/" + acme).then().statusCode(200);
        with("not-a-jwt").get("/api/accounts/" + acme).then().statusCode(401).body("detail", containsString("a valid bearer token is required"));
    }

    @Test
    void scopesLimitWhatATokenMayDo() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "hello");
        String prod = Api.env(acme, "hello", "production");
        String read = create(alice, acme, "reader", List.of("read")).token();
        String deploy = create(alice, acme, "deployer", List.of("deploy")).token();
        String tail = create(alice, acme, "tailer", List.of("tail")).token();
        String admin = create(alice, acme, "admin", List.of("admin")).token();

        with(read).get(prod).then().statusCode(200);
        with(read).body(Map.of("modules", Map.of("worker.js", Api.HELLO))).post(prod + "/versions").then().statusCode(403)
                .body("detail", containsString("API token 'reader'")).body("detail", containsString("needs scope 'deploy'"));
        with(tail).get(prod).then().statusCode(403).body("detail", containsString("needs scope 'read'"));

        with(deploy).body(Map.of("modules", Map.of("worker.js", Api.HELLO))).post(prod + "/versions").then().statusCode(201);
        with(deploy).body(Map.of("value", "s3cret")).put(prod + "/secrets/KEY").then().statusCode(201);
        with(deploy).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 100)))).post(prod + "/deployments").then().statusCode(201);
        with(deploy).body(Map.of("name", "other")).post("/api/accounts/" + acme + "/services").then().statusCode(201);
        with(deploy).body(Map.of("role", "viewer")).put("/api/accounts/" + acme + "/members/" + Api.user()).then().statusCode(403)
                .body("detail", containsString("needs scope 'admin'"));
        with(deploy).delete("/api/accounts/" + acme).then().statusCode(403);

        with(admin).body(Map.of("role", "viewer")).put("/api/accounts/" + acme + "/members/" + Api.user()).then().statusCode(201);
        // no token manages tokens or creates accounts, not even an admin one
        with(admin).body(Map.of("name", "x", "scopes", List.of("admin"))).post(tokens(acme)).then().statusCode(403)
                .body("detail", containsString("cannot create API tokens; use your own login"));
        with(admin).body(Map.of("slug", Api.unique("acct"))).post("/api/accounts").then().statusCode(403);
        with(read).get(tokens(acme)).then().statusCode(200);
    }

    @Test
    void environmentGlobsRestrictDeploysToMatchingEnvironments() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "hello");
        Api.deployCode(alice, acme, "hello", "production", Api.HELLO);
        String preview = create(alice, acme, "previews", List.of("deploy:preview-*")).token();
        String envs = Api.envs(acme, "hello");

        with(preview).body(Map.of("name", "preview-1", "clone_from", "production")).post(envs).then().statusCode(201);
        with(preview).body(Map.of("modules", Map.of("worker.js", Api.HELLO.replace("hello", "preview"))))
                .post(Api.env(acme, "hello", "preview-1") + "/versions").then().statusCode(201);
        with(preview).body(Map.of("value", "v")).put(Api.env(acme, "hello", "preview-1") + "/secrets/KEY").then().statusCode(201);
        with(preview).get(Api.env(acme, "hello", "production") + "/versions").then().statusCode(200);

        with(preview).body(Map.of("modules", Map.of("worker.js", Api.HELLO))).post(Api.env(acme, "hello", "production") + "/versions")
                .then().statusCode(403)
                .body("detail", containsString("API token 'previews'"))
                .body("detail", containsString("'deploy:preview-*'"))
                .body("detail", containsString("environment 'production' does not match"));
        with(preview).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 100))))
                .post(Api.env(acme, "hello", "production") + "/deployments").then().statusCode(403);
        with(preview).body(Map.of("to", "production")).post(Api.env(acme, "hello", "preview-1") + "/promote").then().statusCode(403);
        with(preview).body(Map.of("name", "staging")).post(envs).then().statusCode(403);
        with(preview).body(Map.of("name", "staging")).patch(Api.env(acme, "hello", "preview-1")).then().statusCode(403);
        with(preview).body(Map.of("name", "other")).post("/api/accounts/" + acme + "/services").then().statusCode(403)
                .body("detail", containsString("changes no single environment"));
        with(preview).delete(Api.env(acme, "hello", "preview-1")).then().statusCode(204);
    }

    @Test
    void aTokenNeverHasMoreThanItsCreatorNowHas() {
        String owner = Api.user();
        String bob = Api.user();
        String acme = Api.account(owner);
        Api.service(owner, acme, "hello");
        Api.deployCode(owner, acme, "hello", "production", Api.HELLO);
        Api.member(owner, acme, bob, "developer");
        String prod = Api.env(acme, "hello", "production");
        Created t = create(bob, acme, "bob-ci", List.of("admin"));
        with(t.token()).body(Map.of("vars", Map.of("X", "1"))).post(prod + "/versions").then().statusCode(201);
        // admin scope, developer creator: still no member management
        with(t.token()).body(Map.of("role", "viewer")).put("/api/accounts/" + acme + "/members/" + Api.user()).then().statusCode(403)
                .body("detail", containsString("acts for '" + bob + "', who is 'developer'"));

        as(owner).body(Map.of("role", "viewer")).put("/api/accounts/" + acme + "/members/" + bob).then().statusCode(200);
        with(t.token()).body(Map.of("vars", Map.of("X", "2"))).post(prod + "/versions").then().statusCode(403)
                .body("detail", containsString("who is 'viewer'"));
        with(t.token()).get(prod).then().statusCode(200);

        as(owner).delete("/api/accounts/" + acme + "/members/" + bob).then().statusCode(204);
        with(t.token()).get(prod).then().statusCode(403).body("detail", containsString("no longer a member"));

        // viewers may not create tokens; the creator or an admin revokes
        String viewer = Api.user();
        Api.member(owner, acme, viewer, "viewer");
        as(viewer).body(Map.of("name", "x", "scopes", List.of("read"))).post(tokens(acme)).then().statusCode(403);
        as(viewer).delete(tokens(acme) + "/" + t.id()).then().statusCode(403).body("detail", containsString("only the token's creator"));
        as(owner).delete(tokens(acme) + "/" + t.id()).then().statusCode(204);
    }

    @Test
    void aTokenOnAnotherAccountGets404LikeANonMember() {
        String alice = Api.user();
        String acme = Api.account(alice);
        String other = Api.account(alice);
        Created t = create(alice, acme, "acme-only", List.of("admin"));
        with(t.token()).get("/api/accounts/" + other).then().statusCode(404)
                .body("detail", equalTo("account '" + other + "' not found"));
        with(t.token()).get("/api/accounts/" + other + "/services").then().statusCode(404);
        with(t.token()).get(tokens(other)).then().statusCode(404);
        String stranger = Api.user();
        as(stranger).get(tokens(acme)).then().statusCode(404);
        as(stranger).delete(tokens(acme) + "/" + t.id()).then().statusCode(404);
    }

    @Test
    void auditEntriesNameTheTokenTheyCameThrough() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "hello");
        Created t = create(alice, acme, "ci-deploy", List.of("deploy"));
        with(t.token()).body(Map.of("modules", Map.of("worker.js", Api.HELLO))).post(Api.env(acme, "hello", "production") + "/versions")
                .then().statusCode(201);
        as(alice).delete(tokens(acme) + "/" + t.id()).then().statusCode(204);

        as(alice).get("/api/accounts/" + acme + "/audit").then().statusCode(200)
                .body("action", equalTo(List.of("token.revoke", "version.create", "token.create", "service.create", "account.create")))
                .body("actor", everyItem(equalTo(alice)))
                .body("[1].token.id", equalTo(t.id()))
                .body("[1].token.name", equalTo("ci-deploy"))
                .body("[0].token", nullValue())
                .body("[0].target", equalTo("ci-deploy"))
                .body("[0].summary.before.id", equalTo(t.id()))
                .body("[2].summary.after.scopes", equalTo(List.of("deploy")))
                .body("[2].summary.after.id", notNullValue())
                .body("[2].token", nullValue());
    }
}
