package io.edgeworks.admin.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The records platform-api answers with (snake_case on the wire, see CONTRACT.md "REST API"). */
public final class ApiModel {
    private ApiModel() {
    }

    /** GET /api/me. */
    public record Me(String username, List<Membership> accounts) {
        public Me {
            accounts = accounts == null ? List.of() : List.copyOf(accounts);
        }

        /** The caller's role in an account, or empty when not a member. */
        public java.util.Optional<String> roleIn(String slug) {
            return accounts.stream().filter(m -> m.slug().equals(slug)).map(Membership::role).findFirst();
        }
    }

    public record Membership(String slug, String role) {
    }

    public record Account(String slug, String name, String role, Instant createdAt) {
    }

    public record Member(String username, String role, Instant createdAt) {
    }

    public record Service(String name, List<Environment> environments, Instant createdAt) {
        public Service {
            environments = environments == null ? List.of() : List.copyOf(environments);
        }
    }

    public record Environment(String name, String hostname, Integer latestVersion, Deployment deployment,
            Instant createdAt) {
        /** The version numbers serving traffic, e.g. "v3 (90%), v4 (10%)", or "not deployed". */
        public String live() {
            if (deployment == null || deployment.versions().isEmpty()) {
                return "not deployed";
            }
            if (deployment.versions().size() == 1) {
                return "v" + deployment.versions().getFirst().number();
            }
            return String.join(", ", deployment.versions().stream()
                    .map(v -> "v" + v.number() + " (" + v.percentage() + "%)").toList());
        }

        public boolean isProduction() {
            return "production".equals(name);
        }

        /** True when this version alone serves all traffic (deploying it again would change nothing). */
        public boolean servesAlone(int number) {
            return deployment != null && deployment.versions().size() == 1
                    && deployment.versions().getFirst().number() == number;
        }

        public boolean serves(int number) {
            return deployment != null && deployment.versions().stream().anyMatch(v -> v.number() == number);
        }
    }

    public record Deployment(List<Slice> versions, String message, String author, Instant createdAt) {
        public Deployment {
            versions = versions == null ? List.of() : List.copyOf(versions);
        }
    }

    /** One version of a deployment and its share of traffic. */
    public record Slice(int number, int percentage) {
    }

    public record Annotations(String message, String tag, String commit) {
        public static final Annotations NONE = new Annotations(null, null, null);
    }

    /** An environment's cron triggers ({@code PUT · GET …/environments/{e}/triggers}): five-field expressions, UTC. */
    public record Triggers(List<String> crons) {
        public Triggers {
            crons = crons == null ? List.of() : List.copyOf(crons);
        }
    }

    /**
     * One run of an environment's cron trigger ({@code GET …/triggers/runs}, newest first), as the edge node that ran
     * it recorded it: {@code outcome} is {@code ok}, {@code exception} or {@code exceeded_limit}.
     */
    public record CronRun(Instant scheduledTime, String cron, Instant startedAt, long durationMs, String outcome, String error,
            int version, String node) {
        public boolean ok() {
            return "ok".equals(outcome);
        }
    }

    /** A version as listed, or in full (then modules, vars, bindings and secret names are set). */
    public record Version(int number, String id, Instant createdAt, String author, Annotations annotations,
            String hostname, String mainModule, Map<String, String> modules, Map<String, String> vars,
            List<Binding> bindings, List<String> secrets, List<String> secretNames) {
        public Annotations notes() {
            return annotations == null ? Annotations.NONE : annotations;
        }

        /** Secret names, whichever field the API used for them. */
        public List<String> secretList() {
            return secrets != null ? secrets : secretNames != null ? secretNames : List.of();
        }

        public Map<String, String> moduleMap() {
            return modules == null ? Map.of() : modules;
        }

        public Map<String, String> varMap() {
            return vars == null ? Map.of() : vars;
        }

        public List<Binding> bindingList() {
            return bindings == null ? List.of() : bindings;
        }
    }

    /** A binding of a version: {@code type} is "service" or "kv". */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Binding(String type, String name, String service, String environment, String namespace) {
        public String target() {
            return "kv".equals(type) ? "KV namespace " + namespace
                    : "service " + service + " / " + (environment == null ? "production" : environment);
        }
    }

    /**
     * A domain the account claims ({@code pending}) or holds ({@code active}, after proof of control), with
     * what to publish to prove it: the TXT record {@code verification.txtName = txtValue}, or the HTTP path
     * answering {@code txtValue}. The platform orders its certificate once it is active ({@code certificate.status});
     * {@code httpsRedirect}: plain HTTP gets 308 to HTTPS while the edge holds the certificate.
     */
    public record Domain(String name, String status, DomainVerification verification, DomainCertificate certificate,
            boolean httpsRedirect, Instant createdAt, Instant verifiedAt, Instant expiresAt, String lastCheck) {
        public Domain(String name, Instant createdAt) {
            this(name, "active", null, null, false, createdAt, createdAt, null, null);
        }

        public boolean pending() {
            return "pending".equals(status);
        }

        public String certificateStatus() {
            return certificate == null || certificate.status() == null ? "none" : certificate.status();
        }
    }

