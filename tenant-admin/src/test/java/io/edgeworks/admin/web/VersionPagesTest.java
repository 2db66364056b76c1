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

@QuarkusTest
@TestSecurity(user = "alice")
class VersionPagesTest {
    static final String ENV = "/accounts/acme/services/hello/environments/production";

    @Inject
    FakePlatformApi api;

    @BeforeEach
    void seed() {
        api.reset();
        api.seedAccount("acme", "alice");
        api.createService("acme", "hello");
        api.createVersion("acme", "hello", "production", new NewVersion("worker.js",
                Map.of("worker.js", "line one\nline two\nline three"), Map.of("A", "1"), null, null, true));
        api.createVersion("acme", "hello", "production", new NewVersion(null,
                Map.of("worker.js", "line one\nline 2\nline three"), Map.of("A", "2"), null, null, true));
    }

    @Test
    void showsAVersionsCode() {
        given().get(ENV + "/versions/1").then().statusCode(200)
                .body(containsString("<h1>Version 1 of hello / production</h1>"))
                .body(containsString("line one\nline two\nline three</code></pre>"))
                // highlighted read-only by the code editor script when it runs; a focusable, named region either way
                .body(containsString("<div data-code-view>"))
                .body(containsString("<h3 id=\"module-title-0\"><code>worker.js</code> <span class=\"muted\">(main module)</span></h3>"))
                .body(containsString("<pre class=\"code\" id=\"module-0\" tabindex=\"0\" role=\"region\" aria-labelledby=\"module-title-0\">"))
                .body(containsString("<td>A</td><td>1</td>"));
    }

    @Test
    void diffsTwoVersionsLineByLine() {
        given().queryParam("from", 1).queryParam("to", 2).get(ENV + "/diff").then().statusCode(200)
                .body(containsString("Changes from v1 to v2"))
                .body(containsString("<tr class=\"del\"><td class=\"num\">2</td><td class=\"num\"></td><td aria-label=\"del\">−</td><td class=\"line\">line two</td></tr>"))
                .body(containsString("<tr class=\"add\"><td class=\"num\"></td><td class=\"num\">2</td><td aria-label=\"add\">+</td><td class=\"line\">line 2</td></tr>"))
                .body(containsString("<td class=\"line\">A=2</td>"));
    }

    @Test
    void aMissingVersionSaysSo() {
        given().get(ENV + "/versions/7").then().statusCode(404).body(containsString("version 7 does not exist"));
    }
}
