package io.edgeworks.edge.graph;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.Deployment;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.RoutePattern;
import io.edgeworks.bundle.EnvironmentSpec;
import io.edgeworks.bundle.VersionSpec;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Builds a new {@link ServiceGraph} off to the side, account by account (service bindings never leave an account):
 * converts each environment's versions (opening secrets, checking module size), loads each new version once on a
 * worker thread (compile + global scope under the start-up limit), links service bindings (every target must be
 * deployed), and assembles hostnames, routes and cron triggers. An environment that fails keeps its previous node, if
 * any; the failures are returned for logging and metrics. What did not change since the last build is taken over from
 * it (see {@link #parts}). Nothing here touches the graph being served.
 */
public final class GraphBuilder {
    private final VersionLoader loader;
    private final SecretOpener secrets;
    private final long moduleBytesLimit;
    private final long maxCpuMs;
    private final Set<String> loaded = ConcurrentHashMap.newKeySet();
    /**
     * What the last build made of each account, and the graph it returned. A build whose previous graph is that graph
     * takes over the part of every account whose input is the very same object (no environment of it looked at); in an
     * account it builds again, it takes over each node whose spec is the very same object (bundles are cached by
     * digest, so an unchanged environment arrives as the same object) and that the previous graph still serves: no
     * conversion, no secrets opened, nothing loaded. So applying a deploy costs the work of its account plus copying
     * references. Only the building thread touches these.
     */
    private Map<String, AccountPart> parts = Map.of();
    private ServiceGraph lastBuilt;
    /** The context keys of {@link #lastBuilt}'s versions (as a set: {@code keySet()}), kept from build to build. */
    private ShardedMap<String, Boolean> lastKeys;
    /** The graph {@link #lastBuilt} was built from, and the keys that build dropped (null: a full build). */
    private ServiceGraph lastPrevious;
    private List<String> lastDropped;
    /** The graph last passed to {@link #served}. */
    private ServiceGraph lastServed;
    /** Keys added to {@link #loaded} since the last {@link #served} (by loads, on any thread). */
    private final Set<String> loadedSinceServed = ConcurrentHashMap.newKeySet();

    /**
     * One account's part of a graph, built from {@code input}; {@code built}: the spec each node was converted from;
     * {@code settled}: nothing of it failed (an account with a failure is built again at the next build, so a version
     * that did not load, e.g. timed out on a busy node, is tried again, as it was before parts were taken over).
     */
    private record AccountPart(GraphInput.AccountInput input, Map<EnvironmentRef, EnvironmentNode> nodes,
                               Map<String, EnvironmentRef> hostnames, List<ServiceGraph.Route> routes,
                               Map<EnvironmentRef, List<io.edgeworks.bundle.CronSchedule>> crons, Map<EnvironmentRef, Built> built,
                               boolean settled) {
    }

    private record Built(EnvironmentSpec spec, EnvironmentNode node) {
    }

    public GraphBuilder(VersionLoader loader, SecretOpener secrets, long moduleBytesLimit, long maxCpuMs) {
        this.loader = loader;
        this.secrets = secrets;
        this.moduleBytesLimit = moduleBytesLimit;
        this.maxCpuMs = maxCpuMs;
    }

    /** {@code failures}: what this build could not take, for logging and metrics. */
    public record Result(ServiceGraph graph, List<BuildFailure> failures) {
    }

    /**
     * Tells the loader that {@code graph} is now served: the versions it does not carry may be let go (and are loaded
     * again should a later graph carry them).
     */
    public void served(ServiceGraph graph) {
        Set<String> keys;
        if (graph == lastBuilt && lastDropped != null && lastPrevious == lastServed) {
            // the graph continues the one served last: only what its build dropped or loaded can be in loaded and not
            // in the graph (loaded held nothing else after the last call), so the call costs what the notice changed
            keys = lastKeys.keySet();
            for (String key : lastDropped) {
                if (!lastKeys.containsKey(key)) {
                    loaded.remove(key);
                }
            }
            for (String key : loadedSinceServed) {
                if (!lastKeys.containsKey(key)) {
                    loaded.remove(key);
                }
            }
        } else {
            keys = graph == lastBuilt ? lastKeys.keySet() : Set.copyOf(graph.contextKeys());
            loaded.retainAll(keys);
        }
        loadedSinceServed.clear();
        lastServed = graph;
        loader.retainOnly(keys);
    }

    public Result build(GraphInput input, ServiceGraph previous) {
        return build(input, previous, false);
    }

    /**
     * As {@link #build(GraphInput, ServiceGraph)}; with {@code lazy}, versions not loaded before are accepted without
     * loading them (no compile, no global scope run): each compiles on its first request on each worker thread, and a
     * version that does not load then answers that request with its error instead of being left out here. For a node's
     * first load, where there is no previous version to keep serving anyway; later builds skip the versions accepted
     * here, as they skip those they loaded.
     */
    public Result build(GraphInput input, ServiceGraph previous, boolean lazy) {
        boolean continues = previous == lastBuilt;
        List<BuildFailure> failures = new ArrayList<>();
        Map<String, AccountPart> next = new HashMap<>();
        Map<String, PendingAccount> pending = new HashMap<>();
        input.accounts().forEach((account, accountInput) -> {
            AccountPart before = continues ? parts.get(account) : null;
            if (before != null && before.settled() && before.input() == accountInput) {
                next.put(account, before);
            } else {
                pending.put(account, convert(accountInput, before, previous, lazy));
            }
        });
        // every account's new versions load at once (on the worker threads); then each account is finished
        pending.forEach((account, p) -> next.put(account, p.finish(previous)));
        pending.values().forEach(p -> failures.addAll(p.failures));
        ServiceGraph graph;
        if (continues && lastKeys != null) {
            graph = changed(input.sequence(), previous, next);
        } else {
            graph = merged(input.sequence(), next);
            Map<String, Boolean> keys = new HashMap<>();
            graph.contextKeys().forEach(key -> keys.put(key, Boolean.TRUE));
            lastKeys = ShardedMap.copyOf(keys);
            lastDropped = null;
        }
        lastPrevious = previous;
        parts = next;
        lastBuilt = graph;
        return new Result(graph, failures);
    }

    /** The graph of every account's part, its tables built from all of them. */
    private static ServiceGraph merged(long sequence, Map<String, AccountPart> next) {
        Map<EnvironmentRef, EnvironmentNode> nodes = new HashMap<>();
        Map<String, EnvironmentRef> hostnames = new HashMap<>();
        List<ServiceGraph.Route> routes = new ArrayList<>();
        Map<EnvironmentRef, List<io.edgeworks.bundle.CronSchedule>> crons = new HashMap<>();
        for (AccountPart part : next.values()) {
            nodes.putAll(part.nodes());
            hostnames.putAll(part.hostnames());
            routes.addAll(part.routes());
            crons.putAll(part.crons());
        }
        return new ServiceGraph(sequence, nodes, hostnames, routes, crons);
    }

    /**
     * The graph of {@code next}, built from {@code previous} (the graph of this builder's {@link #parts}) by replacing the
     * entries of the accounts whose part is new or gone; the untouched shards of its tables are shared
     * ({@link ShardedMap}), so a notice that changes one account costs what that account holds, not what the node
     * serves. Same result as {@link #merged}.
     */
    private ServiceGraph changed(long sequence, ServiceGraph previous, Map<String, AccountPart> next) {
        java.util.Set<String> accounts = new java.util.HashSet<>();
        next.forEach((account, part) -> {
            if (parts.get(account) != part) {
                accounts.add(account);
            }
        });
        parts.keySet().forEach(account -> {
            if (!next.containsKey(account)) {
                accounts.add(account);
            }
        });
        List<EnvironmentRef> goneNodes = new ArrayList<>();
        List<String> goneHosts = new ArrayList<>();
        List<EnvironmentRef> goneCrons = new ArrayList<>();
        Map<EnvironmentRef, EnvironmentNode> nodes = new HashMap<>();
        Map<String, EnvironmentRef> hostnames = new HashMap<>();
        Map<EnvironmentRef, List<io.edgeworks.bundle.CronSchedule>> crons = new HashMap<>();
        List<String> droppedKeys = new ArrayList<>();
        Map<String, Boolean> addedKeys = new HashMap<>();
        boolean routesChanged = false;
        for (String account : accounts) {
            AccountPart before = parts.get(account);
            AccountPart after = next.get(account);
            if (before != null) {
                goneNodes.addAll(before.nodes().keySet());
                goneCrons.addAll(before.crons().keySet());
                before.nodes().values().forEach(node -> node.versions().forEach(v -> droppedKeys.add(v.contextKey())));
                // a hostname another account maps (never published so, but a table must not depend on it) stays its
                before.hostnames().forEach((host, ref) -> {
                    if (ref.equals(previous.hostnames().get(host))) {
                        goneHosts.add(host);
                    }
                });
                routesChanged |= !before.routes().isEmpty();
            }
            if (after != null) {
                nodes.putAll(after.nodes());
                hostnames.putAll(after.hostnames());
                crons.putAll(after.crons());
                after.nodes().values().forEach(node -> node.versions().forEach(v -> addedKeys.put(v.contextKey(), Boolean.TRUE)));
                routesChanged |= !after.routes().isEmpty();
            }
        }
        // an account's versions are its own (a context key names its environment), so no other account holds these keys
        ShardedMap<String, Boolean> keys = lastKeys.with(droppedKeys, addedKeys);
        List<ServiceGraph.Route> routes = previous.routes();
        if (routesChanged) {
            routes = new ArrayList<>();
            for (AccountPart part : next.values()) {
                routes.addAll(part.routes());
            }
        }
        ServiceGraph graph = new ServiceGraph(sequence, ShardedMap.copyOf(previous.environments()).with(goneNodes, nodes),
                ShardedMap.copyOf(previous.hostnames()).with(goneHosts, hostnames), routes,
                ShardedMap.copyOf(previous.crons()).with(goneCrons, crons));
        lastKeys = keys; // only for a graph that was made
        lastDropped = droppedKeys;
        return graph;
    }

    /** An account being built: its nodes converted (or taken over) and its new versions loading. */
    private final class PendingAccount {
        final GraphInput.AccountInput input;
        final Map<EnvironmentRef, EnvironmentNode> nodes = new LinkedHashMap<>();
        final Map<EnvironmentRef, EnvironmentSpec> specs = new HashMap<>();
        final Map<EnvironmentRef, CompletableFuture<String>> loads = new HashMap<>();
        final Map<EnvironmentRef, EnvironmentNode> candidates = new HashMap<>();
        final Map<EnvironmentRef, Built> built = new HashMap<>();
        final Map<EnvironmentRef, Built> builtBefore;
        final List<BuildFailure> failures = new ArrayList<>();

        PendingAccount(GraphInput.AccountInput input, Map<EnvironmentRef, Built> builtBefore) {
            this.input = input;
            this.builtBefore = builtBefore;
        }

        AccountPart finish(ServiceGraph previous) {
            for (Map.Entry<EnvironmentRef, EnvironmentNode> entry : candidates.entrySet()) {
                String error;
                try {
                    error = loads.get(entry.getKey()).get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    error = "loading timed out or failed: " + e;
                }
                if (error == null) {
                    nodes.put(entry.getKey(), entry.getValue());
                    built.put(entry.getKey(), new Built(specs.get(entry.getKey()), entry.getValue()));
                } else {
                    failures.add(new BuildFailure(entry.getKey().key(), error));
                    keepPrevious(entry.getKey(), previous, nodes);
                }
            }
            link(nodes, previous, failures);
            // a node kept from the previous graph keeps the spec it was built from; one link dropped is not taken over
            Map<EnvironmentRef, Built> kept = new HashMap<>();
            nodes.forEach((ref, node) -> {
                Built b = built.get(ref);
                Built old = builtBefore.get(ref);
                if (b != null && b.node() == node) {
                    kept.put(ref, b);
                } else if (old != null && old.node() == node) {
                    kept.put(ref, old);
                }
            });
            Map<String, EnvironmentRef> hostnames = new HashMap<>();
            input.hostnames().forEach((host, ref) -> {
                if (nodes.containsKey(ref)) {
                    hostnames.put(ServiceGraph.normalizeHost(host), ref);
                }
            });
            List<ServiceGraph.Route> routes = new ArrayList<>();
            for (GraphInput.RouteSpec route : input.routes()) {
                try {
                    RoutePattern pattern = RoutePattern.parse(route.pattern());
                    if (!nodes.containsKey(route.environment())) {
                        failures.add(new BuildFailure("route " + route.id(), "target " + route.environment() + " is not deployed"));
                        continue;
                    }
                    routes.add(new ServiceGraph.Route(route.id(), pattern, route.environment()));
                } catch (IllegalArgumentException e) {
                    failures.add(new BuildFailure("route " + route.id(), e.getMessage()));
                }
            }
            Map<EnvironmentRef, List<io.edgeworks.bundle.CronSchedule>> crons = new HashMap<>();
            input.crons().forEach((ref, schedules) -> {
                if (nodes.containsKey(ref) && !schedules.isEmpty()) {
                    crons.put(ref, List.copyOf(schedules));
                }
            });
            return new AccountPart(input, Map.copyOf(nodes), Map.copyOf(hostnames), List.copyOf(routes), Map.copyOf(crons),
                    Map.copyOf(kept), failures.isEmpty());
        }
    }

    /**
     * Starts building one account: converts each environment's spec into a node (or takes over the node built from the
     * very same spec, if {@code previous} still serves it) and starts loading the new versions.
     */
    private PendingAccount convert(GraphInput.AccountInput input, AccountPart before, ServiceGraph previous, boolean lazy) {
        PendingAccount p = new PendingAccount(input, before == null ? Map.of() : before.built());
        List<BuildFailure> failures = p.failures;
        for (Map.Entry<EnvironmentRef, Bundle> entry : input.bundles().entrySet()) {
            Bundle bundle = entry.getValue();
            if (!bundle.root().equals(entry.getKey())) {
                failures.add(new BuildFailure(entry.getKey().key(), "bundle is for " + bundle.root() + ", not for " + entry.getKey()));
                keepPrevious(entry.getKey(), previous, p.nodes);
                continue;
            }
            p.specs.put(bundle.root(), bundle.rootEnvironment());
        }
        // Binding targets travel inside the binder's bundle; use those copies for targets not deployed on their own.
        for (Bundle bundle : input.bundles().values()) {
            for (EnvironmentSpec spec : bundle.environments()) {
                p.specs.putIfAbsent(spec.ref(), spec);
            }
        }
        for (EnvironmentSpec spec : p.specs.values()) {
            Built old = p.builtBefore.get(spec.ref());
            if (old != null && old.spec() == spec && previous.environments().get(spec.ref()) == old.node()) {
                p.nodes.put(spec.ref(), old.node());
                p.built.put(spec.ref(), old);
                continue;
            }
            try {
                EnvironmentNode node = convert(spec);
                p.candidates.put(spec.ref(), node);
                p.loads.put(spec.ref(), lazy ? accept(node) : loadAll(node));
            } catch (RuntimeException e) {
                failures.add(new BuildFailure(spec.ref().key(), e.getMessage()));
                keepPrevious(spec.ref(), previous, p.nodes);
            }
        }
        return p;
    }

    private static void keepPrevious(EnvironmentRef ref, ServiceGraph previous, Map<EnvironmentRef, EnvironmentNode> nodes) {
        EnvironmentNode old = previous.environments().get(ref);
        if (old != null) {
            nodes.putIfAbsent(ref, old);
        }
    }

    /** Drops environments whose service bindings point at nothing deployed (repeats until stable). */
    private static void link(Map<EnvironmentRef, EnvironmentNode> nodes, ServiceGraph previous, List<BuildFailure> failures) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (EnvironmentNode node : List.copyOf(nodes.values())) {
                String missing = missingTarget(node, nodes);
                if (missing != null) {
                    nodes.remove(node.ref());
                    failures.add(new BuildFailure(node.ref().key(), "service binding target " + missing + " is not deployed"));
                    EnvironmentNode old = previous.environments().get(node.ref());
                    if (old != null && old != node && missingTarget(old, nodes) == null) {
                        nodes.put(node.ref(), old);
                    }
                    changed = true;
                }
            }
        }
    }

    private static String missingTarget(EnvironmentNode node, Map<EnvironmentRef, EnvironmentNode> nodes) {
        for (EnvironmentNode.Share share : node.shares()) {
            for (Binding binding : share.version().bindings()) {
                if (binding instanceof Binding.Service s) {
                    EnvironmentRef target = new EnvironmentRef(node.ref().account(), s.service(), s.environment());
                    if (!nodes.containsKey(target)) {
                        return target.key();
                    }
                }
            }
        }
        return null;
    }

    /** The node of {@code spec}: every version it carries (deployed and pinned), the deployment's shares among them. */
    private EnvironmentNode convert(EnvironmentSpec spec) {
        Map<Integer, WorkerVersion> versions = new LinkedHashMap<>();
        for (VersionSpec version : spec.versions()) {
            if (version.limits().cpuMs() > maxCpuMs) {
                throw new IllegalArgumentException("version " + version.number() + " asks for " + version.limits().cpuMs()
                        + " ms CPU, above this edge's maximum of " + maxCpuMs + " ms");
            }
            WorkerVersion worker = new WorkerVersion(spec.ref(), version.number(), version.id(), version.digest(),
                    version.mainModule(), version.modules(), version.vars(),
                    secrets.open(spec.ref(), version.number(), version.secrets()), version.bindings(),
                    version.limits().cpuMs());
            if (worker.moduleBytes() > moduleBytesLimit) {
                throw new IllegalArgumentException("version " + version.number() + " has " + worker.moduleBytes()
                        + " bytes of modules, above the limit of " + moduleBytesLimit);
            }
            versions.put(version.number(), worker);
        }
        List<EnvironmentNode.Share> shares = new ArrayList<>();
        for (Deployment.Split split : spec.deployment().versions()) {
            WorkerVersion worker = versions.get(split.number());
            if (worker == null) {
                throw new IllegalArgumentException("deployed version " + split.number() + " missing");
            }
            shares.add(new EnvironmentNode.Share(worker, split.percentage()));
        }
        return new EnvironmentNode(spec.ref(), spec.hostname(), shares, List.copyOf(versions.values()), spec.versionOverrides());
    }

    private CompletableFuture<String> accept(EnvironmentNode node) {
        for (WorkerVersion version : node.versions()) {
            loaded.add(version.contextKey());
            loadedSinceServed.add(version.contextKey());
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<String> loadAll(EnvironmentNode node) {
        CompletableFuture<String> all = CompletableFuture.completedFuture(null);
        for (WorkerVersion version : node.versions()) {
            if (loaded.contains(version.contextKey())) {
                continue;
            }
            CompletableFuture<String> one = loader.load(version).thenApply(error -> {
                if (error == null) {
                    loaded.add(version.contextKey());
                    loadedSinceServed.add(version.contextKey());
                    return null;
                }
                return "version " + version.number() + " does not load: " + error;
            });
            all = all.thenCombine(one, (a, b) -> a != null ? a : b);
        }
        return all;
    }
}
