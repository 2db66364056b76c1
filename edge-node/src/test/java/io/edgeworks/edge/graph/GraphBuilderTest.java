package io.edgeworks.edge.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.Deployment;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.EnvironmentSpec;
import io.edgeworks.bundle.VersionSpec;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The builder on its own, with a loader that records what it is asked to load (a fake of the worker pool, which answers
 * every version as loaded unless a test makes one fail once): what a build converts and loads again, and what it takes over from the graph it replaces.
 */
class GraphBuilderTest {
    private final List<String> loads = new ArrayList<>();
    /** Context key prefixes whose first load fails (a version that timed out on a busy node, say). */
    private final Set<String> failOnce = new java.util.HashSet<>();
    private final GraphBuilder builder = new GraphBuilder(VersionLoader.of(version -> {
        loads.add(version.contextKey());
        boolean fail = failOnce.removeIf(prefix -> version.contextKey().startsWith(prefix));
        return CompletableFuture.completedFuture(fail ? "timed out (the test's loader)" : null);
    }, served -> { }), new SecretOpener(null), 1 << 20, 30_000);

    private static final EnvironmentRef A = new EnvironmentRef("acme", "a", "production");
    private static final EnvironmentRef B = new EnvironmentRef("acme", "b", "production");
    private static final EnvironmentRef AUTH = new EnvironmentRef("acme", "auth", "production");

    private static Bundle bundle(EnvironmentRef ref, int number, Binding... bindings) {
        VersionSpec version = new VersionSpec("id-" + ref.service() + "-" + number, number, "worker.js",
                new TreeMap<>(Map.of("worker.js", "export default { fetch() { return new Response('" + ref.service() + " v" + number + "'); } }")),
                null, null, List.of(bindings), null, "digest-" + ref.service() + "-" + number);
        EnvironmentSpec spec = new EnvironmentSpec(ref, ref.service() + ".acme.localhost", Deployment.single(number, number), List.of(version));
        return new Bundle(Bundle.FORMAT, ref, List.of(spec));
    }

    private GraphBuilder.Result build(long sequence, ServiceGraph previous, Bundle... bundles) {
        Map<EnvironmentRef, Bundle> input = new HashMap<>();
        Map<String, EnvironmentRef> hostnames = new HashMap<>();
        for (Bundle b : bundles) {
            input.put(b.root(), b);
            hostnames.put(b.rootEnvironment().hostname(), b.root());
        }
        GraphBuilder.Result result = builder.build(new GraphInput(sequence, input, hostnames, List.of()), previous);
        builder.served(result.graph());
        return result;
    }

    @Test
    void anEnvironmentWhoseBundleDidNotChangeKeepsItsNodeAndIsNeitherConvertedNorLoadedAgain() {
        Bundle a1 = bundle(A, 1);
        Bundle b1 = bundle(B, 1);
        ServiceGraph first = build(1, ServiceGraph.EMPTY, a1, b1).graph();
        assertEquals(2, loads.size(), "each new version loaded once");

        loads.clear();
        Bundle b2 = bundle(B, 2);
        GraphBuilder.Result second = build(2, first, a1, b2);
        assertTrue(second.failures().isEmpty(), second.failures()::toString);
        assertSame(first.environments().get(A), second.graph().environments().get(A), "a's node taken over as it was");
        assertNotSame(first.environments().get(B), second.graph().environments().get(B));
        assertEquals(List.of(b2.rootEnvironment().versions().getFirst().digest()),
                second.graph().environments().get(B).versions().stream().map(WorkerVersion::digest).toList());
        assertEquals(List.of(second.graph().environments().get(B).versions().getFirst().contextKey()), loads,
                "only b's new version loaded");
        assertEquals(B, second.graph().resolve("b.acme.localhost", "https", "/").ref());
    }

    @Test
    void anEqualButRebuiltSpecAndANodeTheGraphNoLongerServesAreConvertedAgain() {
        Bundle a1 = bundle(A, 1);
        ServiceGraph first = build(1, ServiceGraph.EMPTY, a1).graph();

        // the same content in another object (a bundle verified again after the cache forgot it): converted, and its
        // version, still loaded, not loaded again
        loads.clear();
        ServiceGraph second = build(2, first, bundle(A, 1)).graph();
        assertNotSame(first.environments().get(A), second.environments().get(A));
        assertEquals(List.of(), loads);

        // a graph without a; then a again with the very same bundle: not taken over from a build it is not in, and
        // loaded again, since the served graph let its version go
        ServiceGraph without = build(3, second, bundle(B, 1)).graph();
        assertFalse(without.environments().containsKey(A));
        loads.clear();
        ServiceGraph back = build(4, without, a1).graph();
        assertNotSame(first.environments().get(A), back.environments().get(A));
        assertEquals(1, loads.size(), "a's version loaded again: " + loads);
    }

