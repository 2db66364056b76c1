package io.edgeworks.edge.runtime;

/**
 * What one request may use. The watchdog enforces CPU, wall-clock (until the response headers), stream
 * idle time (after them, for a streamed body) and allocation; the host functions enforce subrequests and
 * binding depth.
 */
public record RequestLimits(long cpuMs, long wallClockMs, long waitUntilMs, int subrequests, int bindingDepth,
                            long startupMs, long allocatedBytes, long streamIdleMs) {

    /** Limits for work that never streams a response (stream idle time = wall-clock time). */
    public RequestLimits(long cpuMs, long wallClockMs, long waitUntilMs, int subrequests, int bindingDepth,
                         long startupMs, long allocatedBytes) {
        this(cpuMs, wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs, allocatedBytes, wallClockMs);
    }
}
