package io.edgeworks.edge.server;

import io.edgeworks.edge.runtime.EdgeResponse;
import io.edgeworks.edge.runtime.InvocationResult;
import io.edgeworks.edge.runtime.ResponseStream;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Writes a worker's response to the client, on the request's Vert.x context. A whole body goes out in one
 * {@code end}. A streamed body ({@link EdgeResponse#stream()}) sends status and headers at once, then one
 * chunk per pull, pulling the next only when Vert.x's write queue has room (else on its drain handler); with
 * the worker's own {@code content-length} the body must match it, else chunked transfer encoding. A
 * client that goes away cancels the worker's stream; a stream that fails after the headers resets the
 * connection (the status can no longer change). A head the HTTP layer refuses (Vert.x validates header names
 * and values as they are added) becomes a plain 500 rather than an exception on the event loop that would
 * leave the client waiting: {@link io.edgeworks.edge.runtime.WireRules} should have refused such a response before, so this is the
 * last line of defence and logs at error level in the edge's own log.
 */
public final class ResponseWriter {
    private static final Logger LOG = Logger.getLogger(ResponseWriter.class);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade",
            "proxy-connection", "te", "trailer", "content-length");

    private ResponseWriter() {
    }

    /** Writes {@code result} once it completes (any thread), back on the caller's Vert.x context. */
    public static void writeWhenDone(CompletableFuture<InvocationResult> result, HttpServerResponse out, String method) {
        Context context = Vertx.currentContext();
        result.whenComplete((r, error) -> context.runOnContext(v -> {
            EdgeResponse response = error != null ? EdgeResponse.text(500, "Internal Server Error") : r.response();
            write(out, response, method);
        }));
    }

    /** Writes {@code response}; call on the response's Vert.x context. */
    public static void write(HttpServerResponse out, EdgeResponse response, String method) {
        ResponseStream stream = response.stream();
        if (out.ended() || out.closed()) {
            if (stream != null) {
                stream.cancel("client disconnected");
            }
            return;
        }
        try {
            head(out, response);
        } catch (RuntimeException e) {
            LOG.errorf("the HTTP layer refused a response head (the client gets 500): %s", e.getMessage());
            if (stream != null) {
                stream.cancel("the response head cannot be written: " + e.getMessage());
            }
            out.headers().clear();
            out.setStatusCode(500).setStatusMessage("Internal Server Error");
            out.putHeader("content-type", "text/plain;charset=UTF-8");
            out.end(method.equals("HEAD") ? Buffer.buffer() : Buffer.buffer("Internal Server Error"));
            return;
        }
        if (stream != null) {
            new Streamer(out, stream, declaredLength(response), Vertx.currentContext()).start(method);
        } else if (method.equals("HEAD")) {
            out.putHeader("content-length", Integer.toString(response.body().length));
            out.end();
        } else {
            out.end(Buffer.buffer(response.body()));
        }
    }

    private static void head(HttpServerResponse out, EdgeResponse response) {
        out.setStatusCode(response.status());
        if (!response.statusText().isEmpty()) {
            out.setStatusMessage(response.statusText());
        }
        for (Map.Entry<String, String> h : response.headers()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                out.headers().add(h.getKey(), h.getValue());
            }
        }
    }

    /** The worker's content-length when it set a valid one, else -1. */
    private static long declaredLength(EdgeResponse response) {
        String value = response.header("content-length");
        if (value == null || value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(value);
    }

    /** One streamed body: all state is touched on the response's Vert.x context only. */
    private static final class Streamer implements ResponseStream.Sink {
        private final HttpServerResponse out;
        private final ResponseStream stream;
        private final long declared;
        private final Context context;
        private long sent;
        private boolean done;

        Streamer(HttpServerResponse out, ResponseStream stream, long declared, Context context) {
            this.out = out;
            this.stream = stream;
            this.declared = declared;
            this.context = context;
        }

        void start(String method) {
            if (declared >= 0) {
                out.putHeader("content-length", Long.toString(declared));
            }
            if (method.equals("HEAD")) {
                done = true;
                out.end();
                stream.cancel("HEAD request: the body is not sent");
                return;
            }
            if (declared < 0) {
                out.setChunked(true);
            }
            out.closeHandler(v -> {
                if (!done) {
                    done = true;
                    stream.cancel("client disconnected");
                }
            });
            out.writeHead();
            stream.start(this);
        }

        @Override
        public void chunk(byte[] bytes) {
            context.runOnContext(v -> {
                if (done) {
                    return;
                }
                if (bytes.length == 0) {
                    stream.pull();
                    return;
                }
                sent += bytes.length;
                if (declared >= 0 && sent > declared) {
                    abort("the body is longer than its content-length " + declared);
                    stream.cancel("body longer than its content-length");
                    return;
                }
                try {
                    out.write(Buffer.buffer(bytes));
                } catch (IllegalStateException e) {
                    // e.g. an HTTP/1.0 client (no chunked encoding) and no content-length from the worker
                    abort("cannot write the body: " + e.getMessage());
                    stream.cancel("the response cannot be written: " + e.getMessage());
                    return;
                }
                if (out.writeQueueFull()) {
                    out.drainHandler(x -> {
                        out.drainHandler(null);
                        if (!done) {
                            stream.pull();
                        }
                    });
                } else {
                    stream.pull();
                }
            });
        }

        @Override
        public void end() {
            context.runOnContext(v -> {
                if (done) {
                    return;
                }
                if (declared >= 0 && sent != declared) {
                    abort("the body is shorter (" + sent + " bytes) than its content-length " + declared);
                    return;
                }
                done = true;
                out.end();
            });
        }

        @Override
        public void error(String message) {
            context.runOnContext(v -> {
                if (!done) {
                    abort(message.lines().findFirst().orElse("stream failed"));
                }
            });
        }

        private void abort(String why) {
            done = true;
            LOG.debugf("streamed response aborted: %s", why);
            out.reset();
        }
    }
}
