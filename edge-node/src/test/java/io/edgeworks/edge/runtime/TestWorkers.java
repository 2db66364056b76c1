package io.edgeworks.edge.runtime;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.EnvironmentRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Small helpers to build versions and requests in runtime tests. */
final class TestWorkers {
    private TestWorkers() {
    }

    static WorkerVersion version(String envKey, String source) {
        return version(envKey, Map.of("worker.js", source), Map.of(), List.of(), 50);
    }

    static WorkerVersion version(String envKey, Map<String, String> modules, Map<String, String> vars,
                                 List<Binding> bindings, long cpuMs) {
        return new WorkerVersion(EnvironmentRef.parse(envKey), 1, "v-" + envKey, Integer.toHexString(modules.hashCode()),
                modules.containsKey("worker.js") ? "worker.js" : modules.keySet().iterator().next(), modules, vars,
                Map.of(), bindings, cpuMs);
    }

    static EdgeRequest get(String url) {
        return new EdgeRequest("GET", url, List.of(Map.entry("host", java.net.URI.create(url).getHost())), null);
    }

    static EdgeRequest post(String url, String body) {
        return new EdgeRequest("POST", url, List.of(Map.entry("content-type", "text/plain")), body.getBytes(StandardCharsets.UTF_8));
    }

    static InvocationResult run(WorkerPool pool, WorkerVersion version, EdgeRequest request) throws Exception {
        return run(pool, version, request, ServiceTargets.NONE);
    }

    static InvocationResult run(WorkerPool pool, WorkerVersion version, EdgeRequest request, ServiceTargets targets) throws Exception {
        return pool.submit(version, request, targets).get(30, TimeUnit.SECONDS);
    }

    /** KV store for runtime tests that must not touch KV: every call fails loudly. */
    static final KvStore NO_KV = KvStore.none("no KV in this test");

    /** Outbound HTTP for tests that must not reach the network. */
    static final OutboundHttp NO_HTTP = (request, redirect) ->
            java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("network disabled in this test"));
}
