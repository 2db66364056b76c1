package io.edgeworks.edge.runtime;

/**
 * An upstream fetch() body the handler returned untouched ({@code return fetch(url)}), passed from the
 * upstream connection to the client without entering JavaScript: the client's pulls go to the upstream
 * (so its pace bounds how far the upstream is read), and its chunks go to the client. The request's worker
 * thread waits for the end as for its own streams, so the stream idle limit applies (pulls and chunks are
 * activity); cancel and abort reset the upstream connection.
 */
final class RelayedBody extends ClientBoundBody {
    private final ResponseStream upstream;

    RelayedBody(Invocation inv, ResponseStream upstream) {
        super(inv);
        this.upstream = upstream;
    }

    @Override
    public void start(Sink client) {
        if (!attach(client)) {
            return;
        }
        inv.streamActivity();
        upstream.start(new Sink() {
            @Override
            public void chunk(byte[] bytes) {
                if (!finished) {
                    inv.streamActivity();
                    client.chunk(bytes);
                }
            }

            @Override
            public void end() {
                if (finish()) {
                    client.end();
                }
            }

            @Override
            public void error(String message) {
                if (finish()) {
                    inv.log("error", "fetch() body relay failed after the headers were sent (connection aborted): " + message);
                    client.error(message);
                }
            }
        });
    }

    @Override
    public void pull() {
        if (!finished) {
            inv.streamActivity();
            upstream.pull();
        }
    }

    @Override
    public void cancel(String reason) {
        if (finish()) {
            upstream.cancel(reason);
            inv.log("log", "response stream cancelled: " + reason);
        }
    }

    @Override
    void aborted(String message) {
        upstream.cancel(message);
    }

    /** Marks the end (first caller wins) and wakes the worker thread waiting for it. */
    private boolean finish() {
        synchronized (this) {
            if (finished) {
                return false;
            }
            finished = true;
        }
        inv.post(() -> { });
        return true;
    }
}
