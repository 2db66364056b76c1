package io.edgeworks.edge.server;

import io.edgeworks.edge.config.EdgeConfig;
import io.edgeworks.edge.api.url.WhatwgUrl;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.EdgeResponse;
import io.edgeworks.edge.runtime.InvocationResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP entry point on port 8081. Runs before every other route: a request whose Host names an
 * environment (or matches a custom route) goes to the worker pool; otherwise {@code /q/*} (health,
 * metrics) is left to Quarkus and anything else gets 404. The event loop only reads the body, enqueues
 * and writes the response ({@link ResponseWriter}: whole, or streamed as the worker produces it); it never
 * runs JavaScript.
 */
@ApplicationScoped
public class EdgeHttpRoute {
    private final EdgeDispatcher dispatcher;
    private final EdgeConfig config;

    public EdgeHttpRoute(EdgeDispatcher dispatcher, EdgeConfig config) {
        this.dispatcher = dispatcher;
        this.config = config;
    }

    void register(@Observes Router router) {
        // Buffers the body (up to the limit, else 413) and handles Quarkus' paused request for us.
        router.route().order(-101).handler(BodyHandler.create(false).setBodyLimit(config.runtime().maxRequestBodyBytes()));
        router.route().order(-100).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        String host = req.getHeader("host") != null ? req.getHeader("host") : (req.authority() == null ? "" : req.authority().toString());
        // Behind a TLS-terminating proxy the original scheme matters for https-only route patterns.
        String scheme = "https".equalsIgnoreCase(req.getHeader("x-forwarded-proto")) ? "https" : "http";
        WhatwgUrl parsed = WhatwgUrl.parse(scheme + "://" + host + req.uri(), null);
        if (parsed == null) {
            rc.response().setStatusCode(400).end("Bad request URL: " + scheme + "://" + host + req.uri() + "\n");
            return;
        }
        // Serialized as the URL Standard does, so that the worker's request.url needs no parsing.
        String url = parsed.href();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        req.headers().forEach(e -> headers.add(Map.entry(e.getKey().toLowerCase(Locale.ROOT), e.getValue())));
        Buffer body = rc.body().buffer();
        EdgeRequest request;
        try {
            request = new EdgeRequest(req.method().name(), url, headers, body == null ? null : body.getBytes());
            if (!dispatcher.wouldRoute(request)) {
                if (req.path().startsWith("/q/")) {
                    rc.next();
                } else {
                    dispatcher.dispatch(request); // logs and counts the unrouted request
                    write(rc.response(), EdgeDispatcher.notFound(host).response(), req.method().name());
                }
                return;
            }
        } catch (IllegalArgumentException e) {
            rc.response().setStatusCode(400).end("Bad request URL: " + e.getMessage() + "\n");
            return;
        }
        CompletableFuture<InvocationResult> result = dispatcher.dispatch(request);
        if (result == null) {
            write(rc.response(), EdgeDispatcher.notFound(host).response(), req.method().name());
            return;
        }
        ResponseWriter.writeWhenDone(result, rc.response(), req.method().name());
    }

    private static void write(HttpServerResponse out, EdgeResponse response, String method) {
        ResponseWriter.write(out, response, method);
    }
}
