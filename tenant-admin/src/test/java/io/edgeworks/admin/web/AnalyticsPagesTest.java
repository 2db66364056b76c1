package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiModel.AnalyticsPoint;
import io.edgeworks.admin.client.ApiModel.EnvironmentAnalytics;
import io.edgeworks.admin.client.ApiModel.VersionSeries;
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

/** The analytics fragments of the environment and account pages, with the platform-api client faked one layer down. */
@QuarkusTest
@TestSecurity(user = "alice")
class AnalyticsPagesTest {
    static final String ENV = EnvironmentPagesTest.ENV;
    private static final Instant T = Instant.parse("2026-12-02T14:00:00Z");

    @Inject
    FakePlatformApi api;

    @BeforeEach
    void seed() {
        api.reset();
        api.seedAccount("acme", "alice", "vera", "viewer");
        api.as("alice", () -> api.createService("acme", "hello"));
    }

    private static AnalyticsPoint point(Instant t, long requests, long errors, Double p50, Double p99) {
        return new AnalyticsPoint(t, requests, errors, 0, p50, p99, p50, p99, 0);
    }

    @Test
    void theEnvironmentPageLoadsItsChartsAndTheAccountPageItsSummary() {
        given().get(ENV).then().statusCode(200)
                .body(containsString("hx-get=\"" + ENV + "/analytics?range=hour\""))
                .body(containsString("/webjars/uplot/dist/uPlot.iife.min.js"))
                .body(containsString("/static/analytics-charts.js"));
        given().get(ENV + "/analytics?range=day").then().statusCode(200)
                .body(containsString("id=\"analytics-empty\""))
                .body(containsString("No requests in the last day"));
        given().get("/accounts/acme").then().statusCode(200).body(containsString("hx-get=\"/accounts/acme/analytics\""));
        given().get("/accounts/acme/analytics").then().statusCode(200).body(containsString("id=\"busiest-none\""));
    }

    @Test
    void chartsCarryEachVersionsSeriesAndATableWithTheSameTotals() {
        api.seedAnalytics(new EnvironmentAnalytics("acme/hello/production", T, T.plusSeconds(120), 60, List.of(T, T.plusSeconds(60)),
                List.of(new VersionSeries(1, point(T, 90, 9, 1.5, 7.25), List.of(point(T, 40, 5, 1.5, 7.0), point(T.plusSeconds(60), 50, 25, 1.5, 7.25))),
                        new VersionSeries(2, point(T, 10, 0, 2.0, 3.0), List.of(point(T, 0, 0, null, null), point(T.plusSeconds(60), 10, 0, 2.0, 3.0))))));
        given().get(ENV + "/analytics?range=hour").then().statusCode(200)
                .body(containsString("\"times\":[" + T.getEpochSecond() + "," + (T.getEpochSecond() + 60) + "]"))
                .body(containsString("\"label\":\"v1\",\"requests\":[40,50],\"errorRate\":[12.5,50.0],\"cpuP50\":[1.5,1.5],\"cpuP99\":[7.0,7.25]"))
                .body(containsString("\"label\":\"v2\",\"requests\":[0,10],\"errorRate\":[null,0.0]"))
                .body(containsString("<th scope=\"row\">v1</th><td class=\"analytics-requests\">90</td><td>10.00 %</td><td>1.50 ms</td><td>7.25 ms</td>"))
                .body(containsString("aria-labelledby=\"chart-cpu-hour\""))
                .body(containsString("<caption>Totals of the last hour by version"))
                .body(not(containsString("analytics-empty")));
    }
}
