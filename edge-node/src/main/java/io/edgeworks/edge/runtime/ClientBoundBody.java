package io.edgeworks.edge.runtime;

/**
 * What {@link StreamingBody} and {@link RelayedBody} share: the client's sink, attached once, and the end
 * state, so that an abort (the request ended first) reaches a sink attached before or after it.
 */
abstract class ClientBoundBody implements WorkerStream {
    final Invocation inv;
    volatile boolean finished;
    private Sink sink;
    private String abortMessage;

    ClientBoundBody(Invocation inv) {
        this.inv = inv;
    }

    /**
     * Attaches the client's sink (once); false when the request was aborted before, in which case the sink
     * has been given the abort's error and nothing more must be sent.
     */
    final boolean attach(Sink client) {
        String aborted;
        synchronized (this) {
            if (sink != null) {
                throw new IllegalStateException("stream already started");
            }
            sink = client;
            aborted = abortMessage;
        }
        if (aborted != null) {
            client.error(aborted);
            return false;
        }
        return true;
    }

    /** The client's sink (set by {@link #attach} before any chunk is produced). */
    final Sink sink() {
        return sink;
    }

    @Override
    public final boolean finished() {
        return finished;
    }

    @Override
    public final void abort(String message) {
        Sink target;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            abortMessage = message;
            target = sink;
        }
        aborted(message);
        if (target != null) {
            target.error(message);
        }
    }

    /** Called once when the request ends before the stream (before the client's sink hears of it). */
    void aborted(String message) {
    }
}
