package io.edgeworks.api.analytics;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/accounts/{account}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analytics", description = "Traffic, errors and CPU time per version, as the edge nodes counted them per minute")
public class AnalyticsResource {
    private final AnalyticsService analytics;

    public AnalyticsResource(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @GET
    @Path("/services/{service}/environments/{environment}/analytics")
    @Operation(summary = "An environment's traffic per version", description = "Every member (tokens: scope `read`). One series "
            + "per version that served requests in `[from, to)` (a split deployment shows each of its versions), busiest first, "
            + "at most `platform.analytics.max-versions` (the rest summed as `version: null`), each with its totals and one point "
            + "per step: requests, responses by status class, errors (5xx), uncaught exceptions, limit hits by kind, CPU and wall "
            + "time p50/p99 in ms (percentiles of the merged per-minute histograms of every edge node, re-merged per step), "
            + "subrequests, and service binding calls by the environment they reached. The edge counts a request in the minute it "
            + "ended and ships each minute within about a minute (`edge.analytics.flush-interval`). Minutes are kept "
            + "`platform.analytics.retention` (30 days). 400 for a bad or too long range, or more than "
            + "`platform.analytics.max-points` points.")
    public Uni<EnvironmentAnalytics> environment(@PathParam("account") String account, @PathParam("service") String service,
                                                 @PathParam("environment") String environment,
                                                 @Parameter(description = "ISO-8601 instant, rounded down to the minute; default: an hour before `to`",
                                                         example = "2026-12-02T13:00:00Z") @QueryParam("from") String from,
                                                 @Parameter(description = "ISO-8601 instant (exclusive), rounded up to the minute; default: now",
                                                         example = "2026-12-02T14:00:00Z") @QueryParam("to") String to,
                                                 @Parameter(description = "Step: whole minutes as `5m`, `1h`, `1d` or ISO-8601 (`PT5M`); "
                                                         + "default: the range in 60 steps (at least 1m)", example = "5m")
                                                 @QueryParam("step") String step) {
        return analytics.environment(account, service, environment, from, to, step);
    }

    @GET
    @Path("/analytics")
    @Operation(summary = "The account's busiest and most failing environments", description = "Every member (tokens: scope "
            + "`read`). Totals per service environment over `[from, to)` (default: the last hour; at most the retention): "
            + "`busiest` by requests, `most_failing` by error rate (5xx responses / requests) among those with errors or "
            + "uncaught exceptions; `platform.analytics.top-environments` each.")
    public Uni<AccountAnalytics> account(@PathParam("account") String account,
                                         @Parameter(description = "ISO-8601 instant; default: an hour before `to`") @QueryParam("from") String from,
                                         @Parameter(description = "ISO-8601 instant (exclusive); default: now") @QueryParam("to") String to) {
        return analytics.account(account, from, to);
    }
}
