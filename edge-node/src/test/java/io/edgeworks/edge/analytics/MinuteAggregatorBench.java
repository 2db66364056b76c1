package io.edgeworks.edge.analytics;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.util.List;
import java.util.Map;

/**
 * What analytics adds to a request on the edge: the time of one {@link MinuteAggregator#request} call (the edge makes
 * one per request, plus one per limit hit, subrequest and binding call), measured warm on one thread and on two
 * threads recording into the same cells, with a drain every 100 ms as the node's flush does. Not a test: run with
 * {@code java -cp <edge-node test classpath> io.edgeworks.edge.analytics.MinuteAggregatorBench [seconds]}.
 */
public final class MinuteAggregatorBench {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<WorkerVersion> versions = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            EnvironmentRef env = new EnvironmentRef("acme", "svc" + i, "production");
            versions.add(new WorkerVersion(env, 1, "v1", "d1", "worker.js", Map.of("worker.js", ""), Map.of(), Map.of(), List.of(), 50));
        }
        MinuteAggregator aggregator = new MinuteAggregator(200, System::currentTimeMillis, () -> { });
        for (int threads : new int[] {1, 2}) {
            for (int round = 0; round < 2; round++) {
                long[] calls = new long[threads];
                long end = System.nanoTime() + seconds * 1_000_000_000L / 2;
                Thread[] workers = new Thread[threads];
                for (int t = 0; t < threads; t++) {
                    int me = t;
                    workers[t] = new Thread(() -> {
                        long n = 0;
                        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
                        while (System.nanoTime() < end) {
                            for (int i = 0; i < 1000; i++) {
                                aggregator.request(versions.get(random.nextInt(versions.size())), 200, 150_000 + random.nextInt(50_000),
                                        80_000 + random.nextInt(40_000), false);
                            }
                            n += 1000;
                        }
                        calls[me] = n;
                    });
                    workers[t].start();
                }
                long begin = System.nanoTime();
                while (System.nanoTime() < end) {
                    Thread.sleep(100);
                    aggregator.drain("bench", true);
                }
                for (Thread w : workers) {
                    w.join();
                }
                double elapsed = (System.nanoTime() - begin) / 1e9;
                long total = java.util.Arrays.stream(calls).sum();
                System.out.printf("threads=%d round=%d: %,d calls in %.1f s, %.0f ns per call per thread%n", threads, round + 1, total,
                        elapsed, elapsed * 1e9 * threads / total);
            }
        }
    }
}
