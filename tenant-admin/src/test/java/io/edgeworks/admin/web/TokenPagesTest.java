package io.edgeworks.admin.web;

import io.edgeworks.admin.client.FakePlatformApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The account's API tokens page: create (secret shown once), list, revoke. */
@QuarkusTest
@TestSecurity(user = "alice")
class TokenPagesTest {
    @Inject
    FakePlatformApi api;

    @BeforeEach
    void seed() {
        api.reset();
        api.seedAccount("acme", "alice", "dev", "developer", "vic", "viewer");
    }

    @Test
    void createShowsTheSecretOnceThenTheListNeverDoes() {
        given().formParam("name", "ci-deploy").formParam("scope", "deploy").formParam("scope", "read")
                .formParam("environments", "preview-*, staging").formParam("ttl", "90d")
                .post("/accounts/acme/tokens").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body(containsString("id=\"created-token\""))
                .body(containsString("value=\"ewt_fakeLookup000000_"))
                .body(containsString("it is shown only this once"))
                .body(containsString("Scopes: deploy:preview-*, deploy:staging, read."));
        given().get("/accounts/acme/tokens").then().statusCode(200)
                .body(containsString("<td>ci-deploy</td><td><code>deploy:preview-*, deploy:staging, read</code></td><td>alice</td>"))
                .body(containsString("aria-label=\"Revoke ci-deploy\""))
                .body(not(containsString("ewt_")))
                .body(containsString("aria-current=\"page\">API tokens</a>"));
    }

    @Test
    void revokeRemovesItWithANotice() {
        given().formParam("name", "old").formParam("scope", "read").formParam("ttl", "").post("/accounts/acme/tokens").then().statusCode(200);
        String id = api.tokens("acme").getFirst().id();
        given().redirects().follow(false).formParam("name", "old").post("/accounts/acme/tokens/" + id + "/revoke").then().statusCode(303);
        given().get("/accounts/acme/tokens?notice=x").then().statusCode(200).body(containsString("id=\"no-tokens\""));
        assertEquals(List.of(), api.tokens("acme"));
    }

    @Test
    void aRefusalKeepsWhatWasTypedAndShowsTheField() {
        given().formParam("name", "nothing").formParam("ttl", "30d").post("/accounts/acme/tokens").then().statusCode(400)
                .body(containsString("id=\"token-scopes-error\""))
                .body(containsString("value=\"nothing\""));
    }

    @Test
    @TestSecurity(user = "vic")
    void viewersSeeTokensButNoFormAndCannotRevokeOthers() {
        api.as("alice", () -> api.createToken("acme", "ci", List.of("read"), "30d"));
        given().get("/accounts/acme/tokens").then().statusCode(200)
                .body(containsString("<td>ci</td>"))
                .body(not(containsString("Create token")))
                .body(not(containsString("aria-label=\"Revoke ci\"")));
        String[] id = new String[1];
        api.as("alice", () -> id[0] = api.tokens("acme").getFirst().id());
        given().formParam("name", "ci").post("/accounts/acme/tokens/" + id[0] + "/revoke").then().statusCode(403)
                .body(containsString("creator or an admin may revoke it"));
    }

    @Test
    void scopesOfTheFormNarrowDeployToEnvironmentPatterns() {
        assertEquals(List.of("deploy:preview-*", "deploy:qa", "tail"), TokenPages.scopes(List.of("deploy", "tail"), " preview-* , qa,"));
        assertEquals(List.of("deploy", "read"), TokenPages.scopes(List.of("deploy", "read"), ""));
        assertEquals(List.of(), TokenPages.scopes(null, "x"));
    }
}
