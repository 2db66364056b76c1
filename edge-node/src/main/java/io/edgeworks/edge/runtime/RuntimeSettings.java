package io.edgeworks.edge.runtime;

/**
 * How the runtime is sized and bounded. Built from {@code EdgeConfig} by {@link EdgeRuntime}, or
 * directly in tests. {@code workerThreads} threads always run; up to {@code maxWorkerThreads} run while
 * requests wait for I/O (see {@link WorkerPool}), an extra one retiring after {@code extraWorkerIdleMillis}
 * without work. {@code streamIdleMs} bounds a streamed response body once its headers are sent.
 */
public record RuntimeSettings(int workerThreads, int maxQueuedRequests, int maxContextsPerThread,
                              long contextIdleMillis, long watchdogIntervalMillis, long wallClockMs,
                              long waitUntilMs, int subrequests, int bindingDepth, long startupMs,
                              long allocatedBytes, long moduleBytes, int maxWorkerThreads,
                              long extraWorkerIdleMillis, long streamIdleMs, int spareContextsPerThread) {

    public RuntimeSettings {
        maxWorkerThreads = Math.max(workerThreads, maxWorkerThreads);
    }

    public static RuntimeSettings defaults() {
        return new RuntimeSettings(2 * Runtime.getRuntime().availableProcessors(), 1024, 256, 300_000, 2,
                30_000, 30_000, 50, 32, 400, 256L << 20, 1 << 20, 64, 60_000, 60_000, 1);
    }

    public RuntimeSettings withSpareContextsPerThread(int count) {
        return new RuntimeSettings(workerThreads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis,
                watchdogIntervalMillis, wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs,
                allocatedBytes, moduleBytes, maxWorkerThreads, extraWorkerIdleMillis, streamIdleMs, count);
    }

    public RuntimeSettings withWorkerThreads(int threads) {
        return new RuntimeSettings(threads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis,
                watchdogIntervalMillis, wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs,
                allocatedBytes, moduleBytes, maxWorkerThreads, extraWorkerIdleMillis, streamIdleMs, spareContextsPerThread);
    }

    /** {@code threads} always-running threads and at most {@code max} in all (extra ones while requests wait). */
    public RuntimeSettings withWorkerThreads(int threads, int max) {
        return new RuntimeSettings(threads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis,
                watchdogIntervalMillis, wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs,
                allocatedBytes, moduleBytes, max, extraWorkerIdleMillis, streamIdleMs, spareContextsPerThread);
    }

    public RuntimeSettings withMaxQueuedRequests(int queued) {
        return new RuntimeSettings(workerThreads, queued, maxContextsPerThread, contextIdleMillis,
                watchdogIntervalMillis, wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs,
                allocatedBytes, moduleBytes, maxWorkerThreads, extraWorkerIdleMillis, streamIdleMs, spareContextsPerThread);
    }

    public RuntimeSettings withWallClockMs(long ms) {
        return new RuntimeSettings(workerThreads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis,
                watchdogIntervalMillis, ms, waitUntilMs, subrequests, bindingDepth, startupMs, allocatedBytes,
                moduleBytes, maxWorkerThreads, extraWorkerIdleMillis, streamIdleMs, spareContextsPerThread);
    }

    public RuntimeSettings withSubrequests(int count) {
        return new RuntimeSettings(workerThreads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis,
                watchdogIntervalMillis, wallClockMs, waitUntilMs, count, bindingDepth, startupMs, allocatedBytes,
                moduleBytes, maxWorkerThreads, extraWorkerIdleMillis, streamIdleMs, spareContextsPerThread);
    }

    public RuntimeSettings withExtraWorkerIdleMillis(long ms) {
        return new RuntimeSettings(workerThreads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis,
                watchdogIntervalMillis, wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs,
                allocatedBytes, moduleBytes, maxWorkerThreads, ms, streamIdleMs, spareContextsPerThread);
    }

    public RuntimeSettings withStreamIdleMs(long ms) {
        return new RuntimeSettings(workerThreads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis,
                watchdogIntervalMillis, wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs,
                allocatedBytes, moduleBytes, maxWorkerThreads, extraWorkerIdleMillis, ms, spareContextsPerThread);
    }

    RequestLimits limitsFor(WorkerVersion version) {
        return new RequestLimits(version.cpuMs(), wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs,
                allocatedBytes, streamIdleMs);
    }
}
