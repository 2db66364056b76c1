package io.edgeworks.edge.api.fetch;

import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.EdgeResponse;
import io.edgeworks.edge.runtime.OutboundHttp;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Global fetch() over the Vert.x HTTP client (Fetch Standard, HTTP(S) only). Resolves the host without
 * blocking ({@link HostResolver}: the caller, a worker thread, only starts the lookup; redirects are followed
 * on the event loop) and checks every address against the {@link AddressPolicy}, then connects to the
 * checked address (keeping the Host header and TLS server name). Follows redirects itself for mode
 * "follow", as the Fetch Standard's HTTP-redirect fetch does: 301/302 after POST and 303 after anything but
 * GET/HEAD become a GET without body or {@code content-*} headers, and a redirect to another origin drops
 * the credentials ({@code Authorization}, {@code Cookie}, {@code Proxy-Authorization}) so they never reach
 * a host the worker did not name. Completes as soon as the final response's status and headers arrive:
 * its body is an {@link UpstreamBody} stream (read by the worker as it pulls, with backpressure), except
 * for responses that cannot have one (HEAD, 204, 205, 304). {@link #wholeBodyLimit()} is what a worker
 * may read of such a body in one piece ({@code .text()}).
 */
public final class OutboundFetcher implements OutboundHttp {
    private static final Set<String> DROPPED = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer");
    /** Request headers that carry credentials: not sent on to another origin after a redirect. */
    private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "proxy-authorization");

    private final HttpClient client;
    private final AddressPolicy policy;
    private final HostResolver resolver;
    private final int timeoutMs;
    private final int maxBytes;
    private final Vertx vertx;
    private final int maxRedirects;

    /** With the DNS servers of /etc/resolv.conf (5 s each). */
    public OutboundFetcher(Vertx vertx, AddressPolicy policy, int timeoutMs, int maxBytes, int maxRedirects) {
        this(vertx, policy, new HostResolver(vertx, List.of(), 5000), timeoutMs, maxBytes, maxRedirects);
    }

    public OutboundFetcher(Vertx vertx, AddressPolicy policy, HostResolver resolver, int timeoutMs, int maxBytes, int maxRedirects) {
        this.resolver = resolver;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeoutMs).setTrustAll(false)
                .setVerifyHost(true).setMaxPoolSize(64));
        this.vertx = vertx;
        this.policy = policy;
        this.timeoutMs = timeoutMs;
        this.maxBytes = maxBytes;
        this.maxRedirects = maxRedirects;
    }

    @Override
    public long wholeBodyLimit() {
        return maxBytes;
    }

    @Override
    public CompletionStage<Result> send(EdgeRequest request, String redirectMode) {
        return send(request, redirectMode, 0);
    }

    private CompletionStage<Result> send(EdgeRequest request, String redirectMode, int redirects) {
        URI uri;
        try {
            uri = URI.create(request.url());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("only http: and https: URLs can be fetched, not " + scheme + ":");
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Future<Step> future = resolver.resolve(uri.getHost())
                .compose(addresses -> connect(request, redirectMode, redirects, uri, addresses));
        return future.toCompletionStage().thenCompose(step -> step.result() != null
                ? CompletableFuture.completedFuture(step.result())
                : followRedirect(request, redirectMode, redirects, step.status(), step.location()));
    }

    /** Checks every address, then sends the request to the first one (IPv4 first). */
    private Future<Step> connect(EdgeRequest request, String redirectMode, int redirects, URI uri, List<InetAddress> addresses) {
        for (InetAddress a : addresses) {
            String refused = policy.check(a);
            if (refused != null) {
                return Future.failedFuture(new IllegalStateException("connections to " + refused + " (" + uri.getHost() + ") are not allowed"));
            }
        }
        InetAddress address = addresses.get(0);
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = port(uri);
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method()))
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(uri.getHost())
                .setPort(port)
                .setSsl(https)
                .setURI(path)
                .setTimeout(timeoutMs)
                .setFollowRedirects(false);
        for (Map.Entry<String, String> h : request.headers()) {
            if (!DROPPED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                options.addHeader(h.getKey(), h.getValue());
            }
        }
        return client.request(options).compose(req -> req.send(Buffer.buffer(request.body()))
                .compose(resp -> respond(request, redirectMode, redirects, req, resp)));
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : (uri.getScheme().equalsIgnoreCase("https") ? 443 : 80);
    }

    /** The next step once the upstream's status and headers arrived (on the connection's event loop). */
    private record Step(Result result, int status, String location) {
    }

    private Future<Step> respond(EdgeRequest request, String mode, int redirects, HttpClientRequest req,
                                 HttpClientResponse resp) {
        int status = resp.statusCode();
        String location = resp.getHeader("location");
        if (status >= 300 && status <= 399 && status != 304 && location != null && !"manual".equals(mode)) {
            // Followed or refused: this response's body is not wanted, the connection is dropped with it.
            resp.exceptionHandler(e -> { }); // the reset's own StreamResetException
            req.reset(0);
            return Future.succeededFuture(new Step(null, status, location));
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        resp.headers().forEach(e -> headers.add(Map.entry(e.getKey().toLowerCase(Locale.ROOT), e.getValue())));
        if (request.method().equals("HEAD") || status == 204 || status == 205 || status == 304 || status < 200) {
            // No body to stream (Fetch: a null body status): take the (empty) body whole.
            return resp.body().map(body -> new Step(new Result(new EdgeResponse(status, resp.statusMessage(), headers,
                    body.getBytes()), request.url(), redirects > 0), status, location));
        }
        Context current = Vertx.currentContext();
        Context context = current != null ? current : vertx.getOrCreateContext();
        UpstreamBody body = new UpstreamBody(req, resp, context);
        // Completes after the network read that brought the head is processed: a small body that came
        // with it is complete by then and goes whole (as fast as before streaming); else it streams.
        Promise<Step> next = Promise.promise();
        context.runOnContext(v -> {
            byte[] whole = body.takeIfComplete(maxBytes);
            EdgeResponse response = whole != null
                    ? new EdgeResponse(status, resp.statusMessage(), headers, whole)
                    : new EdgeResponse(status, resp.statusMessage(), headers, null, body);
            next.complete(new Step(new Result(response, request.url(), redirects > 0), status, location));
        });
        return next.future();
    }

    private CompletionStage<Result> followRedirect(EdgeRequest request, String mode, int redirects, int status, String location) {
        if ("error".equals(mode)) {
            return CompletableFuture.failedFuture(new IllegalStateException("redirect to " + location + " with redirect mode 'error'"));
        }
        if (redirects >= maxRedirects) {
            return CompletableFuture.failedFuture(new IllegalStateException("more than " + maxRedirects + " redirects"));
        }
        URI from = URI.create(request.url());
        URI to = from.resolve(location);
        String method = request.method();
        // Fetch Standard, HTTP-redirect fetch steps 12 and 13.
        boolean toGet = ((status == 301 || status == 302) && method.equals("POST"))
                || (status == 303 && !method.equals("GET") && !method.equals("HEAD"));
        boolean crossOrigin = !sameOrigin(from, to);
        List<Map.Entry<String, String>> headers = request.headers().stream().filter(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            return !(toGet && name.startsWith("content-")) && !(crossOrigin && CREDENTIALS.contains(name));
        }).toList();
        EdgeRequest follow = new EdgeRequest(toGet ? "GET" : method, to.toString(), headers, toGet ? null : request.body());
        return send(follow, mode, redirects + 1);
    }

    /** Same scheme, host and port (the default port when none is given). */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }
}
