package io.edgeworks.edge.graph;

import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.Deployment;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.EnvironmentSpec;
import io.edgeworks.bundle.VersionSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * What one deploy's notice costs the graph on a node that serves many accounts, the JavaScript left out: the builder with
 * a loader that answers every version as loaded at once (a fake of the worker pool, whose loading is measured elsewhere),
 * N accounts of one environment each, then notices that each change one account's version: the input gathered, {@code
 * build} with the previous graph and {@code served}, as StateSync does per notice. Prints p50 / p99 / max in ms per N.
 *
 * <p>{@code BENCH_CLASS=io.edgeworks.edge.graph.GraphScaleBench edge-node/profile.sh 0} (arguments: the counts, default
 * 1000 10000; the notices per count, default 400).
 */
public final class GraphScaleBench {

    private GraphScaleBench() {
    }

    private static Bundle bundle(int account, int number) {
        EnvironmentRef ref = new EnvironmentRef("account-" + account, "svc", "production");
        VersionSpec version = new VersionSpec("id-" + account + "-" + number, number, "worker.js",
                new TreeMap<>(Map.of("worker.js", "export default { fetch() { return new Response('" + account + " v" + number + "'); } }")),
                null, null, List.of(), null, "digest-" + account + "-" + number);
        EnvironmentSpec spec = new EnvironmentSpec(ref, "svc-" + account + ".example.localhost", Deployment.single(number, number), List.of(version));
        return new Bundle(Bundle.FORMAT, ref, List.of(spec));
    }

    private static GraphInput.AccountInput input(int account, int number) {
        Bundle b = bundle(account, number);
        return new GraphInput.AccountInput(Map.of(b.root(), b), Map.of(b.rootEnvironment().hostname(), b.root()), List.of(), Map.of());
    }

    public static void main(String[] args) {
        int notices = Integer.getInteger("bench.notices", 400);
        List<Integer> counts = args.length == 0 || args[0].equals("0") ? List.of(1_000, 10_000)
                : java.util.Arrays.stream(args).map(Integer::valueOf).toList();
        for (int round = 0; round < 2; round++) { // the first round warms the JIT
            for (int n : counts) {
                GraphBuilder builder = new GraphBuilder(VersionLoader.of(v -> CompletableFuture.completedFuture(null), keys -> { }),
                        new SecretOpener(null), 1 << 20, 30_000);
                Map<String, GraphInput.AccountInput> accounts = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    accounts.put("account-" + i, input(i, 1));
                }
                long sequence = 1;
                GraphBuilder.Result first = builder.build(new GraphInput(sequence, accounts), ServiceGraph.EMPTY, true);
                builder.served(first.graph());
                ServiceGraph graph = first.graph();
                long[] nanos = new long[notices];
                long[] inputNanos = new long[notices];
                long[] buildNanos = new long[notices];
                java.util.Random random = new java.util.Random(n);
                for (int k = 0; k < notices; k++) {
                    int changed = random.nextInt(n);
                    accounts.put("account-" + changed, input(changed, k + 2));
                    long start = System.nanoTime();
                    // StateSync's own per-notice part: the accounts' inputs gathered, the input record made
                    GraphInput next = new GraphInput(++sequence, new HashMap<>(accounts));
                    long built = System.nanoTime();
                    GraphBuilder.Result result = builder.build(next, graph, false);
                    long servedAt = System.nanoTime();
                    builder.served(result.graph());
                    nanos[k] = System.nanoTime() - start;
                    inputNanos[k] = built - start;
                    buildNanos[k] = servedAt - built;
                    graph = result.graph();
                }
                java.util.Arrays.sort(nanos);
                java.util.Arrays.sort(inputNanos);
                java.util.Arrays.sort(buildNanos);
                if (round == 1) {
                    System.out.printf(java.util.Locale.ROOT, "%,d accounts: p50 of its parts: input %.2f ms, build %.2f ms, served the rest%n",
                            n, inputNanos[notices / 2] / 1e6, buildNanos[notices / 2] / 1e6);
                    System.out.printf(java.util.Locale.ROOT, "%,d accounts: one notice (build + served) p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d notices)%n",
                            n, nanos[notices / 2] / 1e6, nanos[(int) Math.ceil(notices * 0.99) - 1] / 1e6, nanos[notices - 1] / 1e6, notices);
                }
            }
        }
    }
}
