package io.edgeworks.edge.runtime;

/**
 * What one request may use. The watchdog enforces CPU, wall-clock and allocation; the host functions
 * enforce subrequests and binding depth.
 */
public record RequestLimits(long cpuMs, long wallClockMs, long waitUntilMs, int subrequests, int bindingDepth,
                            long startupMs, long allocatedBytes) {
}
