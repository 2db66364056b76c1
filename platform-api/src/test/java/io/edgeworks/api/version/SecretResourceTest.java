package io.edgeworks.api.version;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
class SecretResourceTest {

    @Test
    void secretsCreateVersionsAndTheirValuesAreNeverReturned() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "hello");
        String path = Api.env(slug, "hello", "production");
        String value = "super-secret-" + Api.unique("v");
        List<Response> responses = new ArrayList<>();

        responses.add(as(owner).body(Map.of("value", value)).put(path + "/secrets/API_KEY"));
        responses.getLast().then().statusCode(409);
        Api.deployCode(owner, slug, "hello", "production", Api.HELLO);
        responses.add(as(owner).body(Map.of("value", value)).put(path + "/secrets/API_KEY"));
        responses.getLast().then().statusCode(201).body("number", equalTo(2));
        responses.add(as(owner).body(Map.of("value", value)).put(path + "/secrets/API_KEY"));
        responses.getLast().then().statusCode(200).body("number", equalTo(2));
        responses.add(as(owner).body(Map.of("value", value + "-rotated")).put(path + "/secrets/API_KEY"));
        responses.getLast().then().statusCode(201).body("number", equalTo(3));
        responses.add(as(owner).get(path + "/versions/3"));
        responses.getLast().then().statusCode(200).body("secrets", equalTo(List.of("API_KEY")));
        responses.add(as(owner).get(path + "/versions"));
        responses.add(as(owner).get(path));
        responses.add(as(owner).body(Map.of("name", "staging", "clone_from", "production")).post(Api.envs(slug, "hello")));
        responses.getLast().then().statusCode(201);
        responses.add(as(owner).get(Api.env(slug, "hello", "staging") + "/versions/1"));
        responses.getLast().then().body("secrets", equalTo(List.of("API_KEY")));
        responses.add(as(owner).get("/api/accounts/" + slug + "/audit"));
        responses.add(as(owner).delete(path + "/secrets/API_KEY"));
        responses.getLast().then().statusCode(201).body("number", equalTo(4));
        responses.add(as(owner).get(path + "/versions/4"));
        responses.getLast().then().body("secrets", equalTo(List.of()));
        as(owner).delete(path + "/secrets/API_KEY").then().statusCode(404);
        as(owner).body(Map.of("value", "x")).put(path + "/secrets/not-valid").then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(owner).body(Map.of()).put(path + "/secrets/OK").then().statusCode(400).body("errors[0].field", equalTo("value"));

        for (Response response : responses) {
            assertFalse(response.asString().contains(value), "a response contains the secret value: " + response.asString());
        }
    }
}
