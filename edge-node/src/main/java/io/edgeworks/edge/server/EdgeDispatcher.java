package io.edgeworks.edge.server;

import io.edgeworks.edge.analytics.EdgeAnalytics;
import io.edgeworks.edge.graph.EnvironmentNode;
import io.edgeworks.edge.graph.LiveGraph;
import io.edgeworks.edge.graph.ServiceGraph;
import io.edgeworks.edge.graph.VersionOverrides;
import io.edgeworks.edge.metrics.EdgeMetrics;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.EdgeResponse;
import io.edgeworks.edge.runtime.InvocationResult;
import io.edgeworks.edge.runtime.ServiceTargets;
import io.edgeworks.edge.runtime.WireRules;
import io.edgeworks.edge.runtime.WorkerVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Routes a request on the current graph snapshot and runs it on the worker pool; writes the access log
 * line (category {@code io.edgeworks.edge.access}: failed requests at WARN, the others at INFO), the request metrics
 * and the analytics counts (for a streamed body: at the response headers, with the CPU time used until
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
    private final EdgeAnalytics analytics;

    public EdgeDispatcher(LiveGraph graph, EdgeRuntime runtime, EdgeMetrics metrics, EdgeAnalytics analytics) {
        this.graph = graph;
        this.runtime = runtime;
        this.metrics = metrics;
        this.analytics = analytics;
    }

    /** Where a request goes: the graph snapshot it was routed on and its environment there (null: nowhere). */
    public record Routed(ServiceGraph snapshot, EnvironmentNode node) {
    }

    /** Routes a request on the current graph snapshot (its head is enough: host, scheme, path and query). */
    public Routed route(EdgeRequest request) {
        ServiceGraph snapshot = graph.get();
        String url = request.url();
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return new Routed(snapshot, snapshot.resolve(request));
        }
        // request.url is WHATWG-serialized (the HTTP entry parsed it): path and query follow the authority
        int pathStart = url.indexOf('/', schemeEnd + 3);
        String pathAndQuery = pathStart < 0 ? "/" : url.substring(pathStart);
        int fragment = pathAndQuery.indexOf('#');
        if (fragment >= 0) {
            pathAndQuery = pathAndQuery.substring(0, fragment);
        }
        String host = request.header("host");
        if (host == null) {
            host = url.substring(schemeEnd + 3, pathStart < 0 ? url.length() : pathStart);
        }
        return new Routed(snapshot, snapshot.resolve(host, url.substring(0, schemeEnd), pathAndQuery));
    }

    /** Routes and runs a request; null when no environment serves its host and URL. */
    public CompletableFuture<InvocationResult> dispatch(EdgeRequest request) {
        return dispatch(route(request), request);
    }

    /**
     * Runs a request where {@link #route} sent it (the same snapshot serves it and every service-binding call
     * it makes); null, logged and counted, when it goes nowhere.
     */
    public CompletableFuture<InvocationResult> dispatch(Routed routed, EdgeRequest request) {
        long start = System.nanoTime();
        EnvironmentNode node = routed.node();
        if (node == null) {
            metrics.unrouted();
            if (ACCESS.isInfoEnabled()) {
                StringBuilder line = new StringBuilder(160).append("method=").append(request.method()).append(" url=")
                        .append(request.url()).append(" status=404 environment=- version=- duration_ms=");
                ACCESS.info(millis(line, System.nanoTime() - start).toString());
            }
            return null;
        }
        // the request's version overrides (if any) apply here and on every service-binding call it makes
        ServiceTargets targets = VersionOverrides.of(routed.snapshot(), request);
        WorkerVersion version = targets.pick(node.ref(), null, request);
        // Streaming: a ReadableStream body goes to the client as the worker produces it (ResponseWriter).
        return runtime.pool().submit(version, request, targets, true).thenApply(result -> {
            long nanos = System.nanoTime() - start;
            int status = result.response().status();
            metrics.request(node.ref(), status, nanos, result.cpuNanos());
            analytics.request(version, status, nanos, result.cpuNanos(), result.error() != null && result.limitHit() == null);
            // Failed requests (5xx, a limit hit) at WARN, the rest at INFO: the category's level (WARN by default)
            // decides whether every request gets a line or only those an operator must look at.
            boolean failed = status >= 500 || result.limitHit() != null;
            if (failed ? ACCESS.isEnabled(Logger.Level.WARN) : ACCESS.isInfoEnabled()) {
                // Built here rather than with a format string: the log thread formatted two floats per request with
                // java.util.Formatter (with the rest of a line's handling, a tenth of the node's CPU under load).
                StringBuilder line = new StringBuilder(200).append("method=").append(request.method()).append(" url=")
                        .append(request.url()).append(" status=").append(status).append(" environment=")
                        .append(node.ref().key()).append(" version=").append(version.number()).append(" duration_ms=");
                millis(line, nanos).append(" cpu_ms=");
                millis(line, result.cpuNanos());
                if (result.limitHit() != null) {
                    line.append(" limit=").append(result.limitHit().metricTag());
                }
                ACCESS.log(failed ? Logger.Level.WARN : Logger.Level.INFO, line.toString());
            }
            return result;
        });
    }

    /** Appends {@code nanos} as milliseconds with two decimals (rounded half up), as {@code %.2f} would. */
    static StringBuilder millis(StringBuilder out, long nanos) {
        long hundredths = (Math.max(0, nanos) + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return out.append(hundredths / 100).append('.').append(fraction < 10 ? "0" : "").append(fraction);
    }

    public static InvocationResult notFound(String host) {
        return new InvocationResult(EdgeResponse.text(404, "No service is deployed at " + host + "\n"), List.of(), 0, null, null);
    }
}
