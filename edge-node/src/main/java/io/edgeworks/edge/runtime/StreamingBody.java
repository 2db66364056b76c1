package io.edgeworks.edge.runtime;

import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The worker side of a {@link ResponseStream}: the prelude's reader of the handler's body stream (see
 * {@code hostReader} in fetch.js), driven on the request's worker thread through its task queue. Pulls,
 * cancels and chunks count as activity for the stream idle limit.
 */
final class StreamingBody implements WorkerStream {
    private final Invocation inv;
    private final Value reader;
    private volatile boolean finished;
    private Sink sink;
    private String abortMessage;

    StreamingBody(Invocation inv, Value reader) {
        this.inv = inv;
        this.reader = reader;
    }

    @Override
    public void start(Sink sink) {
        String aborted;
        synchronized (this) {
            if (this.sink != null) {
                throw new IllegalStateException("stream already started");
            }
            this.sink = sink;
            aborted = abortMessage;
        }
        if (aborted != null) {
            sink.error(aborted);
        } else {
            pull();
        }
    }

    @Override
    public void pull() {
        inv.post(this::read);
    }

    @Override
    public void cancel(String reason) {
        inv.post(() -> {
            if (finished) {
                return;
            }
            finished = true;
            inv.log("log", "response stream cancelled: " + reason);
            try {
                reader.invokeMember("cancel", reason);
            } catch (PolyglotException e) {
                if (inv.limitHit() == null) {
                    inv.log("error", "response stream cancel failed: " + e.getMessage());
                }
            }
        });
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public void abort(String message) {
        Sink target;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            abortMessage = message;
            target = sink;
        }
        if (target != null) {
            target.error(message);
        }
    }

    private void read() {
        if (finished) {
            return;
        }
        inv.streamActivity();
        reader.invokeMember("read", (ProxyExecutable) a -> {
            chunk(a[0]);
            return null;
        }, (ProxyExecutable) a -> {
            failed(a[0].asString());
            return null;
        });
    }

    private void chunk(Value data) {
        if (finished) {
            return;
        }
        inv.streamActivity();
        if (data.isNull()) {
            finished = true;
            sink.end();
        } else {
            sink.chunk(data.asString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private void failed(String description) {
        if (finished) {
            return;
        }
        finished = true;
        inv.log("error", "response stream failed after the headers were sent (connection aborted): " + description);
        sink.error(description);
    }
}
