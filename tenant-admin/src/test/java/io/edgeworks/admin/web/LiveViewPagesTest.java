package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiModel.NewVersion;
import io.edgeworks.admin.client.ApiModel.Slice;
import io.edgeworks.admin.client.FakePlatformApi;
import io.edgeworks.admin.client.FakeTailClient;
import io.edgeworks.admin.client.Graph;
import io.edgeworks.admin.client.TailQuery;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The live-log view with its relay of platform-api's tail stream, and the binding graph pages. */
@QuarkusTest
@TestSecurity(user = "alice")
class LiveViewPagesTest {
    static final String ENV = "/accounts/acme/services/hello/environments/production";
    static final String EVENT = "{\"outcome\":\"ok\",\"scriptName\":\"hello\",\"eventTimestamp\":1796160673013,\"cpuTime\":1.5,"
            + "\"event\":{\"request\":{\"url\":\"http://hello.acme.localhost/<script>alert(1)</script>\",\"method\":\"GET\"},"
            + "\"response\":{\"status\":200}},\"logs\":[{\"message\":[\"<img src=x onerror=alert(1)>\"],\"level\":\"log\"}],"
            + "\"exceptions\":[],\"truncated\":false}";

    @Inject
    FakePlatformApi api;
    @Inject
    FakeTailClient tails;

    @BeforeEach
    void seed() {
        api.reset();
        tails.reset();
        api.seedAccount("acme", "alice", "vera", "viewer");
        api.as("alice", () -> {
            api.createService("acme", "hello");
            api.createService("acme", "auth");
            api.createVersion("acme", "hello", "production", new NewVersion("worker.js",
                    Map.of("worker.js", "export default { fetch() { return new Response('hi'); } }"), null, null, null, true));
        });
    }

    @Test
    void theEnvironmentPageLinksToItsLiveLogsAndGraph() {
        given().get(ENV).then().statusCode(200)
                .body(containsString("<a id=\"live-logs-link\" href=\"" + ENV + "/logs\" hx-boost=\"false\">Live logs</a>"))
                .body(containsString("<a id=\"graph-link\" href=\"" + ENV + "/graph\" hx-boost=\"false\">Binding graph</a>"));
    }

    @Test
    void theLogPageHasLabelledFiltersAndTheStreamItReads() {
        given().get(ENV + "/logs").then().statusCode(200)
                .body(containsString("<h1>Live logs of hello/production</h1>"))
                .body(containsString("data-stream=\"" + ENV + "/logs/stream\" data-limit=\"500\""))
                .body(containsString("<label for=\"log-status\">Status</label>"))
                .body(containsString("<label for=\"log-method\">Method</label>"))
                .body(containsString("<label for=\"log-search\">Search text</label>"))
                .body(containsString("<label for=\"log-sampling\">Sampling rate</label>"))
                .body(containsString("<script src=\"/static/live-logs.js\" defer></script>"));
        given().get(ENV.replace("hello", "nope") + "/logs").then().statusCode(404);
    }

    @Test
    void theRelayForwardsEachEventAsItIsThenEnds() {
        tails.seed(EVENT);
        String body = given().queryParam("status", "error").queryParam("method", "post").queryParam("search", "boom")
                .queryParam("sampling", "0.5").get(ENV + "/logs/stream").then().statusCode(200)
                .contentType(containsString("text/event-stream")).extract().asString();
        // the JSON is passed through untouched (the page renders it as text); then the end
        assertEquals(1, body.split("event:trace", -1).length - 1, body);
        assertEquals(true, body.contains("data:" + EVENT), body);
        assertEquals(true, body.indexOf("event:end") > body.indexOf("event:trace"), body);
        TailQuery q = tails.queries().getLast();
        assertEquals(List.of("exception", "exceededCpu", "exceededMemory", "unknown"), q.outcomes());
        assertEquals(List.of("POST"), q.methods());
        assertEquals("boom", q.search());
        assertEquals(0.5, q.samplingRate());
        assertEquals(0, tails.open(), "the upstream stream is closed");
    }

    @Test
    void aRefusalOfTheApiIsOneClearProblemEvent() {
        tails.seed("{\"type\":\"about:blank\",\"status\":403,\"detail\":\"role developer needed\"}");
        given().get(ENV + "/logs/stream").then().statusCode(200)
                .body(containsString("event:problem"))
                .body(containsString("You may not watch the live logs of this environment: it needs the developer role or higher"))
                .body(not(containsString("event:trace")))
                .body(containsString("event:end"));
    }

