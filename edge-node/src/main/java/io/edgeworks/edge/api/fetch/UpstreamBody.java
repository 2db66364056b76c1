package io.edgeworks.edge.api.fetch;

import io.edgeworks.edge.runtime.ResponseStream;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.ArrayDeque;

/**
 * An upstream response body as it arrives, for fetch(): the Vert.x client response, read ahead by at most
 * {@link #READ_AHEAD} bytes (then paused until the consumer pulls again). Each {@link #pull} is answered
 * by one {@link Sink} call with everything buffered so far (or the end, or the error), on the connection's
 * event loop. {@link #cancel} resets the upstream request (the connection is closed). All state is touched
 * on the connection's Vert.x context only.
 */
final class UpstreamBody implements ResponseStream {
    /** Bytes buffered ahead of the consumer before the upstream response is paused. */
    static final int READ_AHEAD = 256 * 1024;

    private final HttpClientRequest request;
    private final HttpClientResponse response;
    private final Context context;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private int queued;
    private boolean paused;
    private boolean ended;
    private String failure;
    private boolean wanted;
    private boolean done;
    private Sink sink;

    /** Call on the response's context, as soon as the response head arrived (before any body data). */
    UpstreamBody(HttpClientRequest request, HttpClientResponse response, Context context) {
        this.request = request;
        this.response = response;
        this.context = context;
        response.handler(this::data);
        response.endHandler(v -> {
            ended = true;
            deliver();
        });
        response.exceptionHandler(e -> {
            if (failure == null && !ended) {
                failure = "upstream response failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            deliver();
        });
    }

    /**
     * The whole body when it already arrived (ended, not failed, nothing read yet, at most {@code limit}
     * bytes): the stream is then done and must not be started. Else null. Call on the response's context.
     */
    byte[] takeIfComplete(long limit) {
        if (!ended || failure != null || done || sink != null || queued > limit) {
            return null;
        }
        done = true;
        return drain();
    }

    @Override
    public void start(Sink sink) {
        context.runOnContext(v -> {
            if (this.sink != null) {
                throw new IllegalStateException("stream already started");
            }
            this.sink = sink;
            wanted = true;
            deliver();
        });
    }

    @Override
    public void pull() {
        context.runOnContext(v -> {
            wanted = true;
            deliver();
        });
    }

    @Override
    public void cancel(String reason) {
        context.runOnContext(v -> {
            if (done) {
                return;
            }
            done = true;
            queue.clear();
            queued = 0;
            if (!ended) {
                // An HTTP/1.1 reset closes the connection: the upstream sees its client go away.
                request.reset(0, new IllegalStateException("fetch body cancelled: " + reason));
            }
        });
    }

    private void data(Buffer chunk) {
        if (done) {
            return;
        }
        queue.add(chunk);
        queued += chunk.length();
        if (queued >= READ_AHEAD && !paused) {
            paused = true;
            response.pause();
        }
        deliver();
    }

    private byte[] drain() {
        byte[] bytes = new byte[queued];
        int at = 0;
        for (Buffer b : queue) {
            b.getBytes(bytes, at);
            at += b.length();
        }
        queue.clear();
        queued = 0;
        return bytes;
    }

    private void deliver() {
        if (!wanted || done || sink == null) {
            return;
        }
        if (!queue.isEmpty()) {
            wanted = false;
            byte[] bytes = drain();
            if (paused && !ended) {
                paused = false;
                response.resume();
            }
            sink.chunk(bytes);
        } else if (failure != null) {
            done = true;
            sink.error(failure);
        } else if (ended) {
            done = true;
            sink.end();
        }
    }
}
