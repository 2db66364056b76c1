/**
 * The JavaScript runtime: one shared GraalJS {@link org.graalvm.polyglot.Engine} ({@link
 * io.edgeworks.edge.runtime.JsEngine}), sandboxed contexts, the worker pool and the limit watchdog.
 *
 * <h2>Concurrency model</h2>
 * <ul>
 *   <li>{@link io.edgeworks.edge.runtime.WorkerThread}s take requests from the
 *       {@link io.edgeworks.edge.runtime.FairScheduler}: one queue per account, served round robin; running
 *       JavaScript takes one of {@code worker-threads} run slots, of which one account holds at most half; a
 *       request that waits gives its slot back. The Vert.x event loop only reads the request, enqueues it and
 *       writes the response: it never runs JavaScript. The pool is elastic: when a queued request could run
 *       and no thread is idle (the others are running or waiting on fetch, timers, a streaming client), it
 *       starts extra threads up to {@code edge.runtime.max-worker-threads}; idle extra threads retire.</li>
 *   <li>Each worker thread owns its contexts, one per version it has served (created lazily, LRU-capped,
 *       closed when idle). A context is only ever entered by its owning thread, so contexts need no
 *       locking; a hot version has up to one context per worker thread.</li>
 *   <li>A request runs to completion on one thread, with its own task queue: timers and I/O completions
 *       (fetch responses from the Vert.x client) are posted there and run on the worker thread. Its timers
 *       are held in Java ({@link io.edgeworks.edge.runtime.Invocation}); when it ends, they, its queued tasks
 *       and its open bodies are dropped without running JavaScript.</li>
 *   <li>A response with a ReadableStream body, for a request from the HTTP server, completes at its
 *       headers; the request then stays on its thread and its stream is pulled chunk by chunk as the
 *       client takes them ({@link io.edgeworks.edge.runtime.ResponseStream}), under the CPU limit and the
 *       stream idle limit instead of the wall-clock one. A fetch() response body returned untouched is
 *       relayed from the upstream connection to the client the same way, without entering JavaScript
 *       ({@code RelayedBody}); one the worker reads comes chunk by chunk or whole ({@code UpstreamReader}),
 *       and the request's end resets those still open.</li>
 *   <li>A service binding call ({@code env.X.fetch}) runs the target's worker synchronously on the same
 *       thread as a nested invocation (no socket, no HTTP encoding), within the caller's
 *       {@link io.edgeworks.edge.runtime.RequestBudget}. A version re-entered while active (a binding to
 *       itself, or a cycle) gets a throw-away context for the nested call.</li>
 *   <li>The {@link io.edgeworks.edge.runtime.Watchdog} checks the innermost invocation of every thread
 *       every 2 ms: its own CPU time (minus nested calls) against its worker's limit, and the request's
 *       budget (CPU, deadline, allocated bytes of the whole binding chain). An invocation over either is
 *       interrupted with {@code Context.interrupt}, answers 503/504, and its context is discarded; the
 *       thread then takes the next request. So a {@code while(true){}} costs its tenant one run slot for
 *       at most its CPU limit and never blocks the event loop or another account.</li>
 * </ul>
 *
 * <p>The runtime knows no Web API by name: {@link io.edgeworks.edge.runtime.WebApiSet} (assembled by
 * {@code io.edgeworks.edge.api.WebApis}) gives it the prelude scripts and their pure host functions, and
 * {@link io.edgeworks.edge.runtime.OutboundHttp} and {@link io.edgeworks.edge.runtime.KvStore} are the I/O
 * the {@code api} packages implement. The runtime imports no {@code api} package (ArchitectureTest).
 *
 * <p>A request reaches the outside only through its {@link io.edgeworks.edge.runtime.Invocation}: the
 * budget, its timers and bodies, and its version's {@link io.edgeworks.edge.runtime.Channel}s, resolved
 * once when the version is built (each service binding to its target environment, each KV binding to
 * its namespace id). {@code env.X} in the realm holds only a channel index; the host functions take that
 * index and the request resolves it, so tenant code never names a namespace or a target.
 *
 * <h2>Isolation</h2>
 * Contexts have every restriction of {@code SandboxPolicy.CONSTRAINED}, set explicitly under TRUSTED
 * because the allocation-bound options need it ({@link io.edgeworks.edge.runtime.JsEngine}): no host
 * object access (Java is reached only through {@link io.edgeworks.edge.runtime.HostBridge}'s fixed
 * functions, captured by the prelude and unreachable from tenant code), no host class lookup, threads,
 * native access or processes, no host I/O (the only file system is the version's own read-only module
 * tree), no eval. Different versions never share a context, so globals and prototypes one tenant changes
 * are invisible to every other tenant; a realm imports only its version's uploaded modules
 * ({@link io.edgeworks.edge.runtime.UploadedModulesLoader} refuses {@code data:} and other URLs). What
 * remains: Community Edition has no per-context heap cap: each single buffer or string is bounded by context options, and the
 * watchdog bounds per-request allocation (a soft limit measured per thread).
 */
package io.edgeworks.edge.runtime;
