package io.edgeworks.api.environment;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * A service binding without {@code environment} follows: the environment view shows where each binding of the
 * deployed versions lands now, which changes as environments of the target come and go (no new version of the
 * caller); only explicit bindings block deleting or renaming their target.
 */
@QuarkusTest
class FollowingBindingsTest {
    private static final Map<String, Object> FOLLOWS = Map.of("type", "service", "name", "AUTH", "service", "auth");

    @Test
    void theViewShowsWhereEachBindingLandsNowAndFollowsEnvironmentsAsTheyComeAndGo() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "auth");
        Api.service(owner, slug, "gateway");
        Api.deployCode(owner, slug, "auth", "production", Api.HELLO);
        Api.postVersion(owner, slug, "gateway", "production", Map.of("modules", Map.of("worker.js", Api.HELLO),
                "bindings", List.of(FOLLOWS))).then().statusCode(201);
        as(owner).body(Map.of("name", "staging", "clone_from", "production")).post(Api.envs(slug, "gateway")).then().statusCode(201);
        String gatewayStaging = Api.env(slug, "gateway", "staging");

        // no auth/staging yet: the clone's binding lands on auth's production
        as(owner).get(gatewayStaging).then().statusCode(200)
                .body("version_overrides", equalTo(true))
                .body("bindings[0].in_version", equalTo(1))
                .body("bindings[0].name", equalTo("AUTH"))
                .body("bindings[0].follows", equalTo(true))
                .body("bindings[0].environment", equalTo("production"))
                .body("bindings[0].versions[0].number", equalTo(1));

        // created empty it does not count yet; deployed, it does
        as(owner).body(Map.of("name", "staging")).post(Api.envs(slug, "auth")).then().statusCode(201);
        as(owner).get(gatewayStaging).then().body("bindings[0].environment", equalTo("production"));
        Api.deployCode(owner, slug, "auth", "staging", Api.HELLO.replace("hello", "staging"));
        Api.deployCode(owner, slug, "auth", "staging", Api.HELLO.replace("hello", "staging 2"));
        as(owner).get(gatewayStaging).then()
                .body("bindings[0].environment", equalTo("staging"))
                .body("bindings[0].versions[0].number", equalTo(2))
                .body("latest_version", equalTo(1));
        as(owner).get(Api.env(slug, "gateway", "production")).then().body("bindings[0].environment", equalTo("production"));

        // a following binding does not block: the environment goes and the binding lands on production again
        as(owner).delete(Api.env(slug, "auth", "staging")).then().statusCode(204);
        as(owner).get(gatewayStaging).then().body("bindings[0].environment", equalTo("production"));
    }

    @Test
    void explicitBindingsStillBlockWhileFollowingOnesReResolveOnRename() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "auth");
        Api.service(owner, slug, "gateway");
        Api.deployCode(owner, slug, "auth", "production", Api.HELLO);
        as(owner).body(Map.of("name", "qa", "clone_from", "production")).post(Api.envs(slug, "auth")).then().statusCode(201);
        Api.postVersion(owner, slug, "gateway", "production", Map.of("modules", Map.of("worker.js", Api.HELLO),
                "bindings", List.of(Map.of("type", "service", "name", "QA", "service", "auth", "environment", "qa")))).then().statusCode(201);
        as(owner).body(Map.of("name", "qa2")).patch(Api.env(slug, "auth", "qa")).then().statusCode(409)
                .body("detail", containsString("gateway/production v1 (binding QA)"));

        as(owner).body(Map.of("name", "qa", "clone_from", "production")).post(Api.envs(slug, "gateway")).then().statusCode(201);
        Api.postVersion(owner, slug, "gateway", "qa", Map.of("bindings", List.of(FOLLOWS))).then().statusCode(201);
        as(owner).get(Api.env(slug, "gateway", "qa")).then().body("bindings[0].environment", equalTo("qa"));
        // the explicit binding of gateway/production goes; gateway/qa's following one does not block the rename
        Api.postVersion(owner, slug, "gateway", "production", Map.of("bindings", List.of())).then().statusCode(201);
        as(owner).body(Map.of("name", "qa2")).patch(Api.env(slug, "auth", "qa")).then().statusCode(200);
        as(owner).get(Api.env(slug, "gateway", "qa")).then().body("bindings[0].environment", equalTo("production"));
    }

    @Test
    void versionOverridesCanBeTurnedOffPerEnvironment() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        String production = Api.env(slug, "hello", "production");
        as(owner).body(Map.of("version_overrides", false)).patch(production).then().statusCode(200)
                .body("name", equalTo("production"))
                .body("version_overrides", equalTo(false));
        as(owner).get(production).then().body("version_overrides", equalTo(false));
        as(owner).body(Map.of()).patch(production).then().statusCode(400);
        as(owner).get("/api/accounts/" + slug + "/audit").then().statusCode(200)
                .body("action", hasItem("environment.update"))
                .body("find { it.action == 'environment.update' }.summary.after.version_overrides", equalTo(false));
        String viewer = Api.user();
        Api.member(owner, slug, viewer, "viewer");
        as(viewer).body(Map.of("version_overrides", true)).patch(production).then().statusCode(403);
    }
}
