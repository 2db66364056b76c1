package io.edgeworks.api.account;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.edgeworks.api.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class AccountResourceTest {

    @Test
    void creatingAnAccountMakesTheCallerOwner() {
        String alice = Api.user();
        String slug = Api.unique("acme");
        as(alice).body(Map.of("slug", slug, "name", "Acme")).post("/api/accounts")
                .then().statusCode(201)
                .header("Location", containsString("/api/accounts/" + slug))
                .body("slug", equalTo(slug)).body("name", equalTo("Acme")).body("role", equalTo("owner"))
                .body("created_at", not(equalTo(null)));
        as(alice).get("/api/me").then().statusCode(200)
                .body("username", equalTo(alice))
                .body("accounts.slug", hasItem(slug))
                .body("accounts.find { it.slug == '" + slug + "' }.role", equalTo("owner"));
        as(alice).get("/api/accounts").then().statusCode(200).body("slug", hasItem(slug));
        as(alice).get("/api/accounts/" + slug).then().statusCode(200).body("role", equalTo("owner"));
    }

    @Test
    void nameDefaultsToTheSlug() {
        String slug = Api.unique("solo");
        as(Api.user()).body(Map.of("slug", slug)).post("/api/accounts").then().statusCode(201).body("name", equalTo(slug));
    }

    @Test
    void takenSlugIsAConflict() {
        String slug = Api.account(Api.user());
        as(Api.user()).body(Map.of("slug", slug, "name", "x")).post("/api/accounts")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString(slug));
    }

    @Test
    void invalidSlugIsRefusedNamingTheField() {
        as(Api.user()).body(Map.of("slug", "Not_A-Label-", "name", "x")).post("/api/accounts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo("slug"))
                .body("detail", containsString("slug"));
    }

    @Test
    void unknownFieldsAndMalformedJsonAre400() {
        as(Api.user()).body(Map.of("slug", Api.unique("u"), "nmae", "typo")).post("/api/accounts")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("nmae"));
        as(Api.user()).body("{not json").post("/api/accounts").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void withoutATokenEveryCallIs401() {
        given().get("/api/me").then().statusCode(401);
        given().contentType("application/json").body("{\"slug\":\"x\"}").post("/api/accounts").then().statusCode(401);
        given().auth().oauth2("not-a-jwt").get("/api/accounts").then().statusCode(401);
    }

    @Test
    void nonMembersGet404AndOnlyOwnersDelete() {
        String owner = Api.user();
        String slug = Api.account(owner);
        as(Api.user()).get("/api/accounts/" + slug).then().statusCode(404).contentType("application/problem+json");
        as(Api.user()).get("/api/accounts/no-such-account-" + slug).then().statusCode(404);
        String admin = Api.user();
        Api.member(owner, slug, admin, "admin");
        as(admin).delete("/api/accounts/" + slug).then().statusCode(403).body("detail", containsString("owner"));
        as(owner).delete("/api/accounts/" + slug).then().statusCode(204);
        as(owner).get("/api/accounts/" + slug).then().statusCode(404);
        as(admin).get("/api/me").then().statusCode(200).body("accounts.slug", not(hasItem(slug)));
    }
}
