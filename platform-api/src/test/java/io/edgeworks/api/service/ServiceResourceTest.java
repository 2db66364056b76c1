package io.edgeworks.api.service;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ServiceResourceTest {

    @Test
    void createListGetDelete() {
        String owner = Api.user();
        String slug = Api.account(owner);
        String base = "/api/accounts/" + slug + "/services";
        as(owner).body(Map.of("name", "hello")).post(base).then().statusCode(201)
                .body("name", equalTo("hello"))
                .body("environments", hasSize(1))
                .body("environments[0].name", equalTo("production"))
                .body("environments[0].hostname", equalTo("hello." + slug + ".localhost"))
                .body("environments[0].latest_version", nullValue());
        as(owner).body(Map.of("name", "hello")).post(base).then().statusCode(409).body("detail", containsString("hello"));
        as(owner).body(Map.of("name", "Hello!")).post(base).then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(owner).body(Map.of()).post(base).then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(owner).get(base).then().statusCode(200).body("name", equalTo(List.of("hello")));
        as(owner).get(base + "/hello").then().statusCode(200).body("environments[0].name", equalTo("production"));
        as(owner).get(base + "/nope").then().statusCode(404);
        as(owner).delete(base + "/hello").then().statusCode(204);
        as(owner).get(base + "/hello").then().statusCode(404);
    }

    @Test
    void developersCreateAdminsDelete() {
        String owner = Api.user();
        String slug = Api.account(owner);
        String dev = Api.user();
        Api.member(owner, slug, dev, "developer");
        String base = "/api/accounts/" + slug + "/services";
        as(dev).body(Map.of("name", "api")).post(base).then().statusCode(201);
        as(dev).delete(base + "/api").then().statusCode(403);
        as(owner).delete(base + "/api").then().statusCode(204);
    }

    @Test
    void productionHostnameCollisionIs409NamingIt() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        as(owner).body(Map.of("name", "staging")).post(Api.envs(slug, "hello")).then().statusCode(201);
        as(owner).body(Map.of("name", "staging-hello")).post("/api/accounts/" + slug + "/services")
                .then().statusCode(409).body("detail", containsString("staging-hello." + slug + ".localhost"));
    }

    @Test
    void deleteIsRefusedWhileAnotherServiceBindsIt() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "auth");
        Api.service(owner, slug, "gateway");
        Api.deployCode(owner, slug, "auth", "production", Api.HELLO);
        Api.postVersion(owner, slug, "gateway", "production", Map.of("modules", Map.of("worker.js", Api.HELLO),
                "bindings", List.of(Map.of("type", "service", "name", "AUTH", "service", "auth")))).then().statusCode(201);
        as(owner).delete("/api/accounts/" + slug + "/services/auth").then().statusCode(409)
                .body("detail", containsString("gateway/production"));
        as(owner).delete("/api/accounts/" + slug + "/services/gateway").then().statusCode(204);
        as(owner).delete("/api/accounts/" + slug + "/services/auth").then().statusCode(204);
    }
}
