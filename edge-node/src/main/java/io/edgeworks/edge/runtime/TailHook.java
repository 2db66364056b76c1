package io.edgeworks.edge.runtime;

/**
 * Live tail's seam in the invocation path. At the start of each invocation (a request, a service binding or RPC
 * call, a cron tick) the runtime asks whether anyone tails the version's environment; the answer for an
 * environment nobody tails must cost no more than a map lookup, and is null: the invocation then captures
 * nothing for a tail (no buffers, no event). A non-null {@link TraceCollector} receives the invocation's
 * {@code console.*} lines, its response and how it ended, and builds and sends the event when it ends.
 */
public interface TailHook {

    /**
     * A collector for one invocation, or null when nobody tails {@code version}'s environment (or no tail wants
     * this invocation: sampling and request filters may decide here). Runs on the worker thread.
     *
     * @param request   the request, or null for a cron tick or an RPC call
     * @param scheduled the cron tick, or null
     * @param rpcMethod the RPC method called, or null
     * @param entrypoint the named export reached, or null for the default one
     */
    TraceCollector open(WorkerVersion version, EdgeRequest request, ScheduledEvent scheduled, String rpcMethod, String entrypoint);

    TailHook NONE = (version, request, scheduled, rpcMethod, entrypoint) -> null;
}
