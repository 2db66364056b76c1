package io.edgeworks.admin.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeworks.admin.client.ApiModel.AccountAnalytics;
import io.edgeworks.admin.client.ApiModel.AnalyticsPoint;
import io.edgeworks.admin.client.ApiModel.Environment;
import io.edgeworks.admin.client.ApiModel.EnvironmentAnalytics;
import io.edgeworks.admin.client.ApiModel.Slice;
import io.edgeworks.admin.client.ApiModel.VersionSeries;
import io.edgeworks.admin.client.PlatformApi;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analytics parts of the environment and account pages, as HTML fragments that those pages load with htmx (so
 * they stay out of the pages' own templates and resources): an environment's requests, error rate and CPU p50/p99
 * per version over the last hour, day or week (drawn by {@code /static/analytics-charts.js} with uPlot, each chart
 * with a caption and the same figures as a table), and the account's busiest and most failing environments.
 */
@Path("/accounts/{account}")
@Produces(MediaType.TEXT_HTML)
public class AnalyticsPages {
    /** The ranges offered: the length and the step (at most 60 points each). */
    enum Range {
        HOUR("last hour", Duration.ofHours(1), "1m"),
        DAY("last day", Duration.ofDays(1), "30m"),
        WEEK("last week", Duration.ofDays(7), "3h");

        final String label;
        final Duration length;
        final String step;

        Range(String label, Duration length, String step) {
            this.label = label;
            this.length = length;
            this.step = step;
        }

        static Range of(String name) {
            for (Range r : values()) {
                if (r.name().equalsIgnoreCase(name)) {
                    return r;
                }
            }
            return HOUR;
        }
    }

    /** One version's row of the summary table and its chart label ({@code share}: its deployed percentage, null if not deployed). */
    public record Row(String label, Integer share, long requests, String errorRate, String cpuP50, String cpuP99) {
    }

    private final PlatformApi api;
    private final ObjectMapper json;
    private final Template charts;
    private final Template summary;

    public AnalyticsPages(PlatformApi api, ObjectMapper json, @Location("analytics/environment-charts") Template charts,
                          @Location("analytics/account-summary") Template summary) {
        this.api = api;
        this.json = json;
        this.charts = charts;
        this.summary = summary;
    }

    @GET
    @Path("services/{service}/environments/{environment}/analytics")
    public TemplateInstance environment(@PathParam("account") String a, @PathParam("service") String s,
                                        @PathParam("environment") String e, @QueryParam("range") String rangeName) {
        Range range = Range.of(rangeName);
        Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        EnvironmentAnalytics analytics = api.environmentAnalytics(a, s, e, to.minus(range.length).toString(), to.toString(), range.step);
        Environment env = api.environment(a, s, e);
        Map<Integer, Integer> shares = new LinkedHashMap<>();
        if (env.deployment() != null) {
            for (Slice slice : env.deployment().versions()) {
                shares.put(slice.number(), slice.percentage());
            }
        }
        List<Row> rows = new ArrayList<>();
        List<Map<String, Object>> series = new ArrayList<>();
        for (VersionSeries v : analytics.versions()) {
            Integer share = v.version() == null ? null : shares.get(v.version());
            String label = (v.version() == null ? "other versions" : "v" + v.version())
                    + (share == null ? "" : " (" + share + " % deployed)");
            AnalyticsPoint t = v.totals();
            rows.add(new Row(label, share, t.requests(), percent(t.errorRate()), ms(t.cpuP50Ms()), ms(t.cpuP99Ms())));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("label", label);
            line.put("requests", v.points().stream().map(AnalyticsPoint::requests).toList());
            line.put("errorRate", v.points().stream().map(p -> p.errorRate() == null ? null : p.errorRate() * 100).toList());
            line.put("cpuP50", v.points().stream().map(AnalyticsPoint::cpuP50Ms).toList());
            line.put("cpuP99", v.points().stream().map(AnalyticsPoint::cpuP99Ms).toList());
            series.add(line);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("times", analytics.times().stream().map(Instant::getEpochSecond).toList());
        data.put("series", series);
        return charts.data("range", range.name().toLowerCase(java.util.Locale.ROOT)).data("rangeLabel", range.label)
                .data("rows", rows).data("data", scriptJson(data)).data("empty", rows.isEmpty())
                .data("stepLabel", range.step);
    }

    @GET
    @Path("analytics")
    public TemplateInstance account(@PathParam("account") String a) {
        AccountAnalytics analytics = api.accountAnalytics(a, null, null);
        return summary.data("account", a).data("busiest", analytics.busiest()).data("failing", analytics.mostFailing());
    }

    /** JSON safe inside a {@code <script type="application/json">} element (no {@code </script>} can end it early). */
    private String scriptJson(Object data) {
        try {
            return json.writeValueAsString(data).replace("<", "\\u003c");
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String percent(Double rate) {
        return rate == null ? "–" : String.format(java.util.Locale.ROOT, "%.2f %%", rate * 100);
    }

    static String ms(Double value) {
        return value == null ? "–" : String.format(java.util.Locale.ROOT, "%.2f ms", value);
    }
}
