package io.edgeworks.edge.runtime;

import java.util.List;

/**
 * What running one request produced: the response (a generic 5xx when the worker failed), the tenant
 * log lines, the CPU time used and, when a limit ended it, which one.
 */
public record InvocationResult(EdgeResponse response, List<LogLine> logs, long cpuNanos, LimitKind limitHit,
                               String error) {
    public InvocationResult {
        logs = List.copyOf(logs);
    }

    public boolean failed() {
        return error != null || limitHit != null;
    }
}
