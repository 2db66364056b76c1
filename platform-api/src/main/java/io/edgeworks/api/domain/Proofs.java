package io.edgeworks.api.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.dns.DnsException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.ConnectException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Proof of control of a domain, over the network: a DNS TXT record {@code _edgeworks.<name>} whose value
 * is the claim's token, or {@code GET http://<name>[:port]/.well-known/edgeworks-challenge/<token>}
 * answering 200 with the token as body. Both look names up at the configured resolver
 * ({@code platform.domains.resolver}) with Vert.x' DNS client. The HTTP proof connects to the name's
 * address, follows no redirect, reads at most {@value #BODY_CAP} bytes and gives up after
 * {@code platform.domains.check-timeout}. What was looked up and found is reported, never the body
 * itself (the address may be anybody's server).
 */
@ApplicationScoped
class Proofs {
    static final String TXT_PREFIX = "_edgeworks.";
    static final String HTTP_PREFIX = "/.well-known/edgeworks-challenge/";
    static final int BODY_CAP = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Whether the proof holds, and in words what was looked up and found. */
    record Outcome(boolean proven, String report) {
    }

    private final io.vertx.core.Vertx vertx;
    private final DomainConfig config;
    private final String resolverLabel;
    private final DnsClient dns;
    private final HttpClient http;

    Proofs(Vertx vertx, DomainConfig config) {
        this.vertx = vertx.getDelegate();
        this.config = config;
        long timeout = config.checkTimeout().toMillis();
        DnsClientOptions options = new DnsClientOptions().setQueryTimeout(timeout).setRecursionDesired(true);
        String resolver = config.resolver().map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (resolver != null) {
            int colon = resolver.lastIndexOf(':');
            String host = colon < 0 ? resolver : resolver.substring(0, colon);
            int port = colon < 0 ? 53 : Integer.parseInt(resolver.substring(colon + 1));
            options.setHost(host).setPort(port);
        }
        this.resolverLabel = resolver == null ? "the system resolver" : resolver;
        this.dns = this.vertx.createDnsClient(options);
        this.http = this.vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout)
                .setKeepAlive(false)
                .setMaxPoolSize(8));
    }

    @PreDestroy
    void close() {
        http.close();
        dns.close();
    }

    static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String txtName(String name) {
        return TXT_PREFIX + name;
    }

    static String httpPath(String token) {
        return HTTP_PREFIX + token;
    }

    /** The TXT record first, then the HTTP token. */
    Uni<Outcome> check(String name, String token) {
        return txt(name, token).chain(dnsOutcome -> dnsOutcome.proven() ? Uni.createFrom().item(dnsOutcome)
                : http(name, token).map(httpOutcome -> httpOutcome.proven() ? httpOutcome
                        : new Outcome(false, dnsOutcome.report() + "; " + httpOutcome.report())));
    }

    Uni<Outcome> txt(String name, String token) {
        String query = txtName(name);
        String looked = "DNS TXT " + query + " at " + resolverLabel;
        return Uni.createFrom().completionStage(() -> dns.resolveTXT(query).toCompletionStage())
                .map(values -> {
                    if (values.contains(token)) {
                        return new Outcome(true, looked + ": found the token");
                    }
                    return new Outcome(false, looked + (values.isEmpty() ? ": no TXT record" : ": found " + quoted(values) + ", not the token"));
                })
                .onFailure().recoverWithItem(e -> new Outcome(false, looked + ": " + dnsFailure(e)));
    }

    Uni<Outcome> http(String name, String token) {
        String path = httpPath(token);
        int port = config.httpPort();
        String url = "http://" + name + (port == 80 ? "" : ":" + port) + path;
        return address(name).chain(address -> {
            if (address.error() != null) {
                return Uni.createFrom().item(new Outcome(false, "HTTP " + url + ": " + address.error()));
            }
            if (!config.httpPrivateAddresses() && isPrivate(address.ip())) {
                return Uni.createFrom().item(new Outcome(false, "HTTP " + url + ": not requested, its address " + address.ip()
                        + " is not a public one (platform.domains.http-private-addresses)"));
            }
            return Uni.createFrom().completionStage(() -> get(address.ip(), port, name, path).toCompletionStage())
                    .ifNoItem().after(config.checkTimeout()).failWith(() -> new TimeoutException())
                    .map(answer -> {
                        String at = "HTTP " + url + " (address " + address.ip() + ")";
                        if (answer.status() != 200) {
                            return new Outcome(false, at + ": answered " + answer.status()
                                    + (answer.status() / 100 == 3 ? " (redirects are not followed)" : ""));
                        }
                        if (answer.tooLarge()) {
                            return new Outcome(false, at + ": answered 200 with a body larger than " + BODY_CAP + " bytes");
                        }
                        if (answer.body().strip().equals(token)) {
                            return new Outcome(true, at + ": answered the token");
                        }
                        return new Outcome(false, at + ": answered 200 with " + answer.bytes() + " bytes that are not the token");
                    })
                    .onFailure().recoverWithItem(e -> new Outcome(false, "HTTP " + url + " (address " + address.ip() + "): " + httpFailure(e)));
        });
    }

    private record Address(String ip, String error) {
    }

    /** Loopback, private (RFC 1918), link-local, unique-local (fc00::/7), wildcard, multicast or CGNAT (100.64/10). */
    static boolean isPrivate(String ip) {
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(ip);
        } catch (IllegalArgumentException e) {
            return true;
        }
        byte[] bytes = address.getAddress();
        boolean uniqueLocal = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
        boolean sharedSpace = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocal || sharedSpace;
    }

    private Uni<Address> address(String name) {
        return Uni.createFrom().completionStage(() -> dns.resolveA(name).toCompletionStage())
                .onFailure().recoverWithItem(List.of())
                .chain(v4 -> !v4.isEmpty() ? Uni.createFrom().item(new Address(v4.getFirst(), null))
                        : Uni.createFrom().completionStage(() -> dns.resolveAAAA(name).toCompletionStage())
                        .map(v6 -> v6.isEmpty() ? new Address(null, "no A or AAAA record at " + resolverLabel) : new Address(v6.getFirst(), null))
                        .onFailure().recoverWithItem(e -> new Address(null, "no A or AAAA record at " + resolverLabel + " (" + dnsFailure(e) + ")")));
    }

    private record Answer(int status, String body, int bytes, boolean tooLarge) {
    }

    private io.vertx.core.Future<Answer> get(String ip, int port, String name, String path) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(ip).setPort(port).setURI(path)
                .setFollowRedirects(false).setIdleTimeout(config.checkTimeout().toMillis())
                .putHeader("Host", port == 80 ? name : name + ":" + port)
                .putHeader("User-Agent", "edgeworks-domain-check");
        return http.request(options).compose(request -> request.send().compose(response -> {
            Promise<Answer> promise = Promise.promise();
            Buffer body = Buffer.buffer();
            response.handler(chunk -> {
                if (body.length() <= BODY_CAP) {
                    body.appendBuffer(chunk);
                }
                if (body.length() > BODY_CAP) {
                    promise.tryComplete(new Answer(response.statusCode(), "", body.length(), true));
                    request.reset();
                }
            });
            response.exceptionHandler(promise::tryFail);
            response.endHandler(v -> promise.tryComplete(new Answer(response.statusCode(),
                    body.toString(StandardCharsets.UTF_8), body.length(), false)));
            return promise.future();
        }));
    }

    private String dnsFailure(Throwable e) {
        if (e instanceof DnsException dnsException) {
            return "answered " + dnsException.code();
        }
        if (e instanceof TimeoutException || e instanceof io.vertx.core.VertxException && String.valueOf(e.getMessage()).contains("timed out")) {
            return "no answer within " + config.checkTimeout().toMillis() + " ms";
        }
        return "lookup failed (" + e.getMessage() + ")";
    }

    private String httpFailure(Throwable e) {
        if (e instanceof TimeoutException) {
            return "no answer within " + config.checkTimeout().toMillis() + " ms";
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return "connection refused";
        }
        return "request failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }

    private static String quoted(List<String> values) {
        return values.stream().limit(5).map(v -> "\"" + (v.length() > 80 ? v.substring(0, 80) + "…" : v) + "\"").toList().toString();
    }
}
