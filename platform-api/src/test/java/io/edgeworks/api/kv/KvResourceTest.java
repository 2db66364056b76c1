package io.edgeworks.api.kv;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

@QuarkusTest
class KvResourceTest {

    @Test
    void namespacesAndRawValues() {
        String alice = Api.user();
        String acme = Api.account(alice);
        String namespaces = "/api/accounts/" + acme + "/kv/namespaces";
        as(alice).body(Map.of("name", "cache")).post(namespaces).then().statusCode(201).body("name", equalTo("cache"));
        as(alice).body(Map.of("name", "cache")).post(namespaces).then().statusCode(409);
        as(alice).body(Map.of("name", "Bad Name")).post(namespaces).then().statusCode(400);
        as(alice).get(namespaces).then().body("name", equalTo(List.of("cache")));

        byte[] bytes = {0, 1, 2, (byte) 0xff, 'x'};
        String values = namespaces + "/cache/values/";
        given().auth().oauth2(Api.token(alice)).contentType("application/octet-stream").body(bytes).put(values + "a/b").then().statusCode(204);
        given().auth().oauth2(Api.token(alice)).contentType("text/plain").body("two").put(values + "a/c").then().statusCode(204);
        given().auth().oauth2(Api.token(alice)).contentType("text/plain").body("three").put(values + "z").then().statusCode(204);
        byte[] read = given().auth().oauth2(Api.token(alice)).get(values + "a/b").then().statusCode(200).extract().asByteArray();
        assertArrayEquals(bytes, read);
        as(alice).get(namespaces + "/cache/values?prefix=a/").then().statusCode(200).body("name", equalTo(List.of("a/b", "a/c")));
        as(alice).get(namespaces + "/cache/values").then().body("name", equalTo(List.of("a/b", "a/c", "z")));
        given().auth().oauth2(Api.token(alice)).delete(values + "a/b").then().statusCode(204);
        given().auth().oauth2(Api.token(alice)).get(values + "a/b").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Api.token(alice)).get(namespaces + "/nope/values/x").then().statusCode(404);

        as(alice).delete(namespaces + "/cache").then().statusCode(204);
        as(alice).get(namespaces + "/cache").then().statusCode(404);
        as(alice).body(Map.of("name", "cache")).post(namespaces).then().statusCode(201);
        as(alice).get(namespaces + "/cache/values").then().body("name", equalTo(List.of()));
    }

    @Test
    void oversizedValuesAre413() {
        String alice = Api.user();
        String acme = Api.account(alice);
        as(alice).body(Map.of("name", "big")).post("/api/accounts/" + acme + "/kv/namespaces").then().statusCode(201);
        given().auth().oauth2(Api.token(alice)).contentType("application/octet-stream").body(new byte[5 * 1024 * 1024 + 1])
                .put("/api/accounts/" + acme + "/kv/namespaces/big/values/k").then().statusCode(413);
    }

    @Test
    void aBoundNamespaceCannotBeDeleted() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "hello");
        as(alice).body(Map.of("name", "cache")).post("/api/accounts/" + acme + "/kv/namespaces").then().statusCode(201);
        Api.postVersion(alice, acme, "hello", "production", Map.of("modules", Map.of("worker.js", Api.HELLO),
                "bindings", List.of(Map.of("type", "kv", "name", "CACHE", "namespace", "cache")))).then().statusCode(201);
        as(alice).delete("/api/accounts/" + acme + "/kv/namespaces/cache").then().statusCode(409)
                .body("detail", containsString("hello/production"));
    }
}
