package io.edgeworks.admin.web;

import io.edgeworks.admin.client.FakePlatformApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/** The Previews page: list with hostnames, create, delete; viewers read only. */
@QuarkusTest
@TestSecurity(user = "alice")
class PreviewPagesTest {
    @Inject
    FakePlatformApi api;

    @BeforeEach
    void seed() {
        api.reset();
        api.seedAccount("acme", "alice", "viv", "viewer");
        api.as("alice", () -> {
            api.createService("acme", "gateway");
            api.createService("acme", "auth");
        });
    }

    @Test
    void createsListsAndDeletesAPreview() {
        given().get("/accounts/acme/previews").then().statusCode(200)
                .body(containsString("No previews."))
                .body(containsString("aria-current=\"page\">Previews</a>"));
        given().redirects().follow(false).formParam("name", "pr-42").formParam("from", "").formParam("services", "gateway, auth")
                .post("/accounts/acme/previews").then().statusCode(303);
        given().get("/accounts/acme/previews").then().statusCode(200)
                .body(containsString("<tr id=\"preview-pr-42\"><td><code>pr-42</code></td><td>production</td>"))
                .body(containsString(">pr-42-gateway.acme.localhost</a>"))
                .body(containsString(">pr-42-auth.acme.localhost</a>"));
        given().formParam("name", "pr-42").formParam("services", "gateway").post("/accounts/acme/previews").then().statusCode(409)
                .body(containsString("preview &#39;pr-42&#39; already exists"))
                .body(containsString("value=\"pr-42\""));
        given().redirects().follow(false).post("/accounts/acme/previews/pr-42/delete").then().statusCode(303);
        given().get("/accounts/acme/previews").then().body(containsString("No previews."));
    }

    @Test
    @TestSecurity(user = "viv")
    void viewersSeePreviewsButNoForms() {
        api.as("alice", () -> api.createPreview("acme", "pr-1", "production", java.util.List.of("gateway")));
        given().get("/accounts/acme/previews").then().statusCode(200)
                .body(containsString("pr-1-gateway.acme.localhost"))
                .body(not(containsString("Create preview")))
                .body(not(containsString("Delete preview")));
    }
}
