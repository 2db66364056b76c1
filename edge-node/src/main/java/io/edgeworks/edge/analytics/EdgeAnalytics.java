package io.edgeworks.edge.analytics;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.runtime.LimitKind;
import io.edgeworks.edge.runtime.RuntimeEvents;
import io.edgeworks.edge.runtime.WorkerVersion;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The node's analytics entry point: what the dispatcher and the runtime report per request goes to the
 * {@link MinuteAggregator} once analytics is started ({@code server.AnalyticsWiring}); until then, and on a node with
 * analytics off, every call is one volatile read.
 */
@ApplicationScoped
public class EdgeAnalytics implements RuntimeEvents {
    private volatile MinuteAggregator aggregator;

    /** Starts counting into {@code aggregator}. */
    public void start(MinuteAggregator aggregator) {
        this.aggregator = aggregator;
    }

    /** The aggregator counting now; null while analytics is off. */
    public MinuteAggregator aggregator() {
        return aggregator;
    }

    /** A request {@code version} served (see {@link MinuteAggregator#request}). */
    public void request(WorkerVersion version, int status, long wallNanos, long cpuNanos, boolean exception) {
        MinuteAggregator a = aggregator;
        if (a != null) {
            a.request(version, status, wallNanos, cpuNanos, exception);
        }
    }

    @Override
    public void limitHit(WorkerVersion version, LimitKind kind) {
        MinuteAggregator a = aggregator;
        if (a != null) {
            a.limitHit(version, kind);
        }
    }

    @Override
    public void subrequest(WorkerVersion version, String kind) {
        MinuteAggregator a = aggregator;
        if (a != null) {
            a.subrequest(version);
        }
    }

    @Override
    public void bindingCall(WorkerVersion caller, EnvironmentRef target) {
        MinuteAggregator a = aggregator;
        if (a != null) {
            a.bindingCall(caller, target);
        }
    }
}
