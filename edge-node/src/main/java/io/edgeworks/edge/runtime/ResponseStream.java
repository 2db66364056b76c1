package io.edgeworks.edge.runtime;

/**
 * A response body the worker is still producing (its handler returned a Response over a ReadableStream),
 * for the HTTP layer to write as the stream yields chunks. The consumer calls {@link #start} once, then
 * {@link #pull} each time it can take one more chunk (after the previous one is written and the client's
 * write queue has room): that is the backpressure, the worker's stream is never read ahead. Every pull is
 * answered by exactly one {@link Sink} call, on a worker thread (so the sink must hand off, not block).
 * The consumer must either read to the end or {@link #cancel}; a stream left alone ends at the stream idle
 * limit.
 */
public interface ResponseStream {

    /** Registers the sink and asks for the first chunk. */
    void start(Sink sink);

    /** Asks for the next chunk. */
    void pull();

    /** The client is gone (or takes no body): cancels the worker's stream; no sink call follows. */
    void cancel(String reason);

    /** Receives the body, on a worker thread. */
    interface Sink {
        /** One chunk (may be empty). */
        void chunk(byte[] bytes);

        /** The stream closed normally. */
        void end();

        /** The stream failed or the request ended early (a limit): the response cannot be completed. */
        void error(String message);
    }
}
