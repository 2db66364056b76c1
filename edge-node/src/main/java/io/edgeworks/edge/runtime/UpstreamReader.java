package io.edgeworks.edge.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Value;

/**
 * A fetch() response body as the worker reads it (fetch.js, body kind 'up'): one chunk per
 * {@link #read} (the ReadableStream's pull), or the whole body at once ({@link #readAll}, for
 * {@code text()}/{@code json()}/…: accumulated on the event loop, one post at the end, capped at the
 * outbound channel's whole-body limit). Callbacks get a binary string (one char per byte), null at the end,
 * or {@code fail(kind, message)}. Called and answered on the request's worker thread.
 */
final class UpstreamReader {
    private final Invocation inv;
    private final long id;
    private final ResponseStream stream;
    private final long wholeLimit;
    private boolean started;
    private boolean busy;
    private boolean finished;
    private Value ok;
    private Value fail;

    UpstreamReader(Invocation inv, long id, ResponseStream stream, long wholeLimit) {
        this.inv = inv;
        this.id = id;
        this.stream = stream;
        this.wholeLimit = wholeLimit;
    }

    ResponseStream stream() {
        return stream;
    }

    /** Whether nothing was read yet (the body can still go to the client untouched). */
    boolean untouched() {
        return !started && !finished;
    }

    /** The next chunk: ok(binary string), ok(null) at the end, or fail(kind, message). */
    void read(Value okFn, Value failFn) {
        if (busy) {
            failFn.execute("TypeError", "fetch() body: a read is already pending");
            return;
        }
        if (finished) {
            okFn.execute((Object) null);
            return;
        }
        busy = true;
        ok = okFn;
        fail = failFn;
        if (started) {
            stream.pull();
        } else {
            started = true;
            stream.start(new ChunkSink());
        }
    }

    /** The whole (rest of the) body: ok(binary string) or fail(kind, message), at most the whole-body limit. */
    void readAll(Value okFn, Value failFn) {
        if (started || finished) {
            failFn.execute("TypeError", "fetch() body: the body is already being read");
            return;
        }
        started = true;
        busy = true;
        stream.start(new WholeSink(okFn, failFn));
    }

    /** The worker cancelled the stream (or the request ended): resets the upstream. */
    void cancel(String reason) {
        if (!finished) {
            finished = true;
            stream.cancel(reason);
        }
        inv.forgetUpstream(id);
    }

    private void settle(boolean failed, Object value) {
        Value target = failed ? fail : ok;
        ok = null;
        fail = null;
        busy = false;
        if (target == null) {
            return;
        }
        if (failed) {
            target.execute("TypeError", value);
        } else {
            target.execute(value);
        }
    }

    private void ended() {
        finished = true;
        inv.forgetUpstream(id);
    }

    /** Chunk by chunk: every sink call is posted to the worker thread and answers the pending read. */
    private final class ChunkSink implements ResponseStream.Sink {
        @Override
        public void chunk(byte[] bytes) {
            String bin = new String(bytes, StandardCharsets.ISO_8859_1);
            inv.post(() -> {
                if (!finished) {
                    settle(false, bin);
                }
            });
        }

        @Override
        public void end() {
            inv.post(() -> {
                if (!finished) {
                    ended();
                    settle(false, null);
                }
            });
        }

        @Override
        public void error(String message) {
            inv.post(() -> {
                if (!finished) {
                    ended();
                    settle(true, message);
                }
            });
        }
    }

    /** Whole body: chunks are gathered where they arrive (an event loop); only the outcome is posted. */
    private final class WholeSink implements ResponseStream.Sink {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final Value okFn;
        private final Value failFn;
        private boolean over;

        WholeSink(Value okFn, Value failFn) {
            this.okFn = okFn;
            this.failFn = failFn;
        }

        @Override
        public void chunk(byte[] bytes) {
            if (over) {
                return;
            }
            if (body.size() + (long) bytes.length > wholeLimit) {
                over = true;
                stream.cancel("the body is larger than " + wholeLimit + " bytes");
                outcome(true, "fetch() response body is larger than " + wholeLimit
                        + " bytes (edge.fetch.max-response-bytes); read it as a stream (response.body) instead");
                return;
            }
            body.write(bytes, 0, bytes.length);
            stream.pull();
        }

        @Override
        public void end() {
            if (!over) {
                outcome(false, body.toString(StandardCharsets.ISO_8859_1));
            }
        }

        @Override
        public void error(String message) {
            if (!over) {
                outcome(true, message);
            }
        }

        private void outcome(boolean failed, String value) {
            inv.post(() -> {
                if (finished) {
                    return;
                }
                ended();
                busy = false;
                if (failed) {
                    failFn.execute("TypeError", value);
                } else {
                    okFn.execute(value);
                }
            });
        }
    }
}
