package io.edgeworks.edge.runtime;

/**
 * How the runtime is sized and bounded. Built from {@code EdgeConfig} by {@link EdgeRuntime}, or
 * directly in tests. {@code workerThreads} threads always run; up to {@code maxWorkerThreads} run while
 * requests wait for I/O (see {@link WorkerPool}), an extra one retiring after {@code extraWorkerIdleMillis}
 * without work. {@code streamIdleMs} bounds a streamed response body once its headers are sent. {@code contextHeapBytes}
 * bounds what one realm keeps on the heap across requests (0: no bound; see {@link ContextHeap}), {@code versionHeapBytes}
 * what the realms of one version on the node keep together (its realms are one per worker thread that served it; 0: no
 * bound but each realm's; only while {@code contextHeapBytes} is set). {@code contextHeapWalkMs} bounds the CPU time of one
 * walk that measures a realm for those limits (0: no bound): a realm whose walk takes longer is reset.
 */
public record RuntimeSettings(int workerThreads, int maxQueuedRequests, int maxContextsPerThread,
                              long contextIdleMillis, long watchdogIntervalMillis, long wallClockMs,
                              long waitUntilMs, int subrequests, int bindingDepth, long startupMs,
                              long allocatedBytes, long moduleBytes, int maxWorkerThreads,
                              long extraWorkerIdleMillis, long streamIdleMs, int spareContextsPerThread,
                              Fairness fairness, long heapLimitBytes, long contextHeapBytes,
                              long versionHeapBytes, long contextHeapWalkMs) {

    /**
     * How worker time is shared between accounts (see {@link FairScheduler}): at most {@code running} of one
     * account's requests run JavaScript at once, at most {@code concurrent} hold a thread (running or
     * waiting), at most {@code queued} wait for one. Zero means the default: half the run slots, half
     * the maximum threads, a quarter of the queue. And the JIT compiler's time (see {@link CompileBudget}): an
     * account's compilations may take {@code compileBurstMs} of compiler CPU time at once, refilled at
     * {@code compileSharePercent} of one compiler thread; zero means {@value #COMPILE_BURST_MS} ms and
     * {@value #COMPILE_SHARE_PERCENT}%. And CPU time beyond the requests' CPU limits (see {@link CpuBurst}): an account's
     * requests may use {@code cpuBurstMs} more at once, each at most the start-up limit, refilled at
     * {@code cpuBurstSharePercent} of one core; zero means {@value #CPU_BURST_MS} ms and {@value #CPU_BURST_SHARE_PERCENT}%
     * (a negative {@code cpuBurstMs}: none).
     */
    public record Fairness(int running, int concurrent, int queued, long compileBurstMs, int compileSharePercent,
                           long cpuBurstMs, int cpuBurstSharePercent) {
        public static final Fairness DEFAULT = new Fairness(0, 0, 0);
        /**
         * Compiler time an account's code may take before its compilations are deferred. Warming up the benchmark
         * suite's eight environments (one account, five scenarios, `bench-edge.sh --quick`) took 1.5 s of it; a
         * compile bomb takes the compiler for minutes.
         */
        public static final long COMPILE_BURST_MS = 10_000;
        /** Refill of an account's compiler time, in percent of one compiler thread (a burst back in 100 s). */
        public static final int COMPILE_SHARE_PERCENT = 10;
        /** CPU time beyond its requests' limits an account may use at once on a node. */
        public static final long CPU_BURST_MS = 2_000;
        /** Refill of an account's CPU burst, in percent of one core (a burst back in 200 s). */
        public static final int CPU_BURST_SHARE_PERCENT = 1;

        public Fairness(int running, int concurrent, int queued) {
            this(running, concurrent, queued, 0, 0);
        }

        public Fairness(int running, int concurrent, int queued, long compileBurstMs, int compileSharePercent) {
            this(running, concurrent, queued, compileBurstMs, compileSharePercent, 0, 0);
        }

        /** This sharing with {@code ms} of CPU burst per account (0: the default, negative: none). */
        public Fairness withCpuBurstMs(long ms) {
            return new Fairness(running, concurrent, queued, compileBurstMs, compileSharePercent, ms, cpuBurstSharePercent);
        }

        long cpuBurstMsOrDefault() {
            return cpuBurstMs > 0 ? cpuBurstMs : cpuBurstMs == 0 ? CPU_BURST_MS : 0;
        }

        int cpuBurstSharePercentOrDefault() {
            return cpuBurstSharePercent > 0 ? Math.min(100, cpuBurstSharePercent) : CPU_BURST_SHARE_PERCENT;
        }

        long compileBurstMsOrDefault() {
            return compileBurstMs > 0 ? compileBurstMs : COMPILE_BURST_MS;
        }

        int compileSharePercentOrDefault() {
            return compileSharePercent > 0 ? Math.min(100, compileSharePercent) : COMPILE_SHARE_PERCENT;
        }
    }

    /** What one realm may keep on the heap when the settings do not say: Cloudflare's memory limit per isolate. */
    public static final long DEFAULT_CONTEXT_HEAP_BYTES = 128L << 20;

    /**
     * What the realms of one version may keep together on a node when the settings do not say: four realms at the
     * per-realm default (a busy version's realms on a node's base worker threads), so that the threads a pool grows by
     * while requests wait do not multiply it.
     */
    public static final long DEFAULT_VERSION_HEAP_BYTES = 4 * DEFAULT_CONTEXT_HEAP_BYTES;

    /**
     * CPU time one walk of a realm may take when the settings do not say. A walk costs ~5-10 ms per megabyte of small
     * objects it finds (the benchmark's realms: 1.7-2.0 MB); a tenant makes it cost more by keeping many small objects,
     * and every tenant's walks by growing the object shapes the engine shares between realms (see {@link ContextHeap}).
     */
    public static final long DEFAULT_CONTEXT_HEAP_WALK_MS = 25;

    public RuntimeSettings {
        maxWorkerThreads = Math.max(workerThreads, maxWorkerThreads);
        fairness = fairness == null ? Fairness.DEFAULT : fairness;
    }

    public RuntimeSettings(int workerThreads, int maxQueuedRequests, int maxContextsPerThread,
                           long contextIdleMillis, long watchdogIntervalMillis, long wallClockMs,
                           long waitUntilMs, int subrequests, int bindingDepth, long startupMs,
                           long allocatedBytes, long moduleBytes, int maxWorkerThreads,
                           long extraWorkerIdleMillis, long streamIdleMs, int spareContextsPerThread) {
        this(workerThreads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis, watchdogIntervalMillis,
                wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs, allocatedBytes, moduleBytes,
                maxWorkerThreads, extraWorkerIdleMillis, streamIdleMs, spareContextsPerThread, Fairness.DEFAULT, 0,
                DEFAULT_CONTEXT_HEAP_BYTES, DEFAULT_VERSION_HEAP_BYTES, DEFAULT_CONTEXT_HEAP_WALK_MS);
    }

    public static RuntimeSettings defaults() {
        return new RuntimeSettings(2 * Runtime.getRuntime().availableProcessors(), 1024, 192, 300_000, 2,
                30_000, 30_000, 50, 32, 400, 256L << 20, 1 << 20, 64, 60_000, 60_000, 1);
    }

    /** Heap in use (after a GC) above which the node sheds the account allocating the most; 0 = 85% of the maximum heap. */
    public RuntimeSettings withHeapLimitBytes(long bytes) {
        return with(v -> v.heapLimitBytes = bytes);
    }

    /** What one realm may keep on the heap across requests before it is reset; 0 = no bound. */
    public RuntimeSettings withContextHeapBytes(long bytes) {
        return with(v -> v.contextHeapBytes = bytes);
    }

    /** What the realms of one version may keep on the heap together on this node; 0 = no bound but each realm's. */
    public RuntimeSettings withVersionHeapBytes(long bytes) {
        return with(v -> v.versionHeapBytes = bytes);
    }

    /**
     * CPU time one walk of a realm may take ({@link ContextHeap}); a walk that takes longer is cancelled and the realm
     * reset. 0 = no bound.
     */
    public RuntimeSettings withContextHeapWalkMs(long ms) {
        return with(v -> v.contextHeapWalkMs = ms);
    }

    public RuntimeSettings withFairness(Fairness value) {
        return with(v -> v.fairness = value);
    }

    int accountRunning() {
        return fairness.running() > 0 ? fairness.running() : Math.max(1, workerThreads / 2);
    }

    int accountConcurrent() {
        return fairness.concurrent() > 0 ? fairness.concurrent() : Math.max(accountRunning(), maxWorkerThreads / 2);
    }

    int accountQueued() {
        return fairness.queued() > 0 ? fairness.queued() : Math.max(1, maxQueuedRequests / 4);
    }

    public RuntimeSettings withSpareContextsPerThread(int count) {
        return with(v -> v.spareContextsPerThread = count);
    }

    /** {@code count} cached contexts per base worker thread (the pool's budget is that × worker threads). */
    public RuntimeSettings withMaxContextsPerThread(int count) {
        return with(v -> v.maxContextsPerThread = count);
    }

    public RuntimeSettings withWorkerThreads(int threads) {
        return with(v -> v.workerThreads = threads);
    }

    /** {@code threads} always-running threads and at most {@code max} in all (extra ones while requests wait). */
    public RuntimeSettings withWorkerThreads(int threads, int max) {
        return with(v -> {
            v.workerThreads = threads;
            v.maxWorkerThreads = max;
        });
    }

    public RuntimeSettings withMaxQueuedRequests(int queued) {
        return with(v -> v.maxQueuedRequests = queued);
    }

    public RuntimeSettings withWallClockMs(long ms) {
        return with(v -> v.wallClockMs = ms);
    }

    public RuntimeSettings withSubrequests(int count) {
        return with(v -> v.subrequests = count);
    }

    public RuntimeSettings withExtraWorkerIdleMillis(long ms) {
        return with(v -> v.extraWorkerIdleMillis = ms);
    }

    public RuntimeSettings withStreamIdleMs(long ms) {
        return with(v -> v.streamIdleMs = ms);
    }

    RequestLimits limitsFor(WorkerVersion version) {
        return new RequestLimits(version.cpuMs(), wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs,
                allocatedBytes, streamIdleMs);
    }

    /** These settings with {@code change} made to a copy of their values. */
    private RuntimeSettings with(java.util.function.Consumer<Values> change) {
        Values values = new Values(this);
        change.accept(values);
        return values.settings();
    }

    /** The settings' values, to change one or two (the withers above). */
    private static final class Values {
        int workerThreads;
        int maxQueuedRequests;
        int maxContextsPerThread;
        long contextIdleMillis;
        long watchdogIntervalMillis;
        long wallClockMs;
        long waitUntilMs;
        int subrequests;
        int bindingDepth;
        long startupMs;
        long allocatedBytes;
        long moduleBytes;
        int maxWorkerThreads;
        long extraWorkerIdleMillis;
        long streamIdleMs;
        int spareContextsPerThread;
        Fairness fairness;
        long heapLimitBytes;
        long contextHeapBytes;
        long versionHeapBytes;
        long contextHeapWalkMs;

        Values(RuntimeSettings from) {
            workerThreads = from.workerThreads;
            maxQueuedRequests = from.maxQueuedRequests;
            maxContextsPerThread = from.maxContextsPerThread;
            contextIdleMillis = from.contextIdleMillis;
            watchdogIntervalMillis = from.watchdogIntervalMillis;
            wallClockMs = from.wallClockMs;
            waitUntilMs = from.waitUntilMs;
            subrequests = from.subrequests;
            bindingDepth = from.bindingDepth;
            startupMs = from.startupMs;
            allocatedBytes = from.allocatedBytes;
            moduleBytes = from.moduleBytes;
            maxWorkerThreads = from.maxWorkerThreads;
            extraWorkerIdleMillis = from.extraWorkerIdleMillis;
            streamIdleMs = from.streamIdleMs;
            spareContextsPerThread = from.spareContextsPerThread;
            fairness = from.fairness;
            heapLimitBytes = from.heapLimitBytes;
            contextHeapBytes = from.contextHeapBytes;
            versionHeapBytes = from.versionHeapBytes;
            contextHeapWalkMs = from.contextHeapWalkMs;
        }

        RuntimeSettings settings() {
            return new RuntimeSettings(
                    workerThreads, maxQueuedRequests, maxContextsPerThread, contextIdleMillis,
                    watchdogIntervalMillis, wallClockMs, waitUntilMs, subrequests, bindingDepth, startupMs,
                    allocatedBytes, moduleBytes, maxWorkerThreads, extraWorkerIdleMillis, streamIdleMs,
                    spareContextsPerThread, fairness, heapLimitBytes, contextHeapBytes, versionHeapBytes,
                    contextHeapWalkMs);
        }
    }
}
