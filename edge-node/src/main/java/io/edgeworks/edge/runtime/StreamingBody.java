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
final class StreamingBody extends ClientBoundBody {
    private final Value reader;

    StreamingBody(Invocation inv, Value reader) {
        super(inv);
        this.reader = reader;
    }

    @Override
    public void start(Sink sink) {
        if (attach(sink)) {
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
            sink().end();
        } else {
            sink().chunk(data.asString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private void failed(String description) {
        if (finished) {
            return;
        }
        finished = true;
        inv.log("error", "response stream failed after the headers were sent (connection aborted): " + description);
        sink().error(description);
    }
}
