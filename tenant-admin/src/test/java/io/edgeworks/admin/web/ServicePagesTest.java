package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiModel.NewVersion;
import io.edgeworks.admin.client.FakePlatformApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@TestSecurity(user = "alice")
class ServicePagesTest {
    @Inject
    FakePlatformApi api;

    @BeforeEach
    void seed() {
        api.reset();
        api.seedAccount("acme", "alice", "vera", "viewer");
    }

    @Test
    void createsAServiceAndShowsItsProductionHostnameAsALink() {
        given().redirects().follow(false).formParam("name", "hello").post("/accounts/acme/services")
                .then().statusCode(303).header("Location", containsString("/accounts/acme/services/hello"));
        given().get("/accounts/acme/services/hello").then().statusCode(200)
                .body(containsString("<h1>Service hello</h1>"))
                .body(containsString("href=\"http://hello.acme.localhost:8081/\""))
                .body(containsString(">hello.acme.localhost</a>"))
                .body(containsString("not deployed"));
        given().get("/accounts/acme").then().statusCode(200)
                .body(containsString("<a href=\"/accounts/acme/services/hello\">hello</a>"));
    }

    @Test
    void keepsTheTypedServiceNameWhenItIsTaken() {
        api.createService("acme", "hello");
        given().formParam("name", "hello").post("/accounts/acme/services").then().statusCode(409)
                .body(containsString("a service named hello already exists in acme"))
                .body(containsString("id=\"create-service-name-error\""))
                .body(containsString("value=\"hello\""));
    }

    @Test
    void showsLiveVersionsOfEachEnvironment() {
        api.createService("acme", "hello");
        api.createVersion("acme", "hello", "production", code("v1"));
        api.createVersion("acme", "hello", "production", code("v2"));
        given().get("/accounts/acme/services/hello").then()
                .body(containsString("<td class=\"live\">v2</td>"));
    }

    @Test
    void createsAClonedEnvironmentWithTheSourceCode() {
        api.createService("acme", "hello");
        api.createVersion("acme", "hello", "production", code("v1"));
        given().redirects().follow(false).formParam("name", "staging").formParam("clone_from", "production")
                .post("/accounts/acme/services/hello/environments").then().statusCode(303)
                .header("Location", containsString("/environments/staging"));
        given().get("/accounts/acme/services/hello/environments/staging").then().statusCode(200)
                .body(containsString("staging-hello.acme.localhost"))
                .body(containsString("id=\"live\">v1</strong>"))
                .body(containsString("return new Response(&quot;v1&quot;)"));
    }

    @Test
    void anUnknownCloneSourceIsShownAtTheSelectAndTheNameIsKept() {
        api.createService("acme", "hello");
        given().formParam("name", "pr-42").formParam("clone_from", "nope")
                .post("/accounts/acme/services/hello/environments").then().statusCode(400)
                .body(containsString("id=\"create-environment-clone_from-error\">names no environment of service hello"))
                .body(containsString("value=\"pr-42\""));
    }

    @Test
    void deletesAService() {
        api.createService("acme", "hello");
        given().redirects().follow(false).post("/accounts/acme/services/hello/delete").then().statusCode(303);
        given().get("/accounts/acme").then().body(containsString("No services yet."));
    }

    @Test
    @TestSecurity(user = "vera")
    void viewersSeeNoWriteControls() {
        api.as("alice", () -> api.createService("acme", "hello"));
        given().get("/accounts/acme").then().statusCode(200)
                .body(containsString("id=\"role\">viewer</strong>"))
                .body(containsString("/accounts/acme/services/hello"))
                .body(not(containsString("Create a service")))
                .body(not(containsString("Delete")));
        given().get("/accounts/acme/services/hello").then().statusCode(200)
                .body(not(containsString("Create an environment")))
                .body(not(containsString("<form method=\"post\"")));
    }

    @Test
    void ownersDeleteTheAccountAfterTypingItsSlug() {
        given().formParam("confirm", "acm").post("/accounts/acme/delete").then().statusCode(400)
                .body(containsString("id=\"delete-account-confirm-error\">must be acme"))
                .body(containsString("value=\"acm\""));
        given().redirects().follow(false).formParam("confirm", "acme").post("/accounts/acme/delete").then()
                .statusCode(303).header("Location", containsString("/accounts?notice="));
        given().get("/accounts").then().body(containsString("You are not a member of any account yet"));
    }

    @Test
    @TestSecurity(user = "vera")
    void viewersCannotDeleteTheAccount() {
        given().get("/accounts/acme").then().body(not(containsString("Delete this account")));
        given().formParam("confirm", "acme").post("/accounts/acme/delete").then().statusCode(403)
                .body(containsString("this needs the role owner in account acme; you are viewer"));
    }

    @Test
    @TestSecurity(user = "bob")
    void anAccountOfOthersIsNotFound() {
        given().get("/accounts/acme").then().statusCode(404)
                .body(containsString("account acme does not exist or you are not a member of it"));
    }

    private static NewVersion code(String text) {
        return new NewVersion("worker.js", Map.of("worker.js",
                "export default { fetch() { return new Response(\"" + text + "\"); } }"), null, null, null, true);
    }
}
