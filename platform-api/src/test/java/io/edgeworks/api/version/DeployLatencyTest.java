package io.edgeworks.api.version;

import io.edgeworks.api.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures POST version → 201 for a 10 KB module (parse, digest, lock, insert, deployment, outbox, audit in
 * one transaction) and logs p50/p99. Bound generously: it guards against pathologies, not for benchmarking.
 */
@QuarkusTest
class DeployLatencyTest {
    private static final Logger LOG = Logger.getLogger(DeployLatencyTest.class);
    private static final int WARMUP = 20;
    private static final int RUNS = 100;

    @Test
    void deployingATenKilobyteModuleIsFast() {
        String owner = Api.user();
        String slug = Api.account(owner);
        Api.service(owner, slug, "latency");
        StringBuilder module = new StringBuilder("export default { async fetch(request, env) {\n  const table = [\n");
        while (module.length() < 10_000) {
            module.append("    'entry ").append(module.length()).append(" padding padding padding padding',\n");
        }
        module.append("  ];\n  return new Response(String(table.length) + ' %s');\n} }\n");
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < WARMUP + RUNS; i++) {
            String code = module.toString().formatted(i);
            long start = System.nanoTime();
            Api.postVersion(owner, slug, "latency", "production", Map.of("modules", Map.of("worker.js", code))).then().statusCode(201);
            if (i >= WARMUP) {
                micros.add((System.nanoTime() - start) / 1000);
            }
        }
        Collections.sort(micros);
        long p50 = micros.get(RUNS / 2);
        long p99 = micros.get(RUNS * 99 / 100 - 1);
        LOG.infof("deploy latency, 10 KB module, %d runs: p50 %.1f ms, p99 %.1f ms", RUNS, p50 / 1000.0, p99 / 1000.0);
        assertTrue(p99 < 2_000_000, "p99 " + p99 / 1000 + " ms is far above the expected tens of milliseconds");
    }
}
