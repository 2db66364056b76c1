package io.edgeworks.api.analytics;

import io.edgeworks.api.environment.EnvironmentTarget;
import io.edgeworks.api.environment.Environments;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.TokenScopes;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the stored minutes back: an environment's series per version (histograms re-merged per step, so p50/p99 are
 * those of the requests in the step) and the account's busiest and most failing environments. Every member may read
 * them (tokens: scope {@code read}).
 */
@ApplicationScoped
public class AnalyticsService {
    private final AccessGuard guard;
    private final Environments environments;
    private final AnalyticsRepository repository;
    private final Pool pool;
    private final AnalyticsConfig config;

    public AnalyticsService(AccessGuard guard, Environments environments, AnalyticsRepository repository, Pool pool,
                            AnalyticsConfig config) {
        this.guard = guard;
        this.environments = environments;
        this.repository = repository;
        this.pool = pool;
        this.config = config;
    }

    @WithSession
    public Uni<EnvironmentAnalytics> environment(String slug, String service, String environment, String from, String to, String step) {
        AnalyticsRange range = AnalyticsRange.parse(from, to, step, Instant.now(), config.retention(), config.maxPoints());
        return guard.requireScope(slug, TokenScopes.READ)
                .chain(access -> environments.require(access, service, environment))
                .chain((EnvironmentTarget target) -> pool.withConnection(conn -> repository.rows(conn, target.id(),
                                range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC)))
                        .map(rows -> series(target.key(), range, rows, config.maxVersions())));
    }

    /** Groups rows by version and step; the busiest {@code maxVersions} apart, the rest summed as version null. */
    static EnvironmentAnalytics series(String key, AnalyticsRange range, List<AnalyticsRepository.MinuteRow> rows, int maxVersions) {
        int points = range.points();
        long stepMs = range.step().toMillis();
        Map<Integer, Figures[]> byVersion = new HashMap<>();
        Map<Integer, Long> requests = new HashMap<>();
        for (AnalyticsRepository.MinuteRow row : rows) {
            int index = (int) ((row.minute().toInstant().toEpochMilli() - range.from().toEpochMilli()) / stepMs);
            if (index < 0 || index >= points) {
                continue;
            }
            Figures[] series = byVersion.computeIfAbsent(row.version(), v -> new Figures[points]);
            if (series[index] == null) {
                series[index] = new Figures();
            }
            series[index].add(row.figures());
            requests.merge(row.version(), row.figures().requests, Long::sum);
        }
        List<Integer> order = new ArrayList<>(byVersion.keySet());
        order.sort(Comparator.<Integer>comparingLong(requests::get).reversed().thenComparing(Comparator.reverseOrder()));
        List<Instant> times = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            times.add(range.from().plusMillis(i * stepMs));
        }
        List<VersionSeries> versions = new ArrayList<>();
        Figures[] rest = null;
        for (int i = 0; i < order.size(); i++) {
            Figures[] series = byVersion.get(order.get(i));
            if (i < maxVersions) {
                versions.add(view(order.get(i), series, times));
            } else {
                rest = rest == null ? new Figures[points] : rest;
                for (int p = 0; p < points; p++) {
                    if (series[p] != null) {
                        rest[p] = rest[p] == null ? new Figures() : rest[p];
                        rest[p].add(series[p]);
                    }
                }
            }
        }
        if (rest != null) {
            versions.add(view(null, rest, times));
        }
        return new EnvironmentAnalytics(key, range.from(), range.to(), range.step().toSeconds(), times, versions);
    }

    private static VersionSeries view(Integer version, Figures[] series, List<Instant> times) {
        Figures total = new Figures();
        List<AnalyticsPoint> points = new ArrayList<>(series.length);
        for (int p = 0; p < series.length; p++) {
            Figures f = series[p] == null ? new Figures() : series[p];
            total.add(f);
            points.add(AnalyticsPoint.of(times.get(p), f));
        }
        return new VersionSeries(version, AnalyticsPoint.of(times.getFirst(), total), points);
    }

    @WithSession
    public Uni<AccountAnalytics> account(String slug, String from, String to) {
        AnalyticsRange range = AnalyticsRange.parse(from, to, null, Instant.now(), config.retention(), Integer.MAX_VALUE);
        return guard.requireScope(slug, TokenScopes.READ)
                .chain(access -> pool.withConnection(conn -> repository.totals(conn, access.accountId(),
                        range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC))))
                .map(totals -> summary(range, totals, config.topEnvironments()));
    }

    static AccountAnalytics summary(AnalyticsRange range, List<AnalyticsRepository.EnvironmentTotals> totals, int top) {
        List<AccountAnalytics.EnvironmentSummary> all = totals.stream().map(t -> new AccountAnalytics.EnvironmentSummary(t.service(),
                t.environment(), t.requests(), t.errors(), t.exceptions(), t.limitHits(),
                t.requests() == 0 ? 0 : (double) t.errors() / t.requests())).toList();
        Comparator<AccountAnalytics.EnvironmentSummary> byName = Comparator.comparing(AccountAnalytics.EnvironmentSummary::service)
                .thenComparing(AccountAnalytics.EnvironmentSummary::environment);
        List<AccountAnalytics.EnvironmentSummary> busiest = all.stream()
                .sorted(Comparator.comparingLong(AccountAnalytics.EnvironmentSummary::requests).reversed().thenComparing(byName))
                .limit(top).toList();
        List<AccountAnalytics.EnvironmentSummary> failing = all.stream().filter(s -> s.errors() > 0 || s.exceptions() > 0)
                .sorted(Comparator.comparingDouble(AccountAnalytics.EnvironmentSummary::errorRate).reversed()
                        .thenComparing(Comparator.comparingLong(AccountAnalytics.EnvironmentSummary::errors).reversed())
                        .thenComparing(byName))
                .limit(top).toList();
        return new AccountAnalytics(range.from(), range.to(), busiest, failing);
    }
}
