package io.edgeworks.edge.server;

import io.edgeworks.edge.config.EdgeConfig;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.EdgeResponse;
import io.edgeworks.edge.runtime.InvocationResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP entry point on the public port (8081); it serves tenants only (health and metrics are on the
 * management port). The route is decided on the request head alone: a request whose Host names an
 * environment (or matches a custom route) has its body read (up to {@code edge.runtime.max-request-body-bytes},
 * else 413) and goes to the worker pool; anything else gets 404 at once, without reading its body, and a
 * connection with an unread body is closed rather than drained. More than one Host header is a 400 (which
 * one a proxy in front used is unknowable). {@code X-Forwarded-Proto} decides the scheme only from a
 * {@link TrustedProxies trusted proxy}. A plain-HTTP request for a custom domain that redirects to HTTPS gets
 * 308 ({@link HttpsRedirects}). The event loop only reads the body, enqueues and writes the response
 * ({@link ResponseWriter}: whole, or streamed as the worker produces it); it never runs JavaScript. While the node's
 * JIT warm-up runs, a request carrying its key goes to its built-in sample instead ({@link JitWarmUp}).
 */
@ApplicationScoped
public class EdgeHttpRoute {
    private final EdgeDispatcher dispatcher;
    private final int maxBodyBytes;
    private final TrustedProxies proxies;
    private final AcmeChallenges challenges;
    private final HttpsRedirects redirects;

    private final ShutdownDrain drain;
    private final JitWarmUp warmUp;

    public EdgeHttpRoute(EdgeDispatcher dispatcher, EdgeConfig config, AcmeChallenges challenges, HttpsRedirects redirects,
                         ShutdownDrain drain, JitWarmUp warmUp) {
        this.dispatcher = dispatcher;
        this.warmUp = warmUp;
        this.drain = drain;
        this.challenges = challenges;
        this.redirects = redirects;
        this.maxBodyBytes = config.runtime().maxRequestBodyBytes();
        this.proxies = new TrustedProxies(config.http().trustedProxies().orElse(List.of()));
    }

    void register(@Observes Router router) {
        router.route().order(-100).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        HeadReadTimeout.headReceived(rc);
        drain.closeConnectionWhenDraining(req); // during a shutdown: clients reconnect, through the proxy to another node
        List<String> hosts = req.headers().getAll("host");
        if (hosts.size() > 1) {
            refuse(req, 400, "Bad request: more than one Host header\n");
            return;
        }
        String host = hosts.size() == 1 ? hosts.get(0) : (req.authority() == null ? "" : req.authority().toString());
        String token = AcmeChallenges.token(req.path());
        if (token != null && req.method() == HttpMethod.GET) {
            // The platform's own ACME challenges come first, on any host; a token it does not know is the tenant's.
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            challenges.answer(token).subscribe().with(answer -> context.runOnContext(v -> {
                if (answer != null) {
                    ResponseWriter.write(req.response(), new EdgeResponse(200, "OK",
                            List.of(Map.entry("content-type", "text/plain")), answer.getBytes(StandardCharsets.US_ASCII)), "GET");
                } else {
                    route(req, host);
                }
            }));
            return;
        }
        route(req, host);
    }