    @Test
    void badFiltersAndAnUnreachableApiAreSaidSo() {
        given().queryParam("sampling", "2").get(ENV + "/logs/stream").then().statusCode(200)
                .body(containsString("event:problem")).body(containsString("the sampling rate must be greater than 0 and at most 1"));
        given().queryParam("status", "weird").get(ENV + "/logs/stream").then().statusCode(200)
                .body(containsString("status must be ok, error or canceled"));
        tails.failWith(new jakarta.ws.rs.ProcessingException("connection refused"));
        given().get(ENV + "/logs/stream").then().statusCode(200)
                .body(containsString("The platform API cannot be reached right now")).body(containsString("event:end"));
    }

    @Test
    void filtersAreCheckedAndMappedLikeWranglersFlags() {
        assertEquals(List.of("ok"), TailQuery.of("ok", "", "", "").outcomes());
        assertEquals(List.of("canceled"), TailQuery.of("canceled", null, null, null).outcomes());
        assertEquals(List.of(), TailQuery.of("", "", "", "1").outcomes());
        assertEquals(1.0, TailQuery.of(null, null, null, null).samplingRate());
        assertThrows(IllegalArgumentException.class, () -> TailQuery.of(null, "GET /", null, null));
        assertThrows(IllegalArgumentException.class, () -> TailQuery.of(null, null, "x".repeat(201), null));
        assertThrows(IllegalArgumentException.class, () -> TailQuery.of(null, null, null, "0"));
        assertThrows(IllegalArgumentException.class, () -> TailQuery.of(null, null, null, "many"));
    }

    @Test
    void theGraphPageListsEnvironmentsAndBindingsAsTextAndLinksEachEnvironment() {
        api.seedGraph("acme", "hello", "production", new Graph("hello/production", List.of(
                new Graph.Node("hello/production", "hello", "production", "hello.acme.localhost", true, List.of(new Slice(1, 100))),
                new Graph.Node("auth/production", "auth", "production", "auth.acme.localhost", true,
                        List.of(new Slice(3, 90), new Slice(4, 10))),
                new Graph.Node("auth/gone", "auth", "gone", null, false, List.of())), List.of(
                new Graph.Edge("hello/production", "auth/production", 1, "AUTH", "AdminApi", 3, false, List.of(new Slice(3, 100))),
                new Graph.Edge("hello/production", "auth/gone", 1, "OLD", null, null, true, List.of())), false));
        given().get(ENV + "/graph").then().statusCode(200)
                .body(containsString("<h1>Binding graph of hello/production</h1>"))
                .body(containsString("<a href=\"/accounts/acme/services/auth/environments/production\" hx-boost=\"false\">auth/production</a>"))
                .body(containsString("<td>v3 90%, v4 10%</td>"))
                .body(containsString("<td>does not exist</td>"))
                .body(containsString("<td><code>AUTH</code></td><td>auth/production</td><td>entrypoint AdminApi · pinned v3 · fixed environment</td>"))
                .body(containsString("<td><code>OLD</code></td><td>auth/gone</td><td>follows the caller&#39;s environment</td>"))
                .body(containsString("data-from=\"hello/production\" data-to=\"auth/production\" data-name=\"AUTH\" data-pinned=\"3\""))
                .body(containsString("<script src=\"/webjars/cytoscape/dist/cytoscape.min.js\" defer></script>"))
                .body(containsString("<script src=\"/webjars/dagre/dist/dagre.min.js\" defer></script>"))
                .body(containsString("role=\"img\" aria-label=\"Binding graph of hello/production: a drawing"));
        // a non-member gets the API's 404
        api.seedAccount("other", "otto");
        given().get("/accounts/other/services/hello/environments/production/graph").then().statusCode(404);
    }

    @Test
    void aPreviewsGraphIsTheUnionOfItsEnvironmentsGraphs() {
        api.as("alice", () -> api.createPreview("acme", "pr-1", "production", List.of("hello")));
        given().get("/accounts/acme/previews").then().statusCode(200)
                .body(containsString("href=\"/accounts/acme/previews/pr-1/graph\""))
                .body(containsString("Binding graph<span class=\"visually-hidden\"> of preview pr-1</span>"));
        given().get("/accounts/acme/previews/pr-1/graph").then().statusCode(200)
                .body(containsString("<h1>Binding graph of preview pr-1</h1>"))
                .body(containsString("data-id=\"hello/pr-1\""));
        given().get("/accounts/acme/previews/nope/graph").then().statusCode(404);
    }

    @Test
    void theLayoutLibrariesAreServedFromWebjars() {
        given().get("/webjars/cytoscape/dist/cytoscape.min.js").then().statusCode(200);
        given().get("/webjars/dagre/dist/dagre.min.js").then().statusCode(200);
        given().get("/static/binding-graph.js").then().statusCode(200);
        given().get("/static/live-logs.js").then().statusCode(200).body(not(containsString("innerHTML")));
    }
}