    public record DomainVerification(String txtName, String txtValue, String httpPath) {
    }

    public record DomainCertificate(String status, Instant notAfter) {
    }

    /** A custom route; {@code status} is "inactive" (with a {@code reason}) while its domain is pending. */
    public record Route(String id, String pattern, String service, String environment, String status, String reason,
            Instant createdAt) {
        public boolean inactive() {
            return "inactive".equals(status);
        }
    }

    public record KvNamespace(String name, Instant createdAt) {
    }

    /** A full-stack preview: one environment named like it in each service of a binding graph. */
    public record Preview(String name, String from, List<String> services, List<PreviewEnvironment> environments,
            Instant createdAt, String createdBy) {
        public Preview {
            services = services == null ? List.of() : List.copyOf(services);
            environments = environments == null ? List.of() : List.copyOf(environments);
        }
    }

    public record PreviewEnvironment(String service, String environment, String hostname) {
    }

    /** An account API token as listed (never its secret). */
    public record ApiToken(String id, String name, List<String> scopes, String createdBy, Instant createdAt, Instant expiresAt,
            Instant lastUsedAt, String status) {
        public ApiToken {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }

        public String scopesText() {
            return String.join(", ", scopes);
        }
    }

    /** The answer of creating an API token: {@code token} is the secret, shown this once. */
    public record CreatedApiToken(String id, String name, List<String> scopes, Instant expiresAt, String token) {
        public String scopesText() {
            return scopes == null ? "" : String.join(", ", scopes);
        }
    }

    /** The API token an audit entry came through. */
    public record AuditToken(String id, String name) {
    }

    public record AuditEntry(long id, String actor, String action, String target, JsonNode summary,
            Instant createdAt, AuditToken token) {
        public AuditEntry(long id, String actor, String action, String target, JsonNode summary, Instant createdAt) {
            this(id, actor, action, target, summary, createdAt, null);
        }

        /** Who, as the log shows it: the person, and the API token when the change came through one. */
        public String who() {
            return token == null ? actor : actor + " via token '" + token.name() + "'";
        }

        public String summaryText() {
            return summary == null || summary.isNull() || summary.isEmpty() ? "" : summary.toString();
        }
    }

    /** Body of POST …/versions. Null fields are left out, so they carry over from the latest version. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record NewVersion(String mainModule, Map<String, String> modules, Map<String, String> vars,
            List<Binding> bindings, Annotations annotations, Boolean deploy) {
    }

    /** {@code GET …/environments/{e}/analytics}: per version, one point per step (see platform-api AnalyticsResource). */
    public record EnvironmentAnalytics(String environment, Instant from, Instant to, long stepSeconds, List<Instant> times,
            List<VersionSeries> versions) {
        public EnvironmentAnalytics {
            times = times == null ? List.of() : List.copyOf(times);
            versions = versions == null ? List.of() : List.copyOf(versions);
        }
    }

    /** One version's series ({@code version} null: the versions beyond the API's limit, summed). */
    public record VersionSeries(Integer version, AnalyticsPoint totals, List<AnalyticsPoint> points) {
        public VersionSeries {
            points = points == null ? List.of() : List.copyOf(points);
        }
    }

    /** What a version did in one step (percentiles null without requests). */
    public record AnalyticsPoint(Instant time, long requests, long errors, long exceptions, Double cpuP50Ms, Double cpuP99Ms,
            Double wallP50Ms, Double wallP99Ms, long subrequests) {
        /** 5xx responses per request, 0..1; null without requests. */
        public Double errorRate() {
            return requests == 0 ? null : (double) errors / requests;
        }
    }

    /** {@code GET /accounts/{a}/analytics}: the busiest and the most failing environments. */
    public record AccountAnalytics(Instant from, Instant to, List<EnvironmentSummary> busiest, List<EnvironmentSummary> mostFailing) {
        public AccountAnalytics {
            busiest = busiest == null ? List.of() : List.copyOf(busiest);
            mostFailing = mostFailing == null ? List.of() : List.copyOf(mostFailing);
        }
    }

    public record EnvironmentSummary(String service, String environment, long requests, long errors, long exceptions, long limitHits,
            double errorRate) {
        /** The error rate as shown: {@code 1.25 %}. */
        public String errorPercent() {
            return String.format(java.util.Locale.ROOT, "%.2f %%", errorRate * 100);
        }
    }
}
