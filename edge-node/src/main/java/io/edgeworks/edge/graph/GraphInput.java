package io.edgeworks.edge.graph;

import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.CronSchedule;
import io.edgeworks.bundle.EnvironmentRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verified published state to build a graph from, by account: each account's {@link AccountInput}. Service bindings
 * never leave an account, so the builder builds each account on its own, and takes over the part it built before for
 * an account whose input is the very same object as in its last build (the sync keeps an unchanged account's input).
 */
public record GraphInput(long sequence, Map<String, AccountInput> accounts) {

    /** A custom route as published: id, pattern text and target environment. */
    public record RouteSpec(String id, String pattern, EnvironmentRef environment) {
    }

    /**
     * One account's state: the bundle of each deployed environment (keyed by its root environment), its hostnames,
     * custom routes and the environments' cron triggers, all targeting the account's own environments.
     */
    public record AccountInput(Map<EnvironmentRef, Bundle> bundles, Map<String, EnvironmentRef> hostnames,
                               List<RouteSpec> routes, Map<EnvironmentRef, List<CronSchedule>> crons) {
        public AccountInput {
            bundles = Map.copyOf(bundles);
            hostnames = Map.copyOf(hostnames);
            routes = List.copyOf(routes);
            crons = Map.copyOf(crons);
        }
    }

    public GraphInput {
        accounts = Map.copyOf(accounts);
    }

    /** Published state without cron triggers, grouped by account. */
    public GraphInput(long sequence, Map<EnvironmentRef, Bundle> bundles, Map<String, EnvironmentRef> hostnames, List<RouteSpec> routes) {
        this(sequence, bundles, hostnames, routes, Map.of());
    }

    /** Published state of any number of accounts in one table each, grouped by the account of each target environment. */
    public GraphInput(long sequence, Map<EnvironmentRef, Bundle> bundles, Map<String, EnvironmentRef> hostnames, List<RouteSpec> routes,
                      Map<EnvironmentRef, List<CronSchedule>> crons) {
        this(sequence, byAccount(bundles, hostnames, routes, crons));
    }

    private static Map<String, AccountInput> byAccount(Map<EnvironmentRef, Bundle> bundles, Map<String, EnvironmentRef> hostnames,
                                                       List<RouteSpec> routes, Map<EnvironmentRef, List<CronSchedule>> crons) {
        record Tables(Map<EnvironmentRef, Bundle> bundles, Map<String, EnvironmentRef> hostnames, List<RouteSpec> routes,
                      Map<EnvironmentRef, List<CronSchedule>> crons) {
        }
        Map<String, Tables> tables = new HashMap<>();
        java.util.function.Function<EnvironmentRef, Tables> of = ref -> tables.computeIfAbsent(ref.account(),
                a -> new Tables(new HashMap<>(), new HashMap<>(), new ArrayList<>(), new HashMap<>()));
        bundles.forEach((ref, bundle) -> of.apply(ref).bundles().put(ref, bundle));
        hostnames.forEach((host, ref) -> of.apply(ref).hostnames().put(host, ref));
        routes.forEach(route -> of.apply(route.environment()).routes().add(route));
        crons.forEach((ref, schedules) -> of.apply(ref).crons().put(ref, schedules));
        Map<String, AccountInput> accounts = new HashMap<>();
        tables.forEach((account, t) -> accounts.put(account, new AccountInput(t.bundles(), t.hostnames(), t.routes(), t.crons())));
        return accounts;
    }
}
