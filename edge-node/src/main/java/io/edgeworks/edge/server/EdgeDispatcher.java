package io.edgeworks.edge.server;

import io.edgeworks.edge.graph.EnvironmentNode;
import io.edgeworks.edge.graph.LiveGraph;
import io.edgeworks.edge.graph.ServiceGraph;
import io.edgeworks.edge.metrics.EdgeMetrics;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.EdgeResponse;
import io.edgeworks.edge.runtime.InvocationResult;
import io.edgeworks.edge.runtime.WireRules;
import io.edgeworks.edge.runtime.WorkerVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Routes a request on the current graph snapshot and runs it on the worker pool; writes the access log
 * line and the request metrics (for a streamed body: at the response headers, with the CPU time used until
 * then). A response the wire may not carry ({@link WireRules}) was already made a
 * 500 by the runtime, so the access log and the metrics count what the client gets. Used by the HTTP entry
 * point and by tests.
 */
@ApplicationScoped
public class EdgeDispatcher {
    private static final Logger ACCESS = Logger.getLogger("io.edgeworks.edge.access");

    private final LiveGraph graph;
    private final EdgeRuntime runtime;
    private final EdgeMetrics metrics;

    public EdgeDispatcher(LiveGraph graph, EdgeRuntime runtime, EdgeMetrics metrics) {
        this.graph = graph;
        this.runtime = runtime;
        this.metrics = metrics;
    }

    /** Null when no environment serves this request's host and URL. */
    public CompletableFuture<InvocationResult> dispatch(EdgeRequest request) {
        long start = System.nanoTime();
        ServiceGraph snapshot = graph.get();
        EnvironmentNode node = snapshot.resolve(request);
        if (node == null) {
            metrics.unrouted();
            ACCESS.infof("method=%s url=%s status=404 environment=- version=- duration_ms=%.2f", request.method(),
                    request.url(), (System.nanoTime() - start) / 1e6);
            return null;
        }
        WorkerVersion version = node.pick(request);
        // Streaming: a ReadableStream body goes to the client as the worker produces it (ResponseWriter).
        return runtime.pool().submit(version, request, snapshot, true).thenApply(result -> {
            long nanos = System.nanoTime() - start;
            int status = result.response().status();
            metrics.request(node.ref(), status, nanos, result.cpuNanos());
            ACCESS.infof("method=%s url=%s status=%d environment=%s version=%d duration_ms=%.2f cpu_ms=%.2f%s",
                    request.method(), request.url(), status, node.ref().key(), version.number(), nanos / 1e6,
                    result.cpuNanos() / 1e6, result.limitHit() == null ? "" : " limit=" + result.limitHit().metricTag());
            return result;
        });
    }

    /** Whether some environment serves this request's host and URL on the current graph. */
    public boolean wouldRoute(EdgeRequest request) {
        return graph.get().resolve(request) != null;
    }

    public static InvocationResult notFound(String host) {
        return new InvocationResult(EdgeResponse.text(404, "No service is deployed at " + host + "\n"), List.of(), 0, null, null);
    }
}
