package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiException;
import io.edgeworks.admin.client.ApiModel.CronRun;
import io.edgeworks.admin.client.FakePlatformApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The environment page's cron triggers (edit) and recent runs, with the platform-api client faked one layer down. */
@QuarkusTest
@TestSecurity(user = "alice")
class TriggerPagesTest {
    static final String ENV = EnvironmentPagesTest.ENV;

    @Inject
    FakePlatformApi api;

    @BeforeEach
    void seed() {
        api.reset();
        api.seedAccount("acme", "alice", "vera", "viewer");
        api.as("alice", () -> api.createService("acme", "hello"));
    }

    @Test
    void triggersAreSavedOnePerLineAndShownWithTheirRuns() {
        given().get(ENV).then().statusCode(200)
                .body(containsString("<h2 id=\"triggers-title\">Cron triggers</h2>"))
                .body(containsString("id=\"no-runs\">No runs yet."));
        given().redirects().follow(false).formParam("crons", "*/5 * * * *\n\n  0 9 * * MON-FRI  \n")
                .post(ENV + "/triggers").then().statusCode(303)
                .header("Location", containsString("notice=Cron+triggers+saved"));
        assertEquals(List.of("*/5 * * * *", "0 9 * * MON-FRI"), triggers());

        api.seedCronRun("acme", "hello", "production", new CronRun(Instant.parse("2026-12-02T10:00:00Z"), "*/5 * * * *",
                Instant.parse("2026-12-02T10:00:00.004Z"), 7, "ok", null, 1, "edge-a"));
        api.seedCronRun("acme", "hello", "production", new CronRun(Instant.parse("2026-12-02T10:05:00Z"), "*/5 * * * *",
                Instant.parse("2026-12-02T10:05:00.002Z"), 51, "exceeded_limit",
                "limit hit: acme/hello/production v1 exceeded its cpu time limit (50 ms)", 1, "edge-b"));
        String page = given().get(ENV).then().statusCode(200).extract().asString();
        assertContains(page, ">*/5 * * * *\n0 9 * * MON-FRI</textarea>");
        assertContains(page, "id=\"cron-runs\"");
        int newer = page.indexOf("2026-12-02T10:05:00Z");
        int older = page.indexOf("2026-12-02T10:00:00Z");
        assertEquals(true, newer > 0 && older > newer, "newest first");
        assertContains(page, "<span class=\"status status-exceeded_limit\">exceeded_limit</span>");
        assertContains(page, "limit hit: acme/hello/production v1 exceeded its cpu time limit (50 ms)");
        assertContains(page, "<td>51 ms</td><td>v1</td><td>edge-b</td>");

        given().redirects().follow(false).formParam("crons", "").post(ENV + "/triggers").then().statusCode(303)
                .header("Location", containsString("notice=No+cron+triggers"));
        assertEquals(List.of(), triggers());
    }

    @Test
    void aRefusedExpressionIsShownOnItsLineAndWhatWasTypedIsKept() {
        api.failNext(new ApiException(400, "crons[1]: '61 * * * *' is not a valid cron expression: Value 61 not in range [0, 59]",
                List.of(new ApiException.FieldError("crons[1]", "'61 * * * *' is not a valid cron expression: Value 61 not in range [0, 59]"))));
        given().formParam("crons", "* * * * *\n61 * * * *").post(ENV + "/triggers").then().statusCode(400)
                .body(containsString("line 2: &#39;61 * * * *&#39; is not a valid cron expression"))
                .body(containsString(">* * * * *\n61 * * * *</textarea>"));
    }

    @Test
    @TestSecurity(user = "vera")
    void viewersSeeTriggersAndRunsButNoForm() {
        api.as("alice", () -> api.setTriggers("acme", "hello", "production", List.of("0 * * * *")));
        given().get(ENV).then().statusCode(200)
                .body(containsString("<ul id=\"cron-list\"><li><code>0 * * * *</code></li></ul>"))
                .body(not(containsString("action=\"" + ENV + "/triggers\"")));
    }

    private List<String> triggers() {
        List<List<String>> out = new java.util.ArrayList<>();
        api.as("alice", () -> out.add(api.triggers("acme", "hello", "production")));
        return out.getFirst();
    }

    private static void assertContains(String page, String part) {
        org.junit.jupiter.api.Assertions.assertTrue(page.contains(part), () -> "expected the page to contain " + part);
    }
}
