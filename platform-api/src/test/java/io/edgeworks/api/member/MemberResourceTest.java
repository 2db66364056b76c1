package io.edgeworks.api.member;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class MemberResourceTest {

    @Test
    void addingIs201ChangingIs200() {
        String owner = Api.user();
        String slug = Api.account(owner);
        String bob = Api.user();
        String members = "/api/accounts/" + slug + "/members/";
        as(owner).body(Map.of("role", "viewer")).put(members + bob).then().statusCode(201)
                .body("username", equalTo(bob)).body("role", equalTo("viewer"));
        as(owner).body(Map.of("role", "developer")).put(members + bob).then().statusCode(200).body("role", equalTo("developer"));
        as(bob).get("/api/accounts/" + slug + "/members").then().statusCode(200)
                .body("username", hasItem(bob)).body("username", hasItem(owner));
        as(bob).get("/api/me").then().body("accounts.find { it.slug == '" + slug + "' }.role", equalTo("developer"));
        as(owner).delete(members + bob).then().statusCode(204);
        as(bob).get("/api/accounts/" + slug).then().statusCode(404);
        as(owner).delete(members + bob).then().statusCode(404);
    }

    @Test
    void invalidRoleNamesTheField() {
        String owner = Api.user();
        String slug = Api.account(owner);
        as(owner).body(Map.of("role", "superuser")).put("/api/accounts/" + slug + "/members/" + Api.user())
                .then().statusCode(400).body("errors[0].field", equalTo("role")).body("detail", containsString("viewer"));
        as(owner).body("{}").put("/api/accounts/" + slug + "/members/" + Api.user())
                .then().statusCode(400).body("errors[0].field", equalTo("role"));
    }

    @Test
    void onlyOwnersTouchOwnersAndTheLastOwnerStays() {
        String owner = Api.user();
        String slug = Api.account(owner);
        String admin = Api.user();
        String members = "/api/accounts/" + slug + "/members/";
        Api.member(owner, slug, admin, "admin");
        as(admin).body(Map.of("role", "owner")).put(members + Api.user()).then().statusCode(403);
        as(admin).body(Map.of("role", "viewer")).put(members + owner).then().statusCode(403);
        as(admin).delete(members + owner).then().statusCode(403);
        as(admin).body(Map.of("role", "developer")).put(members + Api.user()).then().statusCode(201);
        as(owner).body(Map.of("role", "admin")).put(members + owner).then().statusCode(409).body("detail", containsString("owner"));
        as(owner).delete(members + owner).then().statusCode(409);
        as(owner).body(Map.of("role", "owner")).put(members + admin).then().statusCode(200);
        as(admin).delete(members + owner).then().statusCode(204);
        as(admin).get("/api/accounts/" + slug + "/members").then().body("username", not(hasItem(owner)));
    }
}
