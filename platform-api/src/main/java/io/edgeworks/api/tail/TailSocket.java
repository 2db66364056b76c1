package io.edgeworks.api.tail;

import io.edgeworks.api.config.PlatformConfig;
import io.edgeworks.bundle.TailEntry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The tail WebSocket, {@code GET /tails/<id>} on the API's HTTP port, as {@code wrangler tail} speaks it
 * (WRANGLER.md section 5): no authentication (the 256-bit id in the URL is the credential), subprotocol
 * {@code trace-v1} echoed (configured server-wide by {@link TailServerOptions}), the client's unmasked first frame
 * {@code {"debug":false}} accepted and ignored, pings answered with pongs (by Vert.x), one JSON text message per
 * event. The server closes the socket when the tail ends (expiry, DELETE); wrangler then exits. A client whose
 * write queue is full when an event arrives is closed (1008), never buffered for without bound.
 *
 * <p>Served on the Vert.x router rather than through Quarkus WebSockets Next (not available offline here): the
 * handshake needs only the server options and {@code toWebSocket()}.
 */
@ApplicationScoped
public class TailSocket {
    private static final Logger LOG = Logger.getLogger(TailSocket.class);
    /** A socket whose unsent messages exceed this many bytes is a slow client. */
    static final int WRITE_QUEUE_BYTES = 1 << 20;

    private final TailRegistry registry;
    private final TailStreams streams;

    public TailSocket(TailRegistry registry, TailStreams streams, PlatformConfig config) {
        this.registry = registry;
        this.streams = streams;
    }

    void routes(@Observes Router router) {
        router.get("/tails/:id").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String id = ctx.pathParam("id");
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            ctx.response().setStatusCode(400).putHeader("content-type", "text/plain; charset=utf-8")
                    .end("A tail URL is a WebSocket: connect with subprotocol trace-v1 (e.g. wrangler tail).\n");
            return;
        }
        if (!TailService.isId(id)) {
            notFound(ctx);
            return;
        }
        request.pause();
        registry.get(id).subscribe().with(tail -> {
            if (tail == null || !live(tail.entry()) || streams.holds(id)) {
                request.resume();
                notFound(ctx);
                return;
            }
            request.toWebSocket().onSuccess(ws -> accept(ws, tail)).onFailure(e -> LOG.debugf("tail handshake failed: %s", e.getMessage()));
        }, e -> {
            request.resume();
            ctx.response().setStatusCode(503).putHeader("content-type", "text/plain; charset=utf-8")
                    .end("The tail registry is unavailable, retry later.\n");
        });
    }

    private static boolean live(TailEntry entry) {
        return System.currentTimeMillis() < entry.expiresAt();
    }

    private void accept(ServerWebSocket ws, TailRegistry.Registered tail) {
        ws.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        ws.textMessageHandler(message -> {
            // wrangler's {"debug":false} (sent unmasked); nothing else is expected from the client
        });
        ws.closeHandler(v -> streams.detach(tail.id(), "the socket disconnected"));
        ws.exceptionHandler(e -> LOG.debugf("tail socket: %s", e.getMessage()));
        streams.attach(tail, new TailStreams.Sink() {
            @Override
            public boolean offer(String event) {
                if (ws.isClosed() || ws.writeQueueFull()) {
                    return false;
                }
                ws.writeTextMessage(event);
                return true;
            }

            @Override
            public void end(String reason) {
                if (!ws.isClosed()) {
                    ws.close((short) (reason.contains("slowly") ? 1008 : 1000), reason.length() > 100 ? reason.substring(0, 100) : reason);
                }
            }
        }).subscribe().with(v -> { }, e -> {
            if (!ws.isClosed()) {
                ws.close((short) 1011, "tail unavailable");
            }
        });
    }

    private static void notFound(RoutingContext ctx) {
        ctx.response().setStatusCode(404).putHeader("content-type", "text/plain; charset=utf-8")
                .end("No such tail: it ended, or the URL is wrong. Start a new one.\n");
    }
}
