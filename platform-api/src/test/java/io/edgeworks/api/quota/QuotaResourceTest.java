package io.edgeworks.api.quota;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Every count quota through the API: the request one past the limit gets 400 problem+json naming the quota. */
@QuarkusTest
@TestProfile(QuotaTestProfile.class)
class QuotaResourceTest {

    static ValidatableResponse quotaRefusal(ValidatableResponse response, int status, String name, int limit, int current) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("quota.name", equalTo(name))
                .body("quota.limit", equalTo(limit))
                .body("quota.current", equalTo(current))
                .body("quota.setting", equalTo(name.equals("kv-value-bytes") ? "platform.limits.kv-value-bytes" : "platform.quotas." + name))
                .body("detail", containsString(name.equals("kv-value-bytes") ? "platform.limits.kv-value-bytes" : "platform.quotas." + name));
    }

    @Test
    void accountsPerUserCountOwnedAccountsOnly() {
        String user = Api.user();
        String first = Api.account(user);
        Api.account(user);
        quotaRefusal(as(user).body(Map.of("slug", Api.unique("acct"))).post("/api/accounts").then(), 400, "accounts-per-user", 2, 2)
                .body("detail", containsString("delete an account you no longer need"));
        // being a member of someone else's account does not count
        String other = Api.user();
        String theirs = Api.account(other);
        Api.member(other, theirs, user, "admin");
        as(user).delete("/api/accounts/" + first).then().statusCode(204);
        as(user).body(Map.of("slug", Api.unique("acct"))).post("/api/accounts").then().statusCode(201);
    }

    @Test
    void reservedSlugsAreRefused() {
        for (String slug : List.of("www", "api", "admin", "edge", "status")) {
            as(Api.user()).body(Map.of("slug", slug)).post("/api/accounts").then().statusCode(400)
                    .body("errors[0].field", equalTo("slug"))
                    .body("detail", containsString("reserved"));
        }
    }

    @Test
    void aDeletedAccountsSlugIsHeldBackForOthersButNotForItsOwners() {
        String owner = Api.user();
        String member = Api.user();
        String slug = Api.account(owner);
        Api.member(owner, slug, member, "admin");
        as(owner).delete("/api/accounts/" + slug).then().statusCode(204);

        as(Api.user()).body(Map.of("slug", slug)).post("/api/accounts").then().statusCode(409)
                .body("detail", containsString("platform.quotas.slug-cooldown"));
        as(member).body(Map.of("slug", slug)).post("/api/accounts").then().statusCode(409);
        as(owner).body(Map.of("slug", slug)).post("/api/accounts").then().statusCode(201);
        // re-created: the tombstone is gone; a second deletion holds it back again
        as(owner).delete("/api/accounts/" + slug).then().statusCode(204);
        as(member).body(Map.of("slug", slug)).post("/api/accounts").then().statusCode(409);
    }

    @Test
    void servicesPerAccount() {
        String user = Api.user();
        String slug = Api.account(user);
        Api.service(user, slug, "one");
        Api.service(user, slug, "two");
        quotaRefusal(as(user).body(Map.of("name", "three")).post("/api/accounts/" + slug + "/services").then(),
                400, "services-per-account", 2, 2);
        as(user).delete("/api/accounts/" + slug + "/services/one").then().statusCode(204);
        Api.service(user, slug, "three");
    }

    @Test
    void environmentsPerServiceCountProductionAndClones() {
        String user = Api.user();
        String slug = Api.account(user);
        Api.service(user, slug, "web");
        Api.deployCode(user, slug, "web", "production", Api.HELLO);
        as(user).body(Map.of("name", "staging")).post(Api.envs(slug, "web")).then().statusCode(201);
        as(user).body(Map.of("name", "canary", "clone_from", "production")).post(Api.envs(slug, "web")).then().statusCode(201);
        quotaRefusal(as(user).body(Map.of("name", "pr-1")).post(Api.envs(slug, "web")).then(), 400, "environments-per-service", 3, 3);
        quotaRefusal(as(user).body(Map.of("name", "pr-2", "clone_from", "production")).post(Api.envs(slug, "web")).then(),
                400, "environments-per-service", 3, 3);
    }

    @Test
    void kvNamespacesKeysAndValueSize() {
        String user = Api.user();
        String slug = Api.account(user);
        String base = "/api/accounts/" + slug + "/kv/namespaces";
        as(user).body(Map.of("name", "a")).post(base).then().statusCode(201);
        as(user).body(Map.of("name", "b")).post(base).then().statusCode(201);
        quotaRefusal(as(user).body(Map.of("name", "c")).post(base).then(), 400, "kv-namespaces-per-account", 2, 2);

        for (String key : List.of("k1", "k2", "k3")) {
            as(user).contentType("text/plain").body("v").put(base + "/a/values/" + key).then().statusCode(204);
        }
        quotaRefusal(as(user).contentType("text/plain").body("v").put(base + "/a/values/k4").then(),
                400, "kv-keys-per-namespace", 3, 3);
        as(user).get(base + "/a/values/k4").then().statusCode(404);
        // an update of an existing key passes; a deleted key makes room
        as(user).contentType("text/plain").body("updated").put(base + "/a/values/k2").then().statusCode(204);
        as(user).delete(base + "/a/values/k1").then().statusCode(204);
        as(user).contentType("text/plain").body("v").put(base + "/a/values/k4").then().statusCode(204);

        quotaRefusal(as(user).contentType("text/plain").body("seventeen bytes!!").put(base + "/a/values/k2").then(),
                413, "kv-value-bytes", 16, 17);
    }

    @Test
    void domainsAndRoutesPerAccount() {
        String user = Api.user();
        String slug = Api.account(user);
        Api.service(user, slug, "web");
        String d1 = Api.unique("d") + ".test";
        as(user).body(Map.of("name", d1)).post("/api/accounts/" + slug + "/domains").then().statusCode(201);
        as(user).body(Map.of("name", Api.unique("d") + ".test")).post("/api/accounts/" + slug + "/domains").then().statusCode(201);
        quotaRefusal(as(user).body(Map.of("name", Api.unique("d") + ".test")).post("/api/accounts/" + slug + "/domains").then(),
                400, "domains-per-account", 2, 2);

        String routes = "/api/accounts/" + slug + "/routes";
        as(user).body(Map.of("pattern", d1 + "/a/*", "service", "web")).post(routes).then().statusCode(201);
        as(user).body(Map.of("pattern", d1 + "/b/*", "service", "web")).post(routes).then().statusCode(201);
        quotaRefusal(as(user).body(Map.of("pattern", d1 + "/c/*", "service", "web")).post(routes).then(), 400, "routes-per-account", 2, 2);
    }

    @Test
    void apiTokensPerAccountCountActiveTokensOnly() {
        String user = Api.user();
        String slug = Api.account(user);
        String tokens = "/api/accounts/" + slug + "/tokens";
        String first = as(user).body(Map.of("name", "one", "scopes", List.of("read"))).post(tokens).then().statusCode(201).extract().path("id");
        as(user).body(Map.of("name", "two", "scopes", List.of("read"))).post(tokens).then().statusCode(201);
        quotaRefusal(as(user).body(Map.of("name", "three", "scopes", List.of("read"))).post(tokens).then(), 400, "tokens-per-account", 2, 2);
        as(user).delete(tokens + "/" + first).then().statusCode(204);
        as(user).body(Map.of("name", "three", "scopes", List.of("read"))).post(tokens).then().statusCode(201);
    }
}
