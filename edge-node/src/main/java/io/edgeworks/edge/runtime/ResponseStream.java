package io.edgeworks.edge.runtime;

/**
 * A response body still being produced: by the worker (its handler returned a Response over a
 * ReadableStream), for the HTTP layer to write as the stream yields chunks; or by an upstream server (an
 * outbound fetch() response, see {@link OutboundHttp}), for the worker or the HTTP layer to read. The
 * consumer calls {@link #start} once, then {@link #pull} each time it can take one more chunk (after the
 * previous one is written and the client's write queue has room): that is the backpressure, the worker's
 * stream is never read ahead (an upstream one by a bounded amount). Every pull is answered by exactly one
 * {@link Sink} call, on a worker thread or an event loop (so the sink must hand off, not block). The
 * consumer must either read to the end or {@link #cancel}; a stream left alone ends at the stream idle
 * limit (an upstream one at the request's end).
 */
public interface ResponseStream {

    /** Registers the sink and asks for the first chunk. */
    void start(Sink sink);

    /** Asks for the next chunk. */
    void pull();

    /** The client is gone (or takes no body): cancels the worker's stream; no sink call follows. */
    void cancel(String reason);

    /** Receives the body, on a worker thread or an event loop. */
    interface Sink {
        /** One chunk (may be empty). */
        void chunk(byte[] bytes);

        /** The stream closed normally. */
        void end();

        /** The stream failed or the request ended early (a limit): the response cannot be completed. */
        void error(String message);
    }
}
