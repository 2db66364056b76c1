package io.edgeworks.admin.security;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * First half of the portal's CSRF defence: a state-changing request (anything but GET, HEAD, OPTIONS) must come
 * from a page of the portal itself. Its {@code Origin} (else its {@code Referer}) must name the host and port the
 * request was sent to; otherwise 403, before sign-in or any page code runs. Browsers send {@code Origin} with
 * every cross-origin and same-origin POST, and {@code Referrer-Policy: same-origin} keeps the {@code Referer} for
 * the portal's own pages. The scheme is not compared, so a TLS-terminating proxy in front needs no setting.
 *
 * <p>Second half: the double-submit token every POST form carries ({@link CsrfFormFields}), checked by
 * quarkus-rest-csrf against its cookie (400 when missing or wrong).
 */
@ApplicationScoped
public class SameOriginRequests {
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    void install(@Observes Router router) {
        // before authentication (and the OIDC redirect) and before any page
        router.route().order(Integer.MIN_VALUE + 100).handler(this::check);
    }

    private void check(RoutingContext rc) {
        if (SAFE.contains(rc.request().method())) {
            rc.next();
            return;
        }
        String refusal = refusal(rc.request().getHeader("Origin"), rc.request().getHeader("Referer"), rc.request().getHeader("Host"));
        if (refusal == null) {
            rc.next();
            return;
        }
        rc.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("Refused: " + refusal + ". Changes are accepted only from the portal's own pages; reload the page and try again.\n");
    }

    /** Why the request does not come from the portal's own origin, or null when it does. */
    static String refusal(String origin, String referer, String host) {
        String source = origin != null ? origin : referer;
        if (source == null || source.isBlank()) {
            return "the request names no Origin or Referer";
        }
        if ("null".equals(source)) {
            return "the request comes from an opaque origin";
        }
        if (host == null || host.isBlank()) {
            return "the request has no Host header";
        }
        URI uri;
        try {
            uri = URI.create(source.trim());
        } catch (IllegalArgumentException e) {
            return "the request's " + (origin != null ? "Origin" : "Referer") + " is not a URL";
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return "the request's " + (origin != null ? "Origin" : "Referer") + " is not a URL";
        }
        int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        int sourcePort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        String hostName = host;
        int hostPort = defaultPort;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && colon > host.lastIndexOf(']')) {
            hostName = host.substring(0, colon);
            try {
                hostPort = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return "the request's Host header is malformed";
            }
        }
        String sourceHost = uri.getHost().toLowerCase(Locale.ROOT);
        if (!sourceHost.equals(hostName.toLowerCase(Locale.ROOT)) || sourcePort != hostPort) {
            return "the request comes from another site (" + uri.getScheme() + "://" + uri.getAuthority() + ")";
        }
        return null;
    }
}
