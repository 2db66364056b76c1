package io.edgeworks.edge.runtime;

/**
 * A streamed response body the request's worker thread stays with until it ends ({@link StreamingBody}: the
 * worker's own stream; {@link RelayedBody}: an upstream fetch() body passed through).
 */
interface WorkerStream extends ResponseStream {

    /** True once the stream ended, failed, was cancelled or aborted (the worker thread stops waiting for it). */
    boolean finished();

    /** The request ended before the stream did (a limit, an internal error): the client's response is cut. */
    void abort(String message);
}
