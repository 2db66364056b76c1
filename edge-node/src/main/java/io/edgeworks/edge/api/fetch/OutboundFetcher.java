package io.edgeworks.edge.api.fetch;

import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.EdgeResponse;
import io.edgeworks.edge.runtime.OutboundHttp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Global fetch() over the Vert.x HTTP client (Fetch Standard, HTTP(S) only). Resolves the host first
 * and checks every address against the {@link AddressPolicy}, then connects to the checked address
 * (keeping the Host header and TLS server name). Follows redirects itself for mode "follow".
 */
public final class OutboundFetcher implements OutboundHttp {
    private static final Set<String> DROPPED = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer");

    private final HttpClient client;
    private final AddressPolicy policy;
    private final int timeoutMs;
    private final int maxBytes;
    private final int maxRedirects;

    public OutboundFetcher(Vertx vertx, AddressPolicy policy, int timeoutMs, int maxBytes, int maxRedirects) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeoutMs).setTrustAll(false)
                .setVerifyHost(true).setMaxPoolSize(64));
        this.policy = policy;
        this.timeoutMs = timeoutMs;
        this.maxBytes = maxBytes;
        this.maxRedirects = maxRedirects;
    }

    @Override
    public CompletionStage<Result> send(EdgeRequest request, String redirectMode) {
        return send(request, redirectMode, 0);
    }

    private CompletionStage<Result> send(EdgeRequest request, String redirectMode, int redirects) {
        URI uri;
        InetAddress address;
        try {
            uri = URI.create(request.url());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("only http: and https: URLs can be fetched, not " + scheme + ":");
            }
            address = resolve(uri.getHost());
        } catch (RuntimeException | UnknownHostException e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80);
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
        Future<Result> future = client.request(options)
                .compose(req -> req.send(Buffer.buffer(request.body())))
                .compose(resp -> {
                    String length = resp.getHeader("content-length");
                    if (length != null && Long.parseLong(length.trim()) > maxBytes) {
                        return Future.failedFuture("response body larger than " + maxBytes + " bytes");
                    }
                    return resp.body().map(body -> {
                        if (body.length() > maxBytes) {
                            throw new IllegalStateException("response body larger than " + maxBytes + " bytes");
                        }
                        List<Map.Entry<String, String>> headers = new ArrayList<>();
                        resp.headers().forEach(e -> headers.add(Map.entry(e.getKey().toLowerCase(Locale.ROOT), e.getValue())));
                        return new Result(new EdgeResponse(resp.statusCode(), resp.statusMessage(), headers, body.getBytes()),
                                request.url(), redirects > 0);
                    });
                });
        return future.toCompletionStage().thenCompose(result -> followRedirect(request, redirectMode, redirects, result));
    }

    private CompletionStage<Result> followRedirect(EdgeRequest request, String mode, int redirects, Result result) {
        int status = result.response().status();
        String location = result.response().header("location");
        if (status < 300 || status > 399 || location == null || status == 304) {
            return CompletableFuture.completedFuture(result);
        }
        if ("manual".equals(mode)) {
            return CompletableFuture.completedFuture(result);
        }
        if ("error".equals(mode)) {
            return CompletableFuture.failedFuture(new IllegalStateException("redirect to " + location + " with redirect mode 'error'"));
        }
        if (redirects >= maxRedirects) {
            return CompletableFuture.failedFuture(new IllegalStateException("more than " + maxRedirects + " redirects"));
        }
        String next = URI.create(request.url()).resolve(location).toString();
        boolean toGet = status == 303 || ((status == 301 || status == 302) && request.method().equals("POST"));
        List<Map.Entry<String, String>> headers = request.headers().stream()
                .filter(h -> !toGet || !h.getKey().toLowerCase(Locale.ROOT).startsWith("content-")).toList();
        EdgeRequest follow = new EdgeRequest(toGet && !request.method().equals("HEAD") ? "GET" : request.method(), next,
                headers, toGet ? null : request.body());
        return send(follow, mode, redirects + 1);
    }

    private InetAddress resolve(String host) throws UnknownHostException {
        if (host == null || host.isEmpty()) {
            throw new UnknownHostException("URL has no host");
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = InetAddress.getAllByName(bare);
        for (InetAddress a : addresses) {
            String refused = policy.check(a);
            if (refused != null) {
                throw new IllegalStateException("connections to " + refused + " (" + host + ") are not allowed");
            }
        }
        return addresses[0];
    }
}