    @Test
    void aNodeThatWouldBeTakenOverIsStillDroppedWhenItsBindingTargetGoes() {
        Bundle gateway = bundle(A, 1, new Binding.Service("AUTH", "auth", "production"));
        Bundle auth = bundle(AUTH, 1);
        ServiceGraph first = build(1, ServiceGraph.EMPTY, gateway, auth).graph();
        assertEquals(Set.of(A, AUTH), first.environments().keySet());

        // auth deleted: a's bundle is the same object, but its binding now points at nothing deployed
        GraphBuilder.Result second = build(2, first, gateway);
        assertEquals(Set.of(), second.graph().environments().keySet());
        assertEquals(List.of(new BuildFailure(A.key(), "service binding target acme/auth/production is not deployed")),
                second.failures());

        // auth back: a is built afresh (the graph it would be taken over from does not serve it)
        ServiceGraph third = build(3, second.graph(), gateway, auth).graph();
        assertEquals(Set.of(A, AUTH), third.environments().keySet());
        assertNotSame(first.environments().get(A), third.environments().get(A));
    }

    private static GraphInput.AccountInput account(Bundle... bundles) {
        Map<EnvironmentRef, Bundle> input = new HashMap<>();
        Map<String, EnvironmentRef> hostnames = new HashMap<>();
        for (Bundle b : bundles) {
            input.put(b.root(), b);
            hostnames.put(b.rootEnvironment().hostname(), b.root());
        }
        return new GraphInput.AccountInput(input, hostnames, List.of(), Map.of());
    }

    @Test
    void anAccountWithAFailureIsBuiltAgainAtTheNextBuildSoAVersionThatDidNotLoadIsTriedAgain() {
        EnvironmentRef shop = new EnvironmentRef("beta", "shop", "production");
        EnvironmentRef broken = new EnvironmentRef("beta", "broken", "production");
        GraphInput.AccountInput beta = account(bundle(shop, 1), bundle(broken, 1, new Binding.Service("AUTH", "auth", "production")));
        GraphInput.AccountInput acme1 = account(bundle(A, 1));
        failOnce.add("acme/a/production#1#");
        GraphBuilder.Result first = builder.build(new GraphInput(1, Map.of("acme", acme1, "beta", beta)), ServiceGraph.EMPTY);
        builder.served(first.graph());
        assertEquals(Set.of(shop), first.graph().environments().keySet(), "a did not load (once), broken has no binding target");
        assertEquals(2, first.failures().size(), first.failures()::toString);

        // another account's change: both accounts had a failure, so both are built again; a loads now, broken fails again
        loads.clear();
        GraphInput.AccountInput gamma = account(bundle(new EnvironmentRef("gamma", "x", "production"), 1));
        GraphBuilder.Result second = builder.build(new GraphInput(2, Map.of("acme", acme1, "beta", beta, "gamma", gamma)), first.graph());
        builder.served(second.graph());
        assertEquals(Set.of(A, shop, new EnvironmentRef("gamma", "x", "production")), second.graph().environments().keySet());
        assertEquals(List.of(new BuildFailure(broken.key(), "service binding target beta/auth/production is not deployed")),
                second.failures(), "the failure that stays is reported again, as before parts were taken over");
        assertSame(first.graph().environments().get(shop), second.graph().environments().get(shop), "shop's node taken over");
        // a's version tried again, gamma's new; broken's again too: it loaded the first time, but a version the served
        // graph does not carry is let go (its contexts closed), so serving it would need it loaded again
        assertEquals(Set.of("acme/a/production", "beta/broken/production", "gamma/x/production"),
                loads.stream().map(key -> key.substring(0, key.indexOf('#'))).collect(java.util.stream.Collectors.toSet()), loads::toString);
        assertEquals(3, loads.size(), loads::toString);
    }

    @Test
    void anAccountWhoseInputIsTheSameObjectIsTakenOverWhole() {
        EnvironmentRef shop = new EnvironmentRef("beta", "shop", "production");
        GraphInput.AccountInput beta = account(bundle(shop, 1));
        GraphInput.AccountInput acme1 = account(bundle(A, 1));
        GraphBuilder.Result first = builder.build(new GraphInput(1, Map.of("acme", acme1, "beta", beta)), ServiceGraph.EMPTY);
        builder.served(first.graph());
        assertEquals(Set.of(A, shop), first.graph().environments().keySet());

        loads.clear();
        GraphInput.AccountInput acme2 = account(bundle(A, 2));
        GraphBuilder.Result second = builder.build(new GraphInput(2, Map.of("acme", acme2, "beta", beta)), first.graph());
        builder.served(second.graph());
        assertEquals(List.of(), second.failures());
        assertSame(first.graph().environments().get(shop), second.graph().environments().get(shop));
        assertEquals(1, loads.size(), "only acme's new version loaded: " + loads);
        assertEquals(shop, second.graph().resolve("shop.acme.localhost", "https", "/").ref(), "beta's hostnames taken over too");
        assertEquals(A, second.graph().resolve("a.acme.localhost", "https", "/").ref());

        // a build on another previous graph than the one last built takes nothing over: every node is converted again
        GraphBuilder.Result elsewhere = builder.build(new GraphInput(3, Map.of("acme", acme2, "beta", beta)), first.graph());
        assertNotSame(second.graph().environments().get(shop), elsewhere.graph().environments().get(shop));
    }