    private void route(HttpServerRequest req, String host) {
        // Behind a TLS-terminating proxy the original scheme matters for https-only route patterns.
        String scheme = req.isSSL() || proxies.trusts(req.remoteAddress() == null ? null : req.remoteAddress().hostAddress())
                && "https".equalsIgnoreCase(req.getHeader("x-forwarded-proto")) ? "https" : "http";
        if (scheme.equals("http")) {
            String location = redirects.location(host, req.path() + (req.query() == null ? "" : "?" + req.query()));
            if (location != null) {
                refuse(req, new EdgeResponse(308, "Permanent Redirect", List.of(Map.entry("location", location),
                        Map.entry("content-type", "text/plain; charset=utf-8")), ("Redirecting to " + location + "\n").getBytes(StandardCharsets.UTF_8)));
                return;
            }
        }
        // Serialized as the URL Standard does, so that the worker's request.url needs no parsing.
        String url = RequestUrl.href(scheme, host, req.uri());
        if (url == null) {
            refuse(req, 400, "Bad request URL: " + scheme + "://" + host + req.uri() + "\n");
            return;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        req.headers().forEach(e -> headers.add(Map.entry(e.getKey().toLowerCase(Locale.ROOT), e.getValue())));
        String method = req.method().name();
        EdgeRequest head;
        try {
            head = new EdgeRequest(method, url, headers, null);
        } catch (IllegalArgumentException e) {
            refuse(req, 400, "Bad request URL: " + e.getMessage() + "\n");
            return;
        }
        if (warmUp.serves(req)) { // the node's own JIT warm-up (its key, while it runs): its built-in sample, no tenant
            if (req.isEnded()) {
                ResponseWriter.writeWhenDone(warmUp.dispatch(head), req.response(), method);
            } else {
                readBody(req, body -> ResponseWriter.writeWhenDone(
                        warmUp.dispatch(new EdgeRequest(method, head.url(), head.headers(), body)), req.response(), method));
            }
            return;
        }
        EdgeDispatcher.Routed routed = dispatcher.route(head);
        if (routed.node() == null) {
            dispatcher.dispatch(routed, head); // logs and counts the unrouted request
            refuse(req, EdgeDispatcher.notFound(host).response());
            return;
        }
        long declared = declaredLength(req);
        if (declared > maxBodyBytes) {
            refuse(req, 413, "Request body larger than " + maxBodyBytes + " bytes\n");
            return;
        }
        if (req.isEnded()) {
            run(req, routed, head, null);
            return;
        }
        readBody(req, body -> run(req, routed, head, body));
    }

    /** Reads the body up to the limit (413 and the connection closed beyond it), then gives it to {@code then}. */
    private void readBody(HttpServerRequest req, java.util.function.Consumer<byte[]> then) {
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        req.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                refused[0] = true;
                refuse(req, 413, "Request body larger than " + maxBodyBytes + " bytes\n");
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(e -> refused[0] = true); // the client went away: nothing to answer
        req.endHandler(v -> {
            if (!refused[0]) {
                then.accept(body.getBytes());
            }
        });
        if ("100-continue".equalsIgnoreCase(req.getHeader("expect"))) {
            req.response().writeContinue();
        }
        req.resume();
    }

    /** Runs the request on the snapshot its head was routed on (a graph swapped in meanwhile serves the next one). */
    private void run(HttpServerRequest req, EdgeDispatcher.Routed routed, EdgeRequest head, byte[] body) {
        EdgeRequest request = body == null ? head : new EdgeRequest(head.method(), head.url(), head.headers(), body);
        CompletableFuture<InvocationResult> result = dispatcher.dispatch(routed, request);
        ResponseWriter.writeWhenDone(result, req.response(), head.method());
    }

    /** The request's Content-Length, or -1 when it has none (chunked, or no body). */
    private static long declaredLength(HttpServerRequest req) {
        String value = req.getHeader("content-length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1; // Vert.x refuses a malformed Content-Length before the route runs
        }
    }

    private static void refuse(HttpServerRequest req, int status, String text) {
        refuse(req, EdgeResponse.text(status, text));
    }

    /**
     * Answers without reading the request body: a request whose body has not arrived gets
     * {@code Connection: close} and its connection is closed once the answer is out, so the body is never
     * drained (a large upload costs the edge nothing beyond its head).
     */
    private static void refuse(HttpServerRequest req, EdgeResponse response) {
        HttpServerResponse out = req.response();
        if (out.ended() || out.closed()) {
            return;
        }
        boolean unread = !req.isEnded();
        if (unread) {
            out.putHeader("connection", "close");
        }
        ResponseWriter.write(out, response, req.method().name());
        if (unread) {
            out.close(); // after the answer is written (Vert.x closes once the write completes)
        }
    }
}
