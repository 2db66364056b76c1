package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiModel.NewVersion;
import io.edgeworks.admin.client.FakePlatformApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WCAG 2.5.3 "label in name" on every page, as served: a control (button, link) whose accessible name is set
 * with {@code aria-label} has its visible text inside that name, so a person using speech input can say what
 * they see. The browser test (PortalBrowserIT) checks the same and more with axe-core on the rendered pages.
 */
@QuarkusTest
@TestSecurity(user = "alice")
class AccessibleNamesTest {
    private static final Pattern LABELLED_CONTROL = Pattern.compile(
            "<(button|a)\\b([^>]*)\\baria-label=\"([^\"]*)\"([^>]*)>(.*?)</\\1>", Pattern.DOTALL);
    static final String ENV = "/accounts/acme/services/hello/environments/production";

    @Inject
    FakePlatformApi api;

    @BeforeEach
    void seed() {
        api.reset();
        api.seedAccount("acme", "alice", "bob", "developer");
        api.createService("acme", "hello");
        for (String text : List.of("one", "two")) {
            api.createVersion("acme", "hello", "production", new NewVersion("worker.js",
                    Map.of("worker.js", "export default { fetch() { return new Response('" + text + "'); } }"), Map.of(), null, null, true));
        }
        api.putSecret("acme", "hello", "production", "API_TOKEN", "x");
        api.createDomain("acme", "example.test");
        api.createRoute("acme", "example.test/*", "hello", "production");
        api.createNamespace("acme", "cache");
        api.createPreview("acme", "pr-1", "production", List.of("hello"));
        api.createToken("acme", "ci", List.of("deploy"), "30d");
    }

    @Test
    void everyLabelledControlsNameContainsItsVisibleLabel() {
        List<String> pages = List.of("/accounts", "/accounts/acme", "/accounts/acme/members", "/accounts/acme/routes",
                "/accounts/acme/kv", "/accounts/acme/previews", "/accounts/acme/tokens", "/accounts/acme/audit",
                "/accounts/acme/services/hello", ENV, ENV + "/versions/1", ENV + "/diff?from=1&to=2");
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String page : pages) {
            String html = given().get(page).then().statusCode(200).extract().asString();
            Matcher m = LABELLED_CONTROL.matcher(html);
            while (m.find()) {
                checked++;
                String name = normal(m.group(3));
                String visible = normal(m.group(5).replaceAll("<[^>]*>", ""));
                if (!visible.isEmpty() && !name.contains(visible)) {
                    mismatches.add(page + ": <" + m.group(1) + "> shows \"" + visible + "\" but is named \"" + name + "\"");
                }
            }
        }
        assertTrue(checked >= 8, "the pages have labelled controls to check (found " + checked + ")");
        assertEquals(List.of(), mismatches);
    }

    @Test
    void theRollbackButtonIsNamedByWhatItSays() {
        String html = given().get(ENV).then().statusCode(200).extract().asString();
        assertTrue(html.contains("<button type=\"submit\">Roll back to v1</button>"), html);
    }

    @Test
    void theMismatchCheckItselfCatchesAMismatch() {
        Matcher m = LABELLED_CONTROL.matcher("<button type=\"submit\" aria-label=\"Deploy version 1 to all traffic\">Roll back to v1</button>");
        assertTrue(m.find());
        assertTrue(!normal(m.group(3)).contains(normal(m.group(5))));
    }

    private static String normal(String text) {
        return text.replace("&#39;", "'").replace("&amp;", "&").replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT);
    }
}