    /**
     * A build that continues the previous graph replaces only the changed accounts' entries in the graph's tables
     * (GraphBuilder.changed): after every step of accounts added, changed and removed, with hostnames, routes and cron
     * triggers, its tables equal those of a fresh builder's full build of the same input.
     */
    @Test
    void aGraphBuiltFromThePreviousOneHasTheTablesOfAFullBuild() {
        java.util.Random random = new java.util.Random(7);
        Map<String, GraphInput.AccountInput> accounts = new HashMap<>();
        ServiceGraph graph = ServiceGraph.EMPTY;
        List<String> asked = new ArrayList<>();
        List<Set<String>> retained = new ArrayList<>();
        GraphBuilder builder = new GraphBuilder(VersionLoader.of(v -> {
            asked.add(v.contextKey());
            return CompletableFuture.completedFuture(null);
        }, retained::add), new SecretOpener(null), 1 << 20, 30_000);
        for (int step = 1; step <= 60; step++) {
            for (int change = random.nextInt(4); change >= 0; change--) {
                String slug = "acct" + random.nextInt(12);
                if (random.nextInt(5) == 0) {
                    accounts.remove(slug);
                    continue;
                }
                Map<EnvironmentRef, Bundle> bundles = new HashMap<>();
                Map<String, EnvironmentRef> hostnames = new HashMap<>();
                List<GraphInput.RouteSpec> routes = new ArrayList<>();
                Map<EnvironmentRef, List<io.edgeworks.bundle.CronSchedule>> crons = new HashMap<>();
                for (int e = random.nextInt(3); e >= 0; e--) {
                    EnvironmentRef ref = new EnvironmentRef(slug, "svc" + e, "production");
                    Bundle b = bundle(ref, 1 + random.nextInt(3));
                    bundles.put(ref, b);
                    hostnames.put(ref.service() + "." + slug + ".localhost", ref);
                    if (random.nextBoolean()) {
                        routes.add(new GraphInput.RouteSpec(slug + "-r" + e, slug + ".example.com/" + e + "/*", ref));
                    }
                    if (random.nextInt(3) == 0) {
                        crons.put(ref, List.of(io.edgeworks.bundle.CronSchedule.parse("*/5 * * * *")));
                    }
                }
                accounts.put(slug, new GraphInput.AccountInput(bundles, hostnames, routes, crons));
            }
            GraphInput input = new GraphInput(step, accounts);
            asked.clear();
            GraphBuilder.Result result = builder.build(input, graph);
            builder.served(result.graph());
            Set<String> before = graph.contextKeys();
            graph = result.graph();
            // what the loader keeps is exactly what the graph carries, and what it was asked to load is exactly what the
            // graph before did not carry (the builder's loaded set follows the served graph, also when kept incrementally)
            assertEquals(graph.contextKeys(), retained.getLast(), "step " + step);
            Set<String> newKeys = new java.util.HashSet<>(graph.contextKeys());
            newKeys.removeAll(before);
            assertEquals(newKeys, Set.copyOf(asked), "step " + step);

            GraphBuilder fresh = new GraphBuilder(VersionLoader.of(v -> CompletableFuture.completedFuture(null), served -> { }),
                    new SecretOpener(null), 1 << 20, 30_000);
            ServiceGraph full = fresh.build(input, ServiceGraph.EMPTY).graph();
            assertEquals(full.environments().keySet(), graph.environments().keySet(), "step " + step);
            for (EnvironmentRef ref : full.environments().keySet()) {
                assertEquals(full.environments().get(ref).versions().stream().map(WorkerVersion::contextKey).toList(),
                        graph.environments().get(ref).versions().stream().map(WorkerVersion::contextKey).toList());
            }
            assertEquals(full.hostnames(), graph.hostnames(), "step " + step);
            assertEquals(full.routes(), graph.routes(), "step " + step);
            assertEquals(full.crons(), graph.crons(), "step " + step);
            assertEquals(full.contextKeys(), graph.contextKeys());
        }
    }
}
