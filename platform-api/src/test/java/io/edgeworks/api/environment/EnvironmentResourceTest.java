package io.edgeworks.api.environment;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class EnvironmentResourceTest {

    @Test
    void createGetListRenameDelete() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        String envs = Api.envs(slug, "hello");
        as(owner).body(Map.of("name", "staging")).post(envs).then().statusCode(201)
                .body("name", equalTo("staging"))
                .body("hostname", equalTo("staging-hello." + slug + ".localhost"))
                .body("latest_version", nullValue())
                .body("deployment", nullValue());
        as(owner).body(Map.of("name", "staging")).post(envs).then().statusCode(409);
        as(owner).body(Map.of("name", "-bad")).post(envs).then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(owner).get(envs).then().statusCode(200).body("name", equalTo(List.of("production", "staging")));
        as(owner).get(envs + "/nope").then().statusCode(404);
        as(owner).get(Api.envs(slug, "nope")).then().statusCode(404);

        Api.deployCode(owner, slug, "hello", "staging", Api.HELLO);
        as(owner).get(envs + "/staging").then().statusCode(200)
                .body("latest_version", equalTo(1))
                .body("deployment.versions[0].number", equalTo(1))
                .body("deployment.versions[0].percentage", equalTo(100));

        as(owner).body(Map.of("name", "preview")).patch(envs + "/staging").then().statusCode(200)
                .body("name", equalTo("preview"))
                .body("hostname", equalTo("preview-hello." + slug + ".localhost"))
                .body("latest_version", equalTo(1));
        as(owner).get(envs + "/staging").then().statusCode(404);
        as(owner).delete(envs + "/preview").then().statusCode(204);
        as(owner).get(envs + "/preview").then().statusCode(404);
    }

    @Test
    void productionCannotBeRenamedOrDeleted() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        String envs = Api.envs(slug, "hello");
        as(owner).body(Map.of("name", "prod")).patch(envs + "/production").then().statusCode(409)
                .body("detail", containsString("production"));
        as(owner).delete(envs + "/production").then().statusCode(409).body("detail", containsString("production"));
        as(owner).body(Map.of("name", "x")).post(envs).then().statusCode(201);
        as(owner).body(Map.of("name", "production")).patch(envs + "/x").then().statusCode(409);
    }

    @Test
    void hostnameCollisionIs409NamingTheHostname() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        Api.service(owner, slug, "b-hello");
        as(owner).body(Map.of("name", "b")).post(Api.envs(slug, "hello")).then().statusCode(409)
                .body("detail", containsString("b-hello." + slug + ".localhost"))
                .body("detail", containsString("b-hello/production"));
    }

    @Test
    void tooLongHostnameLabelIs400() {
        String owner = Api.user();
        String slug = Api.account(owner);
        String service = "s".repeat(40);
        Api.service(owner, slug, service);
        as(owner).body(Map.of("name", "e".repeat(30))).post(Api.envs(slug, service)).then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
    }

    @Test
    void cloneCopiesLatestCodeVarsSecretsAndBindingsAsVersionOneAndDeploysIt() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "auth");
        Api.service(owner, slug, "hello");
        Api.deployCode(owner, slug, "auth", "production", Api.HELLO);
        Api.postVersion(owner, slug, "hello", "production", Map.of("modules", Map.of("worker.js", Api.HELLO),
                "vars", Map.of("GREETING", "hi"),
                "bindings", List.of(Map.of("type", "service", "name", "AUTH", "service", "auth")))).then().statusCode(201);
        as(owner).body(Map.of("value", "pssst")).put(Api.env(slug, "hello", "production") + "/secrets/TOKEN").then().statusCode(201);

        as(owner).body(Map.of("name", "staging", "clone_from", "production")).post(Api.envs(slug, "hello")).then().statusCode(201)
                .body("latest_version", equalTo(1))
                .body("deployment.versions[0].number", equalTo(1));
        as(owner).get(Api.env(slug, "hello", "staging") + "/versions/1").then().statusCode(200)
                .body("modules.'worker.js'", equalTo(Api.HELLO))
                .body("vars.GREETING", equalTo("hi"))
                .body("secrets", equalTo(List.of("TOKEN")))
                .body("bindings[0].name", equalTo("AUTH"))
                .body("annotations.message", containsString("cloned from production v2"));

        as(owner).body(Map.of("name", "x", "clone_from", "nope")).post(Api.envs(slug, "hello")).then().statusCode(400)
                .body("errors[0].field", equalTo("clone_from"));
        as(owner).body(Map.of("name", "empty")).post(Api.envs(slug, "hello")).then().statusCode(201);
        as(owner).body(Map.of("name", "y", "clone_from", "empty")).post(Api.envs(slug, "hello")).then().statusCode(400)
                .body("errors[0].field", equalTo("clone_from"));
    }

    @Test
    void boundEnvironmentCannotBeDeletedOrRenamed() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "auth");
        Api.service(owner, slug, "gateway");
        as(owner).body(Map.of("name", "staging")).post(Api.envs(slug, "auth")).then().statusCode(201);
        Api.deployCode(owner, slug, "auth", "staging", Api.HELLO);
        Api.postVersion(owner, slug, "gateway", "production", Map.of("modules", Map.of("worker.js", Api.HELLO),
                "bindings", List.of(Map.of("type", "service", "name", "AUTH", "service", "auth", "environment", "staging"))))
                .then().statusCode(201);
        as(owner).delete(Api.env(slug, "auth", "staging")).then().statusCode(409).body("detail", containsString("gateway/production"));
        as(owner).body(Map.of("name", "qa")).patch(Api.env(slug, "auth", "staging")).then().statusCode(409);
        // once gateway no longer binds it, both are allowed
        Api.postVersion(owner, slug, "gateway", "production", Map.of("bindings", List.of())).then().statusCode(201);
        as(owner).body(Map.of("name", "qa")).patch(Api.env(slug, "auth", "staging")).then().statusCode(200);
        as(owner).delete(Api.env(slug, "auth", "qa")).then().statusCode(204);
    }
}
