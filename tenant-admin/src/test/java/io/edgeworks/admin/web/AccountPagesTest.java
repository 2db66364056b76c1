package io.edgeworks.admin.web;

import io.edgeworks.admin.client.FakePlatformApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class AccountPagesTest {
    @Inject
    FakePlatformApi api;

    @BeforeEach
    void reset() {
        api.reset();
    }

    @Test
    @TestSecurity(user = "alice")
    void listsOnlyTheAccountsOfThePersonSignedIn() {
        api.seedAccount("acme", "alice");
        api.seedAccount("globex", "bob");
        given().get("/accounts").then().statusCode(200)
                .body(containsString("Signed in as <strong id=\"username\">alice</strong>"))
                .body(containsString("<a href=\"/accounts/acme\">acme</a>"))
                .body(not(containsString("globex")));
    }

    @Test
    @TestSecurity(user = "carol")
    void saysWhatToDoWhenThereIsNoAccount() {
        given().get("/accounts").then().statusCode(200)
                .body(containsString("You are not a member of any account yet"));
    }

    @Test
    @TestSecurity(user = "alice")
    void createsAnAccountAndLandsOnIt() {
        given().redirects().follow(false).formParam("slug", "acme").formParam("name", "Acme Inc.")
                .post("/accounts").then().statusCode(303)
                .header("Location", allOf(containsString("/accounts/acme"), containsString("notice=")));
        given().get("/accounts").then().body(containsString("<a href=\"/accounts/acme\">acme</a>"));
    }

    @Test
    @TestSecurity(user = "alice")
    void showsAnInvalidSlugNextToTheFieldAndKeepsWhatWasTyped() {
        given().formParam("slug", "Not OK!").formParam("name", "My team").post("/accounts").then().statusCode(400)
                .body(containsString("id=\"create-account-slug-error\""))
                .body(containsString("must be 1–63 lower-case letters, digits or -"))
                .body(containsString("aria-invalid=\"true\""))
                .body(containsString("value=\"Not OK!\""))
                .body(containsString("value=\"My team\""));
    }

    @Test
    @TestSecurity(user = "alice")
    void showsATakenSlugAsAConflict() {
        api.seedAccount("acme", "bob");
        given().formParam("slug", "acme").formParam("name", "").post("/accounts").then().statusCode(409)
                .body(containsString("the account slug acme is already taken"))
                .body(containsString("is already taken"));
    }

    @Test
    @TestSecurity(user = "alice")
    void switcherGoesToTheChosenAccount() {
        given().redirects().follow(false).queryParam("account", "acme").get("/switch").then().statusCode(303)
                .header("Location", containsString("/accounts/acme"));
    }

    @Test
    void signedOutPageIsPublic() {
        given().get("/signed-out").then().statusCode(200).body(containsString("You are signed out"));
    }

    @Test
    void pagesNeedASession() {
        given().redirects().follow(false).get("/accounts").then().statusCode(401);
    }
}
