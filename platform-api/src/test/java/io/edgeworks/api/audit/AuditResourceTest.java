package io.edgeworks.api.audit;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
class AuditResourceTest {

    @Test
    void everyChangeIsRecordedNewestFirstWithoutSecretValues() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "hello");
        Api.deployCode(alice, acme, "hello", "production", Api.HELLO);
        as(alice).body(Map.of("value", "TOPSECRETVALUE")).put(Api.env(acme, "hello", "production") + "/secrets/KEY").then().statusCode(201);
        as(alice).body(Map.of("versions", List.of(Map.of("number", 1, "percentage", 100)))).post(Api.env(acme, "hello", "production") + "/deployments")
                .then().statusCode(201);

        String body = as(alice).get("/api/accounts/" + acme + "/audit").then().statusCode(200)
                .body("action", equalTo(List.of("deployment.create", "version.secret.put", "version.create", "service.create", "account.create")))
                .body("actor", everyItem(equalTo(alice)))
                .body("[1].target", equalTo(acme + "/hello/production@v2"))
                .body("[1].summary.after.secret", equalTo("KEY"))
                .body("[0].summary.before.versions[0].number", equalTo(2))
                .body("[0].summary.after.versions[0].number", equalTo(1))
                .extract().asString();
        assertFalse(body.contains("TOPSECRETVALUE"));

        List<Integer> ids = as(alice).get("/api/accounts/" + acme + "/audit?limit=2").then().extract().path("id");
        assertEquals(2, ids.size());
        as(alice).get("/api/accounts/" + acme + "/audit?limit=10&before=" + ids.get(1)).then()
                .body("action", equalTo(List.of("version.create", "service.create", "account.create")));
    }
}
