package io.edgeworks.edge.runtime;

/**
 * How the runtime is sized and bounded. Built from {@code EdgeConfig} by {@link EdgeRuntime}, or
 * directly in tests.
 */
public record RuntimeSettings(int workerThreads, int maxQueuedRequests, int maxContextsPerThread,
                              long contextIdleMillis, long watchdogIntervalMillis, long wallClockMs,
                              long waitUntilMs, int subrequests, int bindingDepth, long startupMs,
                              long allocatedBytes, long moduleBytes, int spareContextsPerThread) {

    public static RuntimeSettings defaults() {
        return new RuntimeSettings(2 * Runtime.getRuntime().availableProcessors(), 1024, 256, 300_000, 2,
                30_000, 30_000, 50, 32, 400, 256L << 20, 1 << 20, 1);
    }

    public RuntimeSettings withSpareContextsPerThread(int count) {
        return new RuntimeSettings(workerThreads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis,
                watchdogIntervalMillis, wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs,
                allocatedBytes, moduleBytes, count);
    }

    public RuntimeSettings withWorkerThreads(int threads) {
        return new RuntimeSettings(threads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis,
                watchdogIntervalMillis, wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs,
                allocatedBytes, moduleBytes, spareContextsPerThread);
    }

    public RuntimeSettings withWallClockMs(long ms) {
        return new RuntimeSettings(workerThreads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis,
                watchdogIntervalMillis, ms, waitUntilMs, subrequests, bindingDepth, startupMs, allocatedBytes,
                moduleBytes, spareContextsPerThread);
    }

    public RuntimeSettings withSubrequests(int count) {
        return new RuntimeSettings(workerThreads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis,
                watchdogIntervalMillis, wallClockMs, waitUntilMs, count, bindingDepth, startupMs, allocatedBytes,
                moduleBytes, spareContextsPerThread);
    }

    RequestLimits limitsFor(WorkerVersion version) {
        return new RequestLimits(version.cpuMs(), wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs,
                allocatedBytes);
    }
}
