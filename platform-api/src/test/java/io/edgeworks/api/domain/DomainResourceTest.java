package io.edgeworks.api.domain;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class DomainResourceTest {

    @Test
    void domainsAreExclusiveAcrossAccountsIncludingParentsAndChildren() {
        String alice = Api.user();
        String acme = Api.account(alice);
        String domain = Api.unique("d") + ".test";
        as(alice).body(Map.of("name", domain)).post("/api/accounts/" + acme + "/domains").then().statusCode(201)
                .body("name", equalTo(domain));
        as(alice).body(Map.of("name", domain)).post("/api/accounts/" + acme + "/domains").then().statusCode(409);
        as(alice).body(Map.of("name", "shop." + domain)).post("/api/accounts/" + acme + "/domains").then().statusCode(201);
        as(alice).get("/api/accounts/" + acme + "/domains").then().body("name", equalTo(List.of(domain, "shop." + domain)));

        String bob = Api.user();
        String other = Api.account(bob);
        as(bob).body(Map.of("name", domain)).post("/api/accounts/" + other + "/domains").then().statusCode(409);
        as(bob).body(Map.of("name", "api." + domain)).post("/api/accounts/" + other + "/domains").then().statusCode(409);
        as(bob).body(Map.of("name", "test")).post("/api/accounts/" + other + "/domains").then().statusCode(400);
        as(bob).body(Map.of("name", "x." + Api.unique("p") + ".test")).post("/api/accounts/" + other + "/domains").then().statusCode(201);
    }

    @Test
    void invalidNamesAndThePlatformDomainAreRefused() {
        String alice = Api.user();
        String acme = Api.account(alice);
        String base = "/api/accounts/" + acme + "/domains";
        as(alice).body(Map.of("name", "Not A Domain")).post(base).then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(alice).body(Map.of("name", "hello.acme.localhost")).post(base).then().statusCode(400).body("detail", containsString("localhost"));
        as(alice).delete(base + "/nope.test").then().statusCode(404);
    }

    @Test
    void aDomainInUseByRoutesCannotBeRemoved() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "shop");
        String domain = Api.unique("d") + ".test";
        as(alice).body(Map.of("name", domain)).post("/api/accounts/" + acme + "/domains").then().statusCode(201);
        String id = as(alice).body(Map.of("pattern", domain + "/*", "service", "shop")).post("/api/accounts/" + acme + "/routes")
                .then().statusCode(201).extract().path("id");
        as(alice).delete("/api/accounts/" + acme + "/domains/" + domain).then().statusCode(409).body("detail", containsString(domain + "/*"));
        as(alice).delete("/api/accounts/" + acme + "/routes/" + id).then().statusCode(204);
        as(alice).delete("/api/accounts/" + acme + "/domains/" + domain).then().statusCode(204);
    }
}
