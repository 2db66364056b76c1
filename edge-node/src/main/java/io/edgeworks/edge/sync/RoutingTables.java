package io.edgeworks.edge.sync;

import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.CronSchedule;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.RoutePattern;
import io.edgeworks.edge.graph.GraphInput;
import io.edgeworks.edge.metrics.EdgeMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The hostnames, routes and cron triggers of one admitted manifest that this edge will serve: only what the account
 * owns. A generated hostname must be {@code <label>.<account>.<base domain>}; a route's pattern must parse
 * and its host must lie inside one of the manifest's custom domains ({@link AccountManifest#ownsRoute}).
 * Anything else is left out with a warning and counted in {@code edge_state_refused_total{kind="hostname"|"route"}}:
 * even a validly signed manifest never lets one account capture another's traffic.
 */
record RoutingTables(Map<String, EnvironmentRef> hostnames, List<GraphInput.RouteSpec> routes,
                     Map<EnvironmentRef, List<CronSchedule>> crons) {
    private static final Logger LOG = Logger.getLogger(RoutingTables.class);

    RoutingTables {
        hostnames = Map.copyOf(hostnames);
        routes = List.copyOf(routes);
        crons = Map.copyOf(crons);
    }

    static RoutingTables of(AccountManifest manifest, EdgeMetrics metrics) {
        Map<String, EnvironmentRef> hostnames = new HashMap<>();
        manifest.hostnames().forEach((host, envKey) -> {
            if (manifest.ownsHostname(host)) {
                hostnames.put(host, EnvironmentRef.parse(envKey));
            } else {
                metrics.stateRefused("hostname", "outside_account");
                LOG.warnf("state sync: account %s: hostname %s is not <label>.%s.%s; not served", manifest.account(), host,
                        manifest.account(), manifest.baseDomain());
            }
        });
        List<GraphInput.RouteSpec> routes = new ArrayList<>();
        for (AccountManifest.Route route : manifest.routes()) {
            RoutePattern pattern;
            try {
                pattern = RoutePattern.parse(route.pattern());
            } catch (IllegalArgumentException e) {
                metrics.stateRefused("route", "invalid_pattern");
                LOG.warnf("state sync: account %s: route %s pattern '%s' is invalid (%s); not served", manifest.account(),
                        route.id(), route.pattern(), e.getMessage());
                continue;
            }
            if (!manifest.ownsRoute(pattern)) {
                metrics.stateRefused("route", "outside_domains");
                LOG.warnf("state sync: account %s: route %s host '%s' is not inside the account's domains %s; not served",
                        manifest.account(), route.id(), pattern.host(), manifest.domains());
                continue;
            }
            routes.add(new GraphInput.RouteSpec(route.id(), route.pattern(), EnvironmentRef.parse(route.environment())));
        }
        Map<EnvironmentRef, List<CronSchedule>> crons = new HashMap<>();
        manifest.crons().forEach((envKey, expressions) -> {
            List<CronSchedule> schedules = new ArrayList<>();
            for (String expression : expressions) {
                try {
                    schedules.add(CronSchedule.parse(expression));
                } catch (IllegalArgumentException e) {
                    metrics.stateRefused("cron", "invalid_expression");
                    LOG.warnf("state sync: account %s: cron trigger '%s' of %s is invalid (%s); not scheduled", manifest.account(),
                            expression, envKey, e.getMessage());
                }
            }
            if (!schedules.isEmpty()) {
                crons.put(EnvironmentRef.parse(envKey), schedules);
            }
        });
        return new RoutingTables(hostnames, routes, crons);
    }
}
