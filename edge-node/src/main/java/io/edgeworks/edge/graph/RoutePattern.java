package io.edgeworks.edge.graph;

import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

/**
 * A custom route pattern with Cloudflare's rules: {@code [scheme://]host[/path]}; {@code *} only as a
 * host prefix ({@code *example.com}, {@code *.example.com}) or a path suffix ({@code /images/*});
 * matching covers the whole URL including the query; the host is case-insensitive, the path
 * case-sensitive; a pattern without a path means {@code /}. {@link #SPECIFICITY} orders the most
 * specific pattern first: host specificity before path specificity.
 */
public record RoutePattern(String pattern, String scheme, String host, boolean hostWildcard, String path,
                           boolean pathWildcard) {

    /** Most specific first: exact host, then longer wildcard host suffix; then exact path, then longer prefix. */
    public static final Comparator<RoutePattern> SPECIFICITY = Comparator
            .comparing((RoutePattern p) -> p.hostWildcard)
            .thenComparing(p -> -p.host.length())
            .thenComparing(p -> p.pathWildcard)
            .thenComparing(p -> -p.path.length())
            .thenComparing(p -> p.scheme == null)
            .thenComparing(RoutePattern::pattern);

    public RoutePattern {
        Objects.requireNonNull(pattern, "pattern");
    }

    /** Parses a pattern; the exception message says what is wrong. */
    public static RoutePattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("route pattern is empty");
        }
        String rest = pattern.trim();
        String scheme = null;
        int sep = rest.indexOf("://");
        if (sep >= 0) {
            scheme = rest.substring(0, sep).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("route pattern '" + pattern + "': scheme must be http or https");
            }
            rest = rest.substring(sep + 3);
        }
        int slash = rest.indexOf('/');
        String host = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
        String path = slash < 0 ? "/" : rest.substring(slash);
        if (rest.contains("?") || rest.contains("#")) {
            throw new IllegalArgumentException("route pattern '" + pattern + "': no query or fragment allowed (end the path with * instead)");
        }
        boolean hostWildcard = host.startsWith("*");
        if (hostWildcard) {
            host = host.substring(1);
        }
        if (host.contains("*")) {
            throw new IllegalArgumentException("route pattern '" + pattern + "': '*' is allowed only at the start of the host");
        }
        if (host.contains(":")) {
            host = host.substring(0, host.indexOf(':'));
        }
        if (host.isEmpty() && !hostWildcard) {
            throw new IllegalArgumentException("route pattern '" + pattern + "': host is missing");
        }
        if (!host.matches("[a-z0-9.\\-]*")) {
            throw new IllegalArgumentException("route pattern '" + pattern + "': host has characters other than a-z, 0-9, '-' and '.'");
        }
        boolean pathWildcard = path.endsWith("*");
        if (pathWildcard) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.contains("*")) {
            throw new IllegalArgumentException("route pattern '" + pattern + "': '*' is allowed only at the end of the path");
        }
        return new RoutePattern(pattern, scheme, host, hostWildcard, path, pathWildcard);
    }

    /**
     * A host-prefix wildcard matches at a label boundary: {@code *.example.com} its subdomains, {@code
     * *example.com} the host itself and its subdomains. Never a longer name that merely ends the same way
     * ({@code *tim1.example} does not match {@code victim1.example}, which may be another account's domain).
     */
    private boolean wildcardMatch(String requestHost) {
        if (host.isEmpty() || host.startsWith(".")) {
            return requestHost.endsWith(host);
        }
        return requestHost.equals(host) || (requestHost.endsWith(host) && requestHost.charAt(requestHost.length() - host.length() - 1) == '.');
    }

    /**
     * Whether the request URL matches. {@code host} is lower-case without port, {@code pathAndQuery} the
     * raw path plus {@code ?query} when there is one.
     */
    public boolean matches(String requestScheme, String host, String pathAndQuery) {
        if (scheme != null && !scheme.equals(requestScheme)) {
            return false;
        }
        boolean hostOk = hostWildcard ? wildcardMatch(host) : host.equals(this.host);
        if (!hostOk) {
            return false;
        }
        return pathWildcard ? pathAndQuery.startsWith(path) : pathAndQuery.equals(path);
    }
}
