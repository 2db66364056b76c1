package io.edgeworks.api.deployment;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class DeploymentResourceTest {

    @Test
    void splitRollbackAndHistoryNewestFirst() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        String path = Api.env(slug, "hello", "production");
        Api.deployCode(owner, slug, "hello", "production", Api.HELLO);
        Api.deployCode(owner, slug, "hello", "production", Api.HELLO.replace("hello", "hello v2"));

        as(owner).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 90), Map.of("number", 2, "percentage", 10)),
                        "message", "canary"))
                .post(path + "/deployments").then().statusCode(201)
                .body("versions[0].number", equalTo(1)).body("versions[1].percentage", equalTo(10))
                .body("message", equalTo("canary")).body("author", equalTo(owner));
        as(owner).get(path).then().body("deployment.versions.number", equalTo(List.of(1, 2)))
                .body("deployment.versions.percentage", equalTo(List.of(90, 10)));

        // a side at 0: deployed, reached only through the version-overrides header
        as(owner).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 100), Map.of("number", 2, "percentage", 0))))
                .post(path + "/deployments").then().statusCode(201).body("versions[1].percentage", equalTo(0));

        as(owner).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 100)), "message", "roll back"))
                .post(path + "/deployments").then().statusCode(201);
        as(owner).get(path).then().body("deployment.versions", hasSize(1)).body("deployment.versions[0].number", equalTo(1));

        List<Integer> sequences = as(owner).get(path + "/deployments").then().statusCode(200)
                .body("message", equalTo(java.util.Arrays.asList("roll back", null, "canary", null, null)))
                .extract().path("sequence");
        as(owner).get(path + "/deployments?limit=2&before=" + sequences.get(1)).then().statusCode(200)
                .body("versions.number", equalTo(List.of(List.of(1, 2), List.of(2))));
    }

    @Test
    void invalidDeploymentsAre400NamingTheField() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        String path = Api.env(slug, "hello", "production") + "/deployments";
        Api.deployCode(owner, slug, "hello", "production", Api.HELLO);
        as(owner).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 90)))).post(path)
                .then().statusCode(400).body("detail", containsString("100"));
        as(owner).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 0)))).post(path)
                .then().statusCode(400).body("detail", containsString("100"));
        as(owner).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", -1), Map.of("number", 1, "percentage", 101)))).post(path)
                .then().statusCode(400).body("errors.field", hasItem("versions[0].percentage"));
        as(owner).body(Map.of("versions", List.of(Map.of("number", 7, "percentage", 100)))).post(path)
                .then().statusCode(400).body("errors[0].field", equalTo("versions[0].number")).body("detail", containsString("7"));
        as(owner).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 50), Map.of("number", 1, "percentage", 50)))).post(path)
                .then().statusCode(400).body("errors[0].field", equalTo("versions[1].number"));
        as(owner).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 40), Map.of("number", 1, "percentage", 30),
                Map.of("number", 1, "percentage", 30)))).post(path).then().statusCode(400);
        as(owner).body(Map.of("versions", List.of())).post(path).then().statusCode(400).body("errors[0].field", equalTo("versions"));
        as(owner).body(Map.of("versions", List.of(Map.of("number", 1)))).post(path)
                .then().statusCode(400).body("errors[0].field", equalTo("versions[0].percentage"));
    }

    @Test
    void promoteGivesTheTargetANewVersionWithThisEnvironmentsContent() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        Api.deployCode(owner, slug, "hello", "production", Api.HELLO);
        as(owner).body(Map.of("name", "staging", "clone_from", "production")).post(Api.envs(slug, "hello")).then().statusCode(201);
        String staging = Api.env(slug, "hello", "staging");
        as(owner).body(Map.of("modules", Map.of("worker.js", Api.HELLO.replace("hello", "new")), "vars", Map.of("MODE", "staged")))
                .post(staging + "/versions").then().statusCode(201).body("number", equalTo(2));
        as(owner).body(Map.of("value", "s")).put(staging + "/secrets/KEY").then().statusCode(201);

        as(owner).body(Map.of("to", "production", "message", "release")).post(staging + "/promote").then().statusCode(201)
                .body("number", equalTo(2))
                .body("hostname", equalTo("hello." + slug + ".localhost"))
                .body("annotations.message", equalTo("release"));
        String production = Api.env(slug, "hello", "production");
        as(owner).get(production + "/versions/2").then()
                .body("modules.'worker.js'", containsString("new"))
                .body("vars.MODE", equalTo("staged"))
                .body("secrets", equalTo(List.of("KEY")));
        as(owner).get(production).then().body("deployment.versions[0].number", equalTo(2));

        as(owner).body(Map.of("to", "nowhere")).post(staging + "/promote").then().statusCode(400).body("errors[0].field", equalTo("to"));
        as(owner).body(Map.of("to", "staging")).post(staging + "/promote").then().statusCode(400);
        as(owner).body(Map.of("name", "empty")).post(Api.envs(slug, "hello")).then().statusCode(201);
        as(owner).body(Map.of("to", "production")).post(Api.env(slug, "hello", "empty") + "/promote").then().statusCode(409);
    }

    @Test
    void versionsWhoseBindingTargetsAreGoneCannotBeDeployedAgain() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        Api.service(owner, slug, "auth");
        as(owner).body(Map.of("name", "cache")).post("/api/accounts/" + slug + "/kv/namespaces").then().statusCode(201);
        Api.deployCode(owner, slug, "auth", "production", Api.HELLO);
        Api.postVersion(owner, slug, "hello", "production", Map.of("modules", Map.of("worker.js", Api.HELLO),
                "bindings", List.of(Map.of("type", "service", "name", "AUTH", "service", "auth"),
                        Map.of("type", "kv", "name", "CACHE", "namespace", "cache")))).then().statusCode(201);
        Api.postVersion(owner, slug, "hello", "production", Map.of("bindings", List.of())).then().statusCode(201);
        as(owner).delete("/api/accounts/" + slug + "/kv/namespaces/cache").then().statusCode(204);
        as(owner).body(Map.of("name", "cache")).post("/api/accounts/" + slug + "/kv/namespaces").then().statusCode(201);
        as(owner).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 100))))
                .post(Api.env(slug, "hello", "production") + "/deployments").then().statusCode(409)
                .body("detail", containsString("CACHE"));
        as(owner).delete("/api/accounts/" + slug + "/services/auth").then().statusCode(204);
        as(owner).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 100))))
                .post(Api.env(slug, "hello", "production") + "/deployments").then().statusCode(409)
                .body("detail", containsString("AUTH -> no service 'auth'"));
        as(owner).body(Map.of("versions", List.of(Map.of("number", 2, "percentage", 100))))
                .post(Api.env(slug, "hello", "production") + "/deployments").then().statusCode(201);
    }
}
