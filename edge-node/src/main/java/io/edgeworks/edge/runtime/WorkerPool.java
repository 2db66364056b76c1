package io.edgeworks.edge.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The concurrency model: {@link WorkerThread}s take requests from one bounded queue. The HTTP event loop
 * only enqueues and later writes the response; it never runs JavaScript. A CPU-bound worker occupies one
 * worker thread until the {@link Watchdog} stops it, and requests of other tenants proceed on the other
 * threads. When the queue is full the edge answers 503 at once.
 *
 * <p>The pool is elastic: {@code workerThreads} threads always run, and a request that waits (for a
 * fetch, a timer, a streaming client) keeps its thread, so when requests are queued, no thread is idle and
 * fewer than {@code workerThreads} threads are actually running JavaScript (the rest are waiting), the pool
 * starts another thread, up to {@code maxWorkerThreads}. So at most about {@code workerThreads} threads
 * compete for the CPU, while waiting requests do not hold back the queue. A thread above
 * {@code workerThreads} retires after {@code extraWorkerIdleMillis} without a job (closing its contexts).
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    private final JsEngine engine;
    private final RuntimeSettings settings;
    private final OutboundHttp http;
    private final KvStore kv;
    private final RuntimeEvents events;
    private volatile TailHook tails = TailHook.NONE;
    private final FairScheduler scheduler;
    private final List<WorkerThread> workers = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean preparingSpare = new java.util.concurrent.atomic.AtomicBoolean();
    /** Threads not running a job (polling the queue, or just started). */
    private final AtomicInteger idle = new AtomicInteger();
    /** Threads whose request is blocked waiting for its tasks (I/O, timers, a streaming client). */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Object growLock = new Object();
    /**
     * The most threads that held a job at once (running, or waiting for I/O or a timer) in the current window of
     * {@code extraWorkerIdleMillis}, and in the window before it: the pool keeps at most that many threads beyond its
     * base ones ({@link #retireIfSurplus}).
     */
    private final AtomicInteger busyPeak = new AtomicInteger();
    private int previousBusyPeak = Integer.MAX_VALUE; // guarded by growLock, as windowStart; MAX_VALUE: no whole window yet
    private long windowStart = System.nanoTime();
    private int nextIndex;
    private final ScheduledThreadPoolExecutor timers;
    private final Watchdog watchdog;
    private final HeapGuard heapGuard;
    private final CompileBudget compileBudget;
    private final CpuBurst cpuBurst;
    /** Accounts shed under heap pressure, with when: each thread closes their contexts when it next looks. */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> shedAccounts = new java.util.concurrent.ConcurrentHashMap<>();
    /** Sheds so far: a worker thread looks at {@link #shedAccounts} only when this moved. */
    private final java.util.concurrent.atomic.AtomicLong shedCount = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;
    private volatile Retained retained;
    /** Version contexts created on any thread (each compiles the version's modules and runs its global scope). */
    private final java.util.concurrent.atomic.AtomicLong compiled = new java.util.concurrent.atomic.AtomicLong();
    /** What each version's realms keep together (the version heap limit). */
    private final VersionHeaps versionHeaps = new VersionHeaps();
    private final java.util.concurrent.atomic.AtomicLong contextHeapWalks = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong contextHeapResets = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong contextHeapWalkNanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong contextHeapWalkOverruns = new java.util.concurrent.atomic.AtomicLong();
    private final ShapePollution shapePollution = new ShapePollution();
    /** False until the warm-up ran: its timer waits must not start extra threads. */
    private volatile boolean elastic;
    private CompletableFuture<Void> warmUp;
    /** Why the last run of the built-in warm-up worker failed; null once one succeeded (see {@link #warmUpFailure}). */
    private volatile String warmUpFailure;

    /**
     * What a worker thread runs: a request ({@code request}), a cron tick ({@code scheduled}), a version load (neither;
     * with {@code warm}, only on a thread that holds a context of another version of its environment) or a host's
     * script task ({@code script}). {@code limits} are the request's when the host sets them (the runtime's warm-up),
     * else null: those the settings give the version. {@code queuedNanos}: when it was created (System.nanoTime()).
     */
    record Job(WorkerVersion version, EdgeRequest request, ServiceTargets targets, CompletableFuture<InvocationResult> result,
               ScriptJob<?> script, boolean streaming, ScheduledEvent scheduled, RequestLimits limits, boolean warm,
               long queuedNanos) {
        Job(WorkerVersion version, EdgeRequest request, ServiceTargets targets, CompletableFuture<InvocationResult> result,
            ScriptJob<?> script, boolean streaming, ScheduledEvent scheduled, RequestLimits limits, boolean warm) {
            this(version, request, targets, result, script, streaming, scheduled, limits, warm, System.nanoTime());
        }

        Job(WorkerVersion version, EdgeRequest request, ServiceTargets targets, CompletableFuture<InvocationResult> result,
            ScriptJob<?> script, boolean streaming, ScheduledEvent scheduled, RequestLimits limits) {
            this(version, request, targets, result, script, streaming, scheduled, limits, false);
        }

        Job(WorkerVersion version, EdgeRequest request, ServiceTargets targets, CompletableFuture<InvocationResult> result,
            ScriptJob<?> script, boolean streaming, ScheduledEvent scheduled) {
            this(version, request, targets, result, script, streaming, scheduled, null);
        }

        Job(WorkerVersion version, EdgeRequest request, ServiceTargets targets, CompletableFuture<InvocationResult> result) {
            this(version, request, targets, result, null, false, null, null);
        }

        /** A deploy's load of its version ({@link #load}). */
        boolean isLoad() {
            return request == null && script == null && version != null && !warm;
        }
    }

    /**
     * How long a version load waits for the other threads to warm it ({@link #warm}) before it completes anyway:
     * an idle thread creates a context in a few milliseconds; a thread busy with a long request warms the
     * version when that request ends, and meanwhile the idle threads serve it.
     */
    static final long WARM_WAIT_MILLIS = 100;

    /** A {@link ScriptTask} queued with the limits its realm runs under. */
    record ScriptJob<T>(ScriptTask<T> task, RequestLimits limits, CompletableFuture<T> result) {
    }

    public WorkerPool(JsEngine engine, RuntimeSettings settings, OutboundHttp http, KvStore kv, RuntimeEvents events) {
        this.engine = engine;
        this.settings = settings;
        this.http = http;
        this.kv = kv;
        this.events = events;
        this.scheduler = new FairScheduler(settings.workerThreads(), settings.accountRunning(), settings.accountConcurrent(),
                settings.accountQueued(), settings.maxQueuedRequests());
        this.timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("edge-timers").daemon(true).factory());
        // A cleared timer leaves the queue at once (not when its delay would have elapsed).
        timers.setRemoveOnCancelPolicy(true);
        this.compileBudget = CompileBudget.of(settings.fairness(), events);
        this.cpuBurst = CpuBurst.of(settings, events);
        CompileAccounting.install();
        synchronized (growLock) {
            for (int i = 0; i < settings.workerThreads(); i++) {
                addWorker().start();
            }
        }
        this.heapGuard = new HeapGuard(this, settings.heapLimitBytes());
        this.watchdog = new Watchdog(this);
        watchdog.start();
        warmUp();
    }

    /**
     * Runs a built-in worker through the prelude's common paths on every thread before any tenant request,
     * so that one-time costs (class loading, first parse of the prelude) are not billed to a tenant's CPU
     * budget. It calls a second built-in worker through service bindings, by RPC with a value of every
     * structured-clonable type and by fetch: on a node that has just started, the first RPC call of every type
     * cost a tenant about 200 ms of CPU more than the same call on a node that had run one (the classes
     * behind BigInt, RegExp, typed arrays, Map and Set, and rpc.js's encoder and decoder, loaded and first run
     * during the tenant's request), enough to pass its limit and the most its CPU burst gives a request under load.
     * It also runs regular expressions (exec, replace, split, test, search): the first tenant request of a node that
     * matched one (a router's path pattern) took 13-16 ms of CPU, 7-11 ms once the warm-up had loaded and run the
     * regex engine's matchers (the same request on a warm node: 2-4 ms).
     */
    private static final long WARM_UP_WALL_CLOCK_MS = 60_000;

    private void warmUp() {
        String source = """
                export default { async fetch(request, env, ctx) {
                  const url = new URL(request.url); url.searchParams.set('a', '1');
                  const h = new Headers(request.headers); h.set('x', 'y');
                  const body = await request.text();
                  const data = structuredClone({ body, list: [1, 2, 3], at: url.href });
                  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(data)));
                  await new Promise(resolve => setTimeout(resolve, 0));
                  const copy = new Request(url, { method: 'POST', headers: h, body: btoa(atob('aGk=')) }).clone();
                  const re = new RegExp('([a-z]+)@([a-z]+)\\.(com|org)', 'g'), text = 'x foo@bar.com y baz@qux.org';
                  let found = 0;
                  for (let i = 0; i < 20; i++) { re.lastIndex = 0; while (re.exec(text) !== null) found++; }
                  const words = 'a-b c'.replace(/-/g, ' ').split(/\\s+/).filter(w => /^[a-z]$/i.test(w)).length + text.search(/@/) + found;
                  const summary = [crypto.randomUUID(), new TextDecoder().decode(new Uint8Array(digest)).length, await copy.text(), words].join(' ');
                  if (!url.searchParams.has('rpc')) return Response.json({ ok: true, size: body.length, q: url.search, summary });
                  const nested = { deep: [1, { x: 'y' }] }, shared = new ArrayBuffer(8);
                  const value = {
                    undef: undefined, nul: null, yes: true, int: 42, float: -1.5, nan: NaN, negzero: -0, big: 12345678901234567890n,
                    text: 'h\u00e9llo', list: [1, , 'three'], nested, map: new Map([['a', 1], [nested, 'k']]), set: new Set([1, nested]),
                    date: new Date(0), regexp: /a+b/gi, buffer: new Uint8Array([1, 2]).buffer, bytes: new Uint8Array([9]),
                    floats: new Float64Array([0.5]), view: new DataView(new ArrayBuffer(4), 1, 2), a: new Uint8Array(shared, 0, 4),
                    b: new Int16Array(shared, 4, 2), boxed: [Object(true), Object(7), Object('s'), Object(1n)],
                    error: new RangeError('r', { cause: new TypeError('t') }), blob: new Blob(['b']),
                  };
                  value.self = value;
                  const back = await env.PEER.echo(value);
                  let thrown = '';
                  try { await env.PEER.fail('E'); } catch (e) { thrown = e.name; }
                  const fetched = await (await env.PEER_FETCH.fetch('https://peer.internal/', { method: 'POST', body: 'p' })).text();
                  const rpc = back.self === back && back.map.size === 2 && thrown === 'E' && fetched === 'peer p';
                  return Response.json({ ok: rpc, size: body.length, q: url.search, summary }, { status: rpc ? 200 : 500 });
                } }
                """;
        String peerSource = """
                import { WorkerEntrypoint } from 'cloudflare:workers';
                export class Peer extends WorkerEntrypoint {
                  echo(value) { return value; }
                  fail(name) { const e = new Error('warm-up'); e.name = name; throw e; }
                }
                export default { async fetch(request) { return new Response('peer ' + await request.text()); } };
                """;
        WorkerVersion peer = WorkerVersion.builtIn("warmup-peer", peerSource, List.of());
        WorkerVersion version = WorkerVersion.builtIn("warmup", source, List.of(
                new io.edgeworks.bundle.Binding.Service("PEER", "warmup-peer", "internal", null, "Peer"),
                new io.edgeworks.bundle.Binding.Service("PEER_FETCH", "warmup-peer", "internal", null, null)));
        ServiceTargets targets = ServiceTargets.only(peer);
        // The RPC sample runs once per node: what it warms (classes, the shared engine's ASTs of rpc.js and clone.js) is
        // the JVM's and the engine's, not a thread's; run on every thread twice, its encoder and decoder were called
        // often enough to be queued for compilation ahead of the hot paths of tenants' first minutes (~9 s of compiler
        // time on the edge's one core, deploy/bench/RESULTS.md "Issue 10: at the same request count").
        EdgeRequest withRpc = warmUpRequest("http://warmup.internal/path?x=1&rpc");
        EdgeRequest request = warmUpRequest("http://warmup.internal/path?x=1");
        // Queued ahead of any tenant request (first in the queue); not awaited, so start-up is not delayed. The first
        // run goes alone, the others after it: on a cold JVM every thread parsing and running the same prelude at once
        // (with the Truffle compiler on the same cores) finished later than one run first (node start to first tenant
        // request 7.7-7.8 s before, 6.2-6.8 s after, on a quiet two-core machine; deploy/bench/RESULTS.md 2026-12-03).
        long started = System.nanoTime();
        java.util.function.Function<InvocationResult, InvocationResult> check = result -> {
            if (result.response().status() != 200) {
                LOG.warnf("runtime warm-up failed: %s %s", result.error(), result.logs());
                throw new IllegalStateException("runtime warm-up failed: " + result.response().status() + " "
                        + result.error() + " " + result.logs());
            }
            return result;
        };
        CompletableFuture<InvocationResult> first = submitSystem(version, withRpc, targets).thenApply(check);
        List<CompletableFuture<InvocationResult>> runs = new ArrayList<>();
        runs.add(first);
        int threads = workers.size();
        for (int round = 0; round < 2; round++) {
            for (int i = round == 0 ? 1 : 0; i < threads; i++) {
                runs.add(first.thenCompose(done -> submitSystem(version, request, targets)).thenApply(check));
            }
        }
        warmUp = CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            LOG.infof("runtime warm-up %s in %d ms (%d runs of the built-in worker)", error == null ? "done" : "failed",
                    java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), runs.size());
            elastic = true;
            growIfStalled();
            if (error != null) {
                warmUpFailed(error, () -> submitSystem(version, withRpc, targets).thenApply(check), WARM_UP_RETRY_MS);
            }
        });
    }

    /** How long after the first failed run of the built-in warm-up worker it runs again; doubled after each, to 32 s. */
    static final long WARM_UP_RETRY_MS = 1_000;
    private static final long WARM_UP_RETRY_MAX_MS = 32_000;

    /**
     * A run of the built-in worker failed: when a realm cannot be created (the engine's compiler failed to start, say)
     * no tenant's request can be served either, so the node must not say it is ready (see {@link #warmUpFailure}).
     * It runs again after {@code delayMs}, then after twice as long, until a run succeeds: a failure that passes (a start
     * under heavy load) leaves the node ready once it has passed.
     */
    private void warmUpFailed(Throwable error, java.util.function.Supplier<CompletableFuture<InvocationResult>> again,
                              long delayMs) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        warmUpFailure = String.valueOf(cause.getMessage() == null ? cause : cause.getMessage());
        if (closed) {
            return;
        }
        try {
            timers.schedule(() -> again.get().whenComplete((ok, next) -> {
                if (next == null) {
                    warmUpFailure = null;
                    LOG.info("runtime warm-up done on a later run: the node can serve");
                } else {
                    warmUpFailed(next, again, Math.min(delayMs * 2, WARM_UP_RETRY_MAX_MS));
                }
            }), delayMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the pool closed meanwhile
        }
    }

    private static EdgeRequest warmUpRequest(String url) {
        return new EdgeRequest("POST", url, List.of(java.util.Map.entry("content-type", "text/plain")),
                "warm".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Queues a request of a built-in worker of the node's own (the JIT warm-up's sample) in the host's lane, streaming
     * as a tenant's request is, under the limits of the runtime's warm-up: the node's work, not an account's.
     */
    public CompletableFuture<InvocationResult> submitHost(WorkerVersion version, EdgeRequest request, ServiceTargets targets) {
        return submitSystem(version, request, targets, true);
    }

    private CompletableFuture<InvocationResult> submitSystem(WorkerVersion version, EdgeRequest request, ServiceTargets targets) {
        return submitSystem(version, request, targets, false);
    }

    private CompletableFuture<InvocationResult> submitSystem(WorkerVersion version, EdgeRequest request, ServiceTargets targets,
                                                             boolean streaming) {
        CompletableFuture<InvocationResult> result = new CompletableFuture<>();
        // The node's own work, not a tenant's: tenant limits that tests set small (a wall clock of a few hundred ms) do
        // not apply; a freshly started JVM interprets all of it, slowly under load.
        RequestLimits tenant = settings.limitsFor(version);
        RequestLimits limits = new RequestLimits(tenant.cpuMs(), WARM_UP_WALL_CLOCK_MS, tenant.waitUntilMs(),
                Math.max(tenant.subrequests(), 10), Math.max(tenant.bindingDepth(), 2), Math.max(tenant.startupMs(), 10_000),
                Math.max(tenant.allocatedBytes(), JsEngine.DEFAULT_ALLOCATED_BYTES), WARM_UP_WALL_CLOCK_MS);
        scheduler.host(new Job(version, request, targets, result, null, streaming, null, limits));
        return result;
    }

    /** Completes once every worker thread has run the built-in warm-up worker; exceptionally if a run failed. */
    public CompletableFuture<Void> warmedUp() {
        return warmUp;
    }

    /**
     * Why the built-in warm-up worker's last run failed, or null: null while the first warm-up runs and once a run
     * succeeded. A failed warm-up runs again until one succeeds.
     */
    public String warmUpFailure() {
        return warmUpFailure;
    }

    /**
     * Queues a request; the future completes (on a worker thread) with the response, whose body is whole: a
     * handler's stream body is read to its end first, under the request's CPU and wall-clock limits.
     */
    public CompletableFuture<InvocationResult> submit(WorkerVersion version, EdgeRequest request, ServiceTargets targets) {
        return submit(version, request, targets, false);
    }

    /**
     * Queues a request. With {@code streaming}, a handler's ReadableStream body is not read first: the
     * future completes as soon as the response promise resolves, with {@link EdgeResponse#stream()} set,
     * and the consumer must read or cancel that stream (see {@link ResponseStream}); the request keeps its
     * worker thread meanwhile, under its CPU limit and the stream idle limit.
     */
    public CompletableFuture<InvocationResult> submit(WorkerVersion version, EdgeRequest request, ServiceTargets targets,
                                                      boolean streaming) {
        CompletableFuture<InvocationResult> result = new CompletableFuture<>();
        String account = version.environment().account();
        String refused = scheduler.offer(account, new Job(version, request, targets, result, null, streaming, null));
        refuseOrGrow(version, refused, result);
        return result;
    }

    /**
     * Queues a cron tick for {@code version}'s {@code scheduled(controller, env, ctx)}: the same account queue, run
     * slots, worker threads, budget and limits as a request of that version (service bindings resolve on
     * {@code targets}). The result's {@code error} is null when the handler (and its {@code ctx.waitUntil()} work)
     * settled without an uncaught error; otherwise it says what went wrong ({@code limitHit} when a limit ended it).
     */
    public CompletableFuture<InvocationResult> submitScheduled(WorkerVersion version, ScheduledEvent event, ServiceTargets targets) {
        CompletableFuture<InvocationResult> result = new CompletableFuture<>();
        String refused = scheduler.offer(version.environment().account(),
                new Job(version, ScheduledEvent.REQUEST, targets, result, null, false, event));
        refuseOrGrow(version, refused, result);
        return result;
    }

    private void refuseOrGrow(WorkerVersion version, String refused, CompletableFuture<InvocationResult> result) {
        if (refused != null) {
            events.refused(version, refused);
            result.complete(new InvocationResult(new EdgeResponse(503, "Service Unavailable",
                    List.of(java.util.Map.entry("content-type", "text/plain;charset=UTF-8"), java.util.Map.entry("retry-after", "1")),
                    ("Edge overloaded, retry later (" + refused + ")\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    List.of(), 0, null, refused));
        } else {
            growIfStalled();
        }
    }

    /**
     * Runs {@code task} on a worker thread in a fresh {@link ScriptRealm} (the tenant realm setup without a
     * module) under {@code limits}, which the watchdog enforces as for a request; the realm is closed
     * afterwards. Completes with the task's value, or exceptionally with what it threw.
     */
    public <T> CompletableFuture<T> runScripts(RequestLimits limits, ScriptTask<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        scheduler.host(new Job(null, null, ServiceTargets.NONE, null, new ScriptJob<>(task, limits, result), false, null));
        growIfStalled();
        return result;
    }

    /**
     * Loads a version on a worker thread (its global scope runs under the start-up limit, and the context
     * stays cached there), ahead of its account's queued requests, in that account's turn and run slots
     * ({@link FairScheduler#load}); once it loads, also on every other thread that holds a context of another
     * version of its environment ({@link #warm}). Both are charged to the account's {@link CpuBurst}, and the
     * warm-up is skipped while that is spent. Completes with null when it loads, else with the reason.
     */
    public CompletableFuture<String> load(WorkerVersion version) {
        CompletableFuture<InvocationResult> result = new CompletableFuture<>();
        scheduler.load(version.environment().account(), new Job(version, null, ServiceTargets.NONE, result));
        growIfStalled();
        return result.thenCompose(loaded -> loaded.error() != null
                ? CompletableFuture.completedFuture(loaded.error())
                : warm(version).thenApply(warmed -> null));
    }

    /**
     * Creates {@code version}'s context on every worker thread that holds a context of another version of the
     * same environment (the one a deploy replaces), so that the new version's first requests find a context
     * wherever its predecessor had one, instead of each thread creating one on a request. Completes when every
     * such thread did, or after {@link #WARM_WAIT_MILLIS}.
     */
    CompletableFuture<Void> warm(WorkerVersion version) {
        List<CompletableFuture<InvocationResult>> warmed = new ArrayList<>();
        synchronized (growLock) { // not while a thread retires (it drops what was pinned to it)
            for (WorkerThread worker : workers) {
                CompletableFuture<InvocationResult> result = new CompletableFuture<>();
                scheduler.pin(worker.thread(), new Job(version, null, ServiceTargets.NONE, result, null, false, null, null, true));
                warmed.add(result);
            }
        }
        return CompletableFuture.allOf(warmed.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, WARM_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Starts another worker thread when a queued job could run now (a run slot is free for its account) but
     * no thread is idle to take it: the other threads are running or waiting. Up to {@code maxWorkerThreads}.
     */
    void growIfStalled() {
        if (closed || !elastic || idle.get() > 0 || !scheduler.grantable()) {
            return;
        }
        synchronized (growLock) {
            int total = workers.size();
            // At most twice the run slots of threads that are not waiting (the slack lets an account with
            // nothing running start while others hold every slot).
            if (closed || idle.get() > 0 || total >= settings.maxWorkerThreads()
                    || total - waiting.get() >= 2 * settings.workerThreads()) {
                return;
            }
            WorkerThread extra = addWorker();
            LOG.debugf("worker pool grows to %d threads (%d queued)", total + 1, scheduler.queued());
            extra.start();
        }
    }

    private WorkerThread addWorker() {
        WorkerThread worker = new WorkerThread(this, nextIndex++);
        idle.incrementAndGet();
        workers.add(worker);
        // the pool needed this thread: none is surplus before a whole window has shown otherwise
        previousBusyPeak = Integer.MAX_VALUE;
        busyPeak.set(holdingJobs());
        windowStart = System.nanoTime();
        return worker;
    }

    /** Whether {@code worker}, idle for a while, may stop: yes while the pool is above its base size. */
    boolean retire(WorkerThread worker) {
        synchronized (growLock) {
            if (workers.size() <= settings.workerThreads()) {
                return false;
            }
            workers.remove(worker);
            idle.decrementAndGet();
            scheduler.unpin(worker.thread()).forEach(job -> job.result().complete(WorkerThread.NOT_WARMED));
            return true;
        }
    }

    /**
     * Whether {@code worker}, which has just finished a job, stops because the pool is larger than it needed to be:
     * above its base size and above the most threads that held a job at once in the last one to two windows of
     * {@code extraWorkerIdleMillis} (at least one whole window since the pool last grew), with no job waiting for a
     * thread. Threads take jobs in no fixed order, so under a
     * steady load every thread gets one now and then and none is ever idle for a whole window: without this, a pool
     * grown by a burst of waiting requests (up to {@code maxWorkerThreads}) kept every extra thread, with its own copy
     * of each version's context and a spare realm, for as long as any traffic went on.
     */
    boolean retireIfSurplus(WorkerThread worker) {
        if (workers.size() <= settings.workerThreads()) {
            return false; // the common case, without the lock
        }
        synchronized (growLock) {
            long now = System.nanoTime();
            if (now - windowStart >= TimeUnit.MILLISECONDS.toNanos(settings.extraWorkerIdleMillis())) {
                previousBusyPeak = busyPeak.getAndSet(holdingJobs());
                windowStart = now;
            }
            int needed = Math.max(settings.workerThreads(), Math.max(previousBusyPeak, busyPeak.get()));
            if (workers.size() <= needed || scheduler.grantable()) {
                return false;
            }
            return retire(worker);
        }
    }

    /** Threads holding a job now: running it, or waiting in it for I/O or a timer. */
    private int holdingJobs() {
        return workers.size() - idle.get();
    }

    /** A worker thread took a job ({@code busy}) or finished one. */
    void busy(boolean busy) {
        if (busy) {
            idle.decrementAndGet();
            int holding = holdingJobs();
            if (holding > busyPeak.get()) {
                busyPeak.accumulateAndGet(holding, Math::max);
            }
        } else {
            idle.incrementAndGet();
        }
    }

    /**
     * A request's thread starts blocking on its task queue (it gives its run slot back, which may let a
     * queued request run, on another thread if none is idle), or stops (it takes a slot again, in its
     * account's turn).
     */
    void waiting(Invocation inv, boolean waits) throws InterruptedException {
        FairScheduler.Lane lane = inv.worker.lane();
        if (lane == null) {
            return;
        }
        if (waits) {
            waiting.incrementAndGet();
            scheduler.pause(lane);
            growIfStalled();
        } else {
            // slot first, then not waiting: a submit in between must not see a free slot and no idle thread
            try {
                scheduler.resume(lane, inv.deadlineNanos());
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    HeapGuard heapGuard() {
        return heapGuard;
    }

    /** Each account's share of the JIT compiler on this node (charged by {@link CompileAccounting}). */
    CompileBudget compileBudget() {
        return compileBudget;
    }

    CpuBurst cpuBurst() {
        return cpuBurst;
    }

    /** CPU time requests used beyond their CPU limits from their accounts' {@link CpuBurst}, in nanoseconds. */
    public long cpuBurstNanos() {
        return cpuBurst.usedNanos();
    }

    /** Requests that used some of their account's {@link CpuBurst}. */
    public long cpuBurstRequests() {
        return cpuBurst.requests();
    }

    /** Start-ups of realms for requests, charged to their accounts' {@link CpuBurst}, in nanoseconds. */
    public long cpuBurstStartUpNanos() {
        return cpuBurst.startUpNanos();
    }

    /** Start-ups of realms their requests paid for, their accounts' {@link CpuBurst} being spent. */
    public long cpuBurstBilledStartUps() {
        return cpuBurst.billedStartUps();
    }

    /**
     * Sheds {@code account} under heap pressure (see {@link HeapGuard}): its running requests end with the
     * memory limit, and every thread closes the account's contexts (each its own, when it next looks).
     */
    void shed(String account) {
        long now = System.nanoTime();
        shedAccounts.put(account, now);
        shedCount.incrementAndGet();
        for (WorkerThread worker : workers) {
            Invocation inv = worker.current();
            if (inv != null && inv.version.environment().account().equals(account)) {
                inv.budget.exhaust(LimitKind.MEMORY, inv.version.label());
                inv.trip(LimitKind.MEMORY, "the node's heap is under pressure and account " + account + " allocated the most");
            }
        }
        scheduler.wake();
    }

    /**
     * The served graph carries only the versions with these context keys: each thread closes its idle contexts of any
     * other version when it next looks, instead of keeping a replaced version's or a deleted environment's realms until
     * they idle out (context-idle-seconds) or are pushed out of the budget. A thread looks when it finds no job (within
     * a second when idle), or, when it keeps finding jobs, at its first job after {@link #RETIRE_OVERDUE_NANOS}: closing
     * a realm takes about a millisecond, which the first requests of a new version should not wait for. A thread in a
     * request looks when it ends; a context in use is closed once it is idle again. {@code contextKeys} must not change
     * afterwards: the pool keeps it.
     */
    public void retainOnly(java.util.Set<String> contextKeys) {
        // kept as given, not copied (a copy cost O(every version of the node) per notice): the caller hands over an
        // immutable set (GraphBuilder's keys of the served graph)
        retained = new Retained(contextKeys, System.nanoTime());
    }

    VersionHeaps versionHeaps() {
        return versionHeaps;
    }

    /** How long a thread that keeps finding jobs defers closing the contexts a {@link #retainOnly} dropped. */
    static final long RETIRE_OVERDUE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    /** One {@link #retainOnly} call: a thread compares the instance with the last one it applied. */
    record Retained(java.util.Set<String> contextKeys, long atNanos) {
        boolean overdue(long now) {
            return now - atNanos > RETIRE_OVERDUE_NANOS;
        }
    }

    /** The latest {@link #retainOnly}, or null before the first: every context may stay. */
    Retained retained() {
        return retained;
    }

    long shedCount() {
        return shedCount.get();
    }

    /** Accounts shed since {@code sinceNanos} (for a worker thread's next look). */
    java.util.Set<String> shedSince(long sinceNanos) {
        java.util.Set<String> out = new java.util.HashSet<>();
        shedAccounts.forEach((account, at) -> {
            if (at - sinceNanos > 0) {
                out.add(account);
            }
        });
        return out;
    }

    /** A realm was walked for the heap limits, in {@code nanos} of its thread's CPU time. */
    void contextHeapWalked(long nanos) {
        contextHeapWalks.incrementAndGet();
        contextHeapWalkNanos.addAndGet(nanos);
    }

    /**
     * A realm of {@code version} was reset: it kept {@code realmBytes} (at least) when walked, the version's realms on
     * this node {@code versionBytes} together; {@code limit} is the one it reached (the per-realm one, or the version's
     * when {@code together}). A memory limit hit.
     */
    void contextHeapReset(WorkerVersion version, long realmBytes, long versionBytes, long limit, boolean together, long nanos) {
        contextHeapResets.incrementAndGet();
        LOG.warnf("limit hit: %s %s kept %d MB or more on the heap across requests in one realm, %d MB in its realms on"
                        + " this node (limit %d MB %s; walked in %d ms of CPU time): its realm is reset", version.label(),
                version.versionId(), realmBytes >> 20, versionBytes >> 20, limit >> 20,
                together ? "for a version's realms together" : "per realm", nanos / 1_000_000);
        events.limitHit(version, LimitKind.MEMORY);
        events.tenantLog(new LogLine(version.environment().key(), version.number(), "warn", together
                ? String.format("limit hit: %s kept %d MB or more on the heap across requests in its realms on one node"
                        + " together (its memory limit there is %d MB): its realm on one worker thread was reset, so its"
                        + " next request there starts with a fresh global scope", version.label(), versionBytes >> 20,
                        limit >> 20)
                : String.format("limit hit: %s kept %d MB or more on the heap across requests (its memory limit is %d MB):"
                        + " its realm on one worker thread was reset, so its next request there starts with a fresh"
                        + " global scope", version.label(), realmBytes >> 20, limit >> 20)));
    }

    /**
     * A walk of a realm of {@code version} took more than {@code edge.limits.context-heap-walk-ms} of CPU time
     * ({@code nanos}) and was cancelled: the realm is reset. Not a limit hit of the tenant's: the walk's length may be
     * other tenants' doing (the object shapes realms share, see {@link ContextHeap}); its tenant log says what happened.
     */
    void contextHeapWalkOverrun(WorkerVersion version, long nanos) {
        contextHeapWalkOverruns.incrementAndGet();
        LOG.infof("%s %s: a walk of its realm took more than %d ms of CPU time (cancelled at %d ms): its realm is reset",
                version.label(), version.versionId(), settings.contextHeapWalkMs(), nanos / 1_000_000);
        events.tenantLog(new LogLine(version.environment().key(), version.number(), "info", String.format(
                "%s: its realm on one worker thread was reset because measuring what it keeps across requests took more"
                        + " than %d ms of CPU time (a realm that keeps many objects, or object shapes grown large on the"
                        + " node); its next request there starts with a fresh global scope", version.label(),
                settings.contextHeapWalkMs())));
    }

    ShapePollution shapePollution() {
        return shapePollution;
    }

    /**
     * Walks of a spare realm a node runs while idle once its runtime warm-up is done, to compile the walk's code (Truffle's
     * heap walker, Java run only at walks: a few per minute) before the walks that decide something. Without them, the
     * first spare walks of a node that had just started took 25.8-27.5 ms of CPU against the 25 ms bound
     * ({@code edge.limits.context-heap-walk-ms}) with no tenant traffic at all, so the first verdict blamed the engine's
     * shapes ({@link ShapePollution}) and due walks waited; with them, the first verdicts took 16.3-17.6 ms and none
     * blamed the shapes (starts of the local stack, deploy/bench/RESULTS.md). These twelve take ~0.2 s of CPU in all,
     * the first ones cancelled at the bound, the last ones 10-20 ms.
     */
    static final int WALK_WARM_UPS = 12;
    /** Walks to warm the walk not yet claimed, and finished. */
    private final AtomicInteger walkWarmUps = new AtomicInteger(WALK_WARM_UPS);
    private final AtomicInteger walkWarmUpsDone = new AtomicInteger();
    /** CPU nanoseconds of the first walk to warm the walk that finished; -1: none yet. */
    private final java.util.concurrent.atomic.AtomicLong walkWarmUpFirstNanos = new java.util.concurrent.atomic.AtomicLong(-1);

    /** Whether walks to warm the walk are due: the runtime warm-up is done and not all of them have been claimed. */
    boolean walkWarmUpsLeft() {
        CompletableFuture<Void> runtime = warmUp;
        return walkWarmUps.get() > 0 && runtime != null && runtime.isDone() && !runtime.isCompletedExceptionally();
    }

    /** Whether an idle thread with a spare realm is to walk it now to warm the walk ({@link #WALK_WARM_UPS}); claims it. */
    boolean takeWalkWarmUp() {
        return walkWarmUpsLeft() && walkWarmUps.getAndDecrement() > 0;
    }

    /** Walks to warm the walk finished so far. */
    int walkWarmUpsDone() {
        return walkWarmUpsDone.get();
    }

    /** A walk to warm the walk took {@code nanos} of CPU time (cancelled at the bound: {@code overran}). */
    void walkWarmedUp(long nanos, boolean overran) {
        walkWarmUpFirstNanos.compareAndSet(-1, nanos);
        if (walkWarmUpsDone.incrementAndGet() == WALK_WARM_UPS) {
            LOG.infof("realm heap walk warmed up: %d walks of a spare realm while idle, the first in %.1f ms of CPU time,"
                    + " the last in %.1f ms%s", WALK_WARM_UPS, walkWarmUpFirstNanos.get() / 1e6, nanos / 1e6,
                    overran ? " (cancelled at the bound)" : "");
        }
    }

    /** The verdict of {@link ShapePollution} changed: a spare realm's walk overran ({@code polluted}) or not, in {@code nanos}. */
    void shapePollutionChanged(boolean polluted, long nanos) {
        long walked = walkWarmUpsDone.get() + contextHeapWalks.get();
        if (polluted && walked < WALK_WARM_UPS) {
            // the walk's own code may still be cold (a node busy from its start had no idle gap to warm it in, and has
            // walked few realms yet): the verdict may be the JIT's, not the tenants' doing
            LOG.infof("a walk of a spare realm took more than %d ms of CPU time (cancelled at %d ms) on a node that has made"
                    + " %d realm walks so far (the walk's code may not be compiled yet, or the engine's shared shapes have"
                    + " grown): due walks wait (up to %d in a row per realm) until a spare's walk is back under the bound",
                    settings.contextHeapWalkMs(), nanos / 1_000_000, walked, ShapePollution.MAX_DEFERRALS);
        } else if (polluted) {
            LOG.warnf("a walk of a spare realm took more than %d ms of CPU time (cancelled at %d ms): the object shapes the"
                    + " engine's realms share have grown (a tenant building objects with many distinct keys), so every"
                    + " realm's walk would overrun; due walks wait (up to %d in a row per realm) until a spare's walk is"
                    + " back under the bound", settings.contextHeapWalkMs(), nanos / 1_000_000, ShapePollution.MAX_DEFERRALS);
        } else {
            LOG.infof("a walk of a spare realm is back under %d ms of CPU time (%.1f ms): realms are walked when due again",
                    settings.contextHeapWalkMs(), nanos / 1e6);
        }
    }

    /** Spare realms walked to judge whether the engine's shapes make every walk overrun ({@link ShapePollution}). */
    public long shapePollutionProbes() {
        return shapePollution.probes();
    }

    /** Due realm walks that waited while the engine's shapes made every walk overrun. */
    public long contextHeapWalksDeferred() {
        return shapePollution.deferrals();
    }

    /** Walks cancelled at {@code edge.limits.context-heap-walk-ms} so far (their realms reset). */
    public long contextHeapWalkOverruns() {
        return contextHeapWalkOverruns.get();
    }

    /** Realms walked for the per-context heap limit so far. */
    public long contextHeapWalks() {
        return contextHeapWalks.get();
    }

    /** CPU time the worker threads spent walking realms for the per-context heap limit so far, in nanoseconds. */
    public long contextHeapWalkNanos() {
        return contextHeapWalkNanos.get();
    }

    /** Realms reset for keeping more than the per-context heap limit so far. */
    public long contextHeapResets() {
        return contextHeapResets.get();
    }

    void limitHit(Invocation inv, LimitKind kind, String detail) {
        LOG.warnf("limit hit: %s %s exceeded its %s limit (%s) on %s", inv.version.label(),
                inv.version.versionId(), kind.label(), detail, inv.describe());
        events.limitHit(inv.version, kind);
    }

    List<WorkerThread> workers() {
        return workers;
    }

    FairScheduler jobs() {
        return scheduler;
    }

    JsEngine engine() {
        return engine;
    }

    RuntimeSettings settings() {
        return settings;
    }

    OutboundHttp http() {
        return http;
    }

    KvStore kv() {
        return kv;
    }

    /** Installs the live tail hook (the default, {@link TailHook#NONE}, collects nothing). */
    public void tails(TailHook hook) {
        tails = java.util.Objects.requireNonNull(hook, "hook");
    }

    TailHook tails() {
        return tails;
    }

    RuntimeEvents events() {
        return events;
    }

    ScheduledThreadPoolExecutor timers() {
        return timers;
    }

    boolean closed() {
        return closed;
    }

    public int threadCount() {
        return workers.size();
    }

    public int queuedRequests() {
        return scheduler.queued();
    }

    /** Threads running JavaScript now (holding a run slot). */
    public int runningRequests() {
        return scheduler.running();
    }

    /** Realms with the prelude evaluated, ready for versions new to their thread. */
    /**
     * Takes the pool's one permit to prepare a spare realm (the prelude: milliseconds of CPU during which the thread
     * takes no job). One thread at a time: when a deploy's warm replacement or the start-up warm-up had just taken
     * every thread's spare, all of them preparing at once left no thread to serve a request meanwhile.
     */
    boolean startPreparingSpare() {
        return preparingSpare.compareAndSet(false, true);
    }

    boolean preparingSpare() {
        return preparingSpare.get();
    }

    void sparePrepared() {
        preparingSpare.set(false);
    }

    public int spareContextCount() {
        return workers.stream().mapToInt(WorkerThread::spareCount).sum();
    }

    /** Contexts that started from a prepared realm instead of evaluating the prelude on demand (since start). */
    public long spareContextsTaken() {
        return workers.stream().mapToLong(WorkerThread::sparesTaken).sum();
    }

    /** Tenants' requests and cron ticks queued or under way (the node's own work not counted). */
    public int tenantJobs() {
        return scheduler.tenantJobs();
    }

    /**
     * Requests, cron runs, version loads and host scripts queued or under way on this node (a request stays counted while it
     * waits for I/O or a timer, and until its {@code ctx.waitUntil()} work is done): 0 when a shutdown may close the pool.
     */
    public int inProgress() {
        return scheduler.inProgress();
    }

    /**
     * Version contexts created since start, on every thread: each one compiled its version's modules and ran its
     * global scope (a version used on four threads counts four times; the built-in warm-up counts too).
     */
    public long compiledContexts() {
        return compiled.get();
    }

    void compiled() {
        compiled.incrementAndGet();
    }

    /**
     * How many contexts each worker thread may keep now: the pool's budget, max-contexts-per-thread for each of
     * its {@code workerThreads} base threads, shared among the threads it runs (at least one each), so that the
     * realms a node keeps do not grow with the extra threads requests that wait make it start.
     */
    int contextShare() {
        int threads = Math.max(1, workers.size());
        long budget = (long) settings.maxContextsPerThread() * settings.workerThreads();
        return (int) Math.max(1, budget / threads);
    }

    /** Requests a free thread without their version's realm handed to a waiting thread that had one (since start). */
    public long handOvers() {
        return scheduler.handOvers();
    }

    public int contextCount() {
        return workers.stream().mapToInt(WorkerThread::contextCount).sum();
    }

    @Override
    public void close() {
        closed = true;
        scheduler.close();
        watchdog.stop();
        timers.shutdownNow();
        for (WorkerThread w : List.copyOf(workers)) {
            try {
                w.thread().join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
