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

/** Members, domains and routes, KV and the audit log. */
@QuarkusTest
@TestSecurity(user = "alice")
class AccountAdminPagesTest {
    @Inject
    FakePlatformApi api;

    @BeforeEach
    void seed() {
        api.reset();
        api.seedAccount("acme", "alice", "dev", "developer");
        api.createService("acme", "hello");
    }

    @Test
    void addsAMemberWithARole() {
        given().redirects().follow(false).formParam("username", "bob").formParam("role", "viewer")
                .post("/accounts/acme/members").then().statusCode(303);
        given().get("/accounts/acme/members").then().statusCode(200)
                .body(containsString("<tr><td>bob</td><td>viewer</td>"))
                .body(containsString("aria-label=\"Remove bob\""));
    }

    @Test
    void anUnknownRoleIsShownAtTheRoleSelect() {
        given().formParam("username", "bob").formParam("role", "superuser").post("/accounts/acme/members")
                .then().statusCode(400)
                .body(containsString("id=\"member-role-error\">must be one of owner, admin, developer, viewer"))
                .body(containsString("value=\"bob\""));
    }

    @Test
    @TestSecurity(user = "dev")
    void developersCannotManageMembersSoSeeNoForm() {
        given().get("/accounts/acme/members").then().statusCode(200)
                .body(containsString("<td>alice</td><td>owner</td>"))
                .body(not(containsString("Save member")));
        given().formParam("username", "eve").formParam("role", "owner").post("/accounts/acme/members")
                .then().statusCode(403).body(containsString("this needs the role admin in account acme"));
    }

    @Test
    void domainsAndRoutes() {
        given().redirects().follow(false).formParam("name", "Example.com").post("/accounts/acme/routes/domains")
                .then().statusCode(303);
        given().redirects().follow(false).formParam("pattern", "shop.example.com/api/*").formParam("service", "hello")
                .formParam("environment", "").post("/accounts/acme/routes").then().statusCode(303);
        given().get("/accounts/acme/routes").then().statusCode(200)
                .body(containsString("<code>example.com</code>"))
                .body(containsString("<span class=\"status status-pending\">pending</span>"))
                .body(containsString("<code class=\"txt-name\">_edgeworks.example.com</code>"))
                .body(containsString("<code class=\"http-path\">http://example.com/.well-known/edgeworks-challenge/token-"))
                .body(containsString("Verify now"))
                .body(containsString("<td><code>shop.example.com/api/*</code></td><td>hello</td><td>production</td>"
                        + "<td><span class=\"status status-inactive\">inactive</span> <span class=\"muted\">domain example.com is pending verification</span>"));

        // verifying before the proof is published shows what was looked up
        given().post("/accounts/acme/routes/domains/example.com/verify").then().statusCode(409)
                .body(containsString("no TXT record"));
        api.publishProof("example.com");
        given().redirects().follow(false).post("/accounts/acme/routes/domains/example.com/verify").then().statusCode(303);
        given().get("/accounts/acme/routes").then().statusCode(200)
                .body(containsString("<span class=\"status status-active\">active</span>"))
                .body(not(containsString("Verify now")))
                .body(containsString("<td><code>shop.example.com/api/*</code></td><td>hello</td><td>production</td>"
                        + "<td><span class=\"status status-active\">active</span>"));

        // HTTP to HTTPS: off by default, one button each way
        given().get("/accounts/acme/routes").then()
                .body(containsString("<td class=\"https-redirect\">served</td>"))
                .body(containsString("Redirect HTTP to HTTPS for example.com</button>"));
        given().redirects().follow(false).formParam("on", "true").post("/accounts/acme/routes/domains/example.com/https-redirect")
                .then().statusCode(303);
        given().get("/accounts/acme/routes").then()
                .body(containsString("<td class=\"https-redirect\">redirected</td>"))
                .body(containsString("Serve plain HTTP for example.com</button>"));
        given().redirects().follow(false).formParam("on", "false").post("/accounts/acme/routes/domains/example.com/https-redirect")
                .then().statusCode(303);
        given().get("/accounts/acme/routes").then().body(containsString("<td class=\"https-redirect\">served</td>"));
    }

    @Test
    void aRouteOutsideTheAccountsDomainsIsShownAtThePattern() {
        given().formParam("pattern", "other.org/*").formParam("service", "hello").formParam("environment", "production")
                .post("/accounts/acme/routes").then().statusCode(400)
                .body(containsString("id=\"route-pattern-error\">the host other.org is not under a domain this account holds"))
                .body(containsString("value=\"other.org/*\""));
    }

    @Test
    void kvNamespacesAndValues() {
        given().redirects().follow(false).formParam("name", "cache").post("/accounts/acme/kv").then().statusCode(303)
                .header("Location", containsString("/accounts/acme/kv/cache"));
        given().redirects().follow(false).formParam("key", "greeting").formParam("value", "hello <world>")
                .post("/accounts/acme/kv/cache/values").then().statusCode(303);
        given().get("/accounts/acme/kv").then().body(containsString("<a href=\"/accounts/acme/kv/cache\">cache</a>"));
        given().queryParam("key", "greeting").get("/accounts/acme/kv/cache").then().statusCode(200)
                .body(containsString(">greeting</a>"))
                .body(containsString("hello &lt;world&gt;</textarea>"));
        given().formParam("key", "").formParam("value", "kept text").post("/accounts/acme/kv/cache/values")
                .then().statusCode(400).body(containsString("id=\"value-key-error\">must not be empty"))
                .body(containsString("kept text</textarea>"));
    }

    @Test
    void auditLogListsWhoDidWhat() {
        given().get("/accounts/acme/audit").then().statusCode(200)
                .body(containsString("<td>alice</td><td>service.create</td><td>hello</td>"));
    }
}
