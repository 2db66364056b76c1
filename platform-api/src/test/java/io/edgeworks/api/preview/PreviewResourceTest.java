package io.edgeworks.api.preview;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/** Full-stack previews: the binding closure cloned in one call, bindings following into the preview, deleted in one call. */
@QuarkusTest
class PreviewResourceTest {

    /** gateway -> auth (explicit production) -> users (follows); gateway -> legacy (explicit "old", stays outside); lone unbound. */
    private static String graph(String owner) {
        String slug = Api.account(owner);
        for (String s : List.of("users", "auth", "legacy", "gateway", "lone")) {
            Api.service(owner, slug, s);
        }
        Api.deployCode(owner, slug, "users", "production", Api.HELLO);
        Api.deployCode(owner, slug, "lone", "production", Api.HELLO);
        as(owner).body(Map.of("name", "old")).post(Api.envs(slug, "legacy")).then().statusCode(201);
        Api.deployCode(owner, slug, "legacy", "old", Api.HELLO);
        Api.postVersion(owner, slug, "auth", "production", Map.of("modules", Map.of("worker.js", Api.HELLO),
                "bindings", List.of(Map.of("type", "service", "name", "USERS", "service", "users", "version", 1)))).then().statusCode(201);
        Api.postVersion(owner, slug, "gateway", "production", Map.of("modules", Map.of("worker.js", Api.HELLO),
                "vars", Map.of("GREETING", "hi"),
                "bindings", List.of(Map.of("type", "service", "name", "AUTH", "service", "auth", "environment", "production"),
                        Map.of("type", "service", "name", "LEGACY", "service", "legacy", "environment", "old")))).then().statusCode(201);
        return slug;
    }

    @Test
    void createClonesTheClosureWithFollowingBindingsListAndDeleteRemoveIt() {
        String owner = Api.user();
        String slug = graph(owner);
        String previews = "/api/accounts/" + slug + "/previews";

        as(owner).body(Map.of("name", "pr-1", "from", "production", "services", List.of("gateway"))).post(previews).then().statusCode(201)
                .body("name", equalTo("pr-1"))
                .body("from", equalTo("production"))
                .body("services", equalTo(List.of("auth", "gateway", "users")))
                .body("environments.find { it.service == 'gateway' }.hostname", equalTo("pr-1-gateway." + slug + ".localhost"))
                .body("created_by", equalTo(owner));

        // each clone is version 1, deployed; the bindings that named production (or followed) follow, without pin
        String gateway = Api.env(slug, "gateway", "pr-1");
        as(owner).get(gateway + "/versions/1").then().statusCode(200)
                .body("vars.GREETING", equalTo("hi"))
                .body("bindings.find { it.name == 'AUTH' }", not(hasKey("environment")))
                .body("bindings.find { it.name == 'LEGACY' }.environment", equalTo("old"));
        as(owner).get(Api.env(slug, "auth", "pr-1") + "/versions/1").then()
                .body("bindings[0]", not(hasKey("environment")))
                .body("bindings[0]", not(hasKey("version")));
        as(owner).get(gateway).then().statusCode(200)
                .body("deployment.versions[0].number", equalTo(1))
                .body("bindings.find { it.name == 'AUTH' }.environment", equalTo("pr-1"))
                .body("bindings.find { it.name == 'LEGACY' }.environment", equalTo("old"));
        as(owner).get(Api.env(slug, "auth", "pr-1")).then().body("bindings[0].environment", equalTo("pr-1"));
        as(owner).get(Api.env(slug, "lone", "pr-1")).then().statusCode(404);
        as(owner).get(Api.env(slug, "legacy", "pr-1")).then().statusCode(404);

        as(owner).get(previews).then().statusCode(200).body("name", equalTo(List.of("pr-1")));
        as(owner).get(previews + "/pr-1").then().statusCode(200).body("environments.environment", equalTo(List.of("pr-1", "pr-1", "pr-1")));
        as(owner).get("/api/accounts/" + slug + "/audit").then()
                .body("action", hasItems("preview.create"))
                .body("find { it.action == 'preview.create' }.summary.after.hostnames.auth", equalTo("pr-1-auth." + slug + ".localhost"));

        as(owner).delete(previews + "/pr-1").then().statusCode(204);
        as(owner).get(gateway).then().statusCode(404);
        as(owner).get(Api.env(slug, "users", "pr-1")).then().statusCode(404);
        as(owner).get(previews + "/pr-1").then().statusCode(404);
        as(owner).get(previews).then().body("name", equalTo(List.of()));
        as(owner).get("/api/accounts/" + slug + "/audit").then().body("action", hasItems("preview.delete"));
    }

    @Test
    void anExistingEnvironmentOfTheClosureIs409AndNothingIsCreated() {
        String owner = Api.user();
        String slug = graph(owner);
        String previews = "/api/accounts/" + slug + "/previews";
        as(owner).body(Map.of("name", "pr-2")).post(Api.envs(slug, "users")).then().statusCode(201);

        as(owner).body(Map.of("name", "pr-2", "services", List.of("gateway"))).post(previews).then().statusCode(409)
                .body("detail", containsString("users/pr-2"));
        as(owner).get(Api.env(slug, "gateway", "pr-2")).then().statusCode(404);
        as(owner).get(previews).then().body("name", equalTo(List.of()));

        as(owner).body(Map.of("name", "pr-3", "services", List.of("lone"))).post(previews).then().statusCode(201);
        as(owner).body(Map.of("name", "pr-3", "services", List.of("lone"))).post(previews).then().statusCode(409);
    }

    @Test
    void badRequestsAndRoles() {
        String owner = Api.user();
        String slug = graph(owner);
        String previews = "/api/accounts/" + slug + "/previews";
        as(owner).body(Map.of("name", "pr", "services", List.of())).post(previews).then().statusCode(400)
                .body("errors[0].field", equalTo("services"));
        as(owner).body(Map.of("name", "production", "services", List.of("lone"))).post(previews).then().statusCode(400);
        as(owner).body(Map.of("name", "pr", "services", List.of("nope"))).post(previews).then().statusCode(400)
                .body("detail", containsString("nope"));
        as(owner).body(Map.of("name", "pr", "from", "staging", "services", List.of("lone"))).post(previews).then().statusCode(400);
        String developer = Api.user();
        Api.member(owner, slug, developer, "developer");
        as(developer).body(Map.of("name", "dev", "services", List.of("lone"))).post(previews).then().statusCode(201);
        as(developer).delete(previews + "/dev").then().statusCode(204);
        as(developer).delete(previews + "/dev").then().statusCode(404);
    }
}
