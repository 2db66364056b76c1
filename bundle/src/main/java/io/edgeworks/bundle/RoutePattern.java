package io.edgeworks.bundle;

import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A custom route pattern, by Cloudflare's rules, in the one form platform-api validates and edge nodes
 * match: {@code [http://|https://]host[/path]}.
 * <ul>
 *   <li>{@code *} only as a host prefix or as the last character of the path. {@code *.example.com}
 *       matches the subdomains of example.com; {@code *example.com} matches example.com and its subdomains,
 *       always at a label boundary: {@code *tim1.example} never matches {@code victim1.example}, which may
 *       be another account's domain.</li>
 *   <li>The host is a DNS name of at least two labels (a-z, 0-9, '-'), lower-cased; no port, no bare
 *       {@code *}. No whitespace or control characters, no query or fragment, at most {@value #MAX_LENGTH}
 *       characters.</li>
 *   <li>Matching covers the whole URL including its query; the host is case-insensitive, the path
 *       case-sensitive; a pattern without a path means exactly {@code /}.</li>
 * </ul>
 * {@link #SPECIFICITY} orders the most specific pattern first: host specificity before path specificity.
 * Parse errors are {@link IllegalArgumentException}s whose message says what is wrong (platform-api turns
 * them into a 400 on the field {@code pattern}).
 *
 * @param pattern      the normalized text (lower-case scheme and host, path as written)
 * @param scheme       {@code http}, {@code https}, or null for both
 * @param host         the host without its wildcard prefix: the name that must lie inside one of the
 *                     account's domains
 * @param hostWildcard {@code *example.com} (host and subdomains)
 * @param subdomainsOnly {@code *.example.com} (subdomains only)
 * @param path         the path without its trailing {@code *} ({@code /} when the pattern has none)
 * @param pathWildcard whether the path ends with {@code *}
 */
public record RoutePattern(String pattern, String scheme, String host, boolean hostWildcard, boolean subdomainsOnly,
                           String path, boolean pathWildcard) {
    public static final int MAX_LENGTH = 1024;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** Most specific first: exact host, then longer wildcard host; then exact path, then longer prefix; then with scheme. */
    public static final Comparator<RoutePattern> SPECIFICITY = Comparator
            .comparing(RoutePattern::hostWildcard)
            .thenComparing(p -> -(p.host.length() + (p.subdomainsOnly ? 1 : 0)))
            .thenComparing(RoutePattern::pathWildcard)
            .thenComparing(p -> -p.path.length())
            .thenComparing(p -> p.scheme == null)
            .thenComparing(RoutePattern::pattern);

    public RoutePattern {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        if (subdomainsOnly && !hostWildcard) {
            throw new IllegalArgumentException("subdomainsOnly needs hostWildcard");
        }
    }

    /** Parses a pattern; the exception message says what is wrong. */
    public static RoutePattern parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("is required, like 'shop.example.com/api/*'");
        }
        if (raw.length() > MAX_LENGTH || raw.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters without spaces or control characters");
        }
        String rest = raw;
        String scheme = null;
        int schemeEnd = raw.indexOf("://");
        if (schemeEnd >= 0) {
            scheme = raw.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("scheme '" + scheme + "' is not supported; use http://, https:// or none");
            }
            rest = raw.substring(schemeEnd + 3);
        }
        int slash = rest.indexOf('/');
        String host = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (host.contains(":")) {
            throw new IllegalArgumentException("ports are not allowed in route patterns ('" + host + "')");
        }
        boolean subdomainsOnly = host.startsWith("*.");
        boolean hostWildcard = host.startsWith("*");
        String base = subdomainsOnly ? host.substring(2) : hostWildcard ? host.substring(1) : host;
        if (base.contains("*")) {
            throw new IllegalArgumentException("'*' is allowed only at the start of the host ('*.example.com' or '*example.com')");
        }
        if (!isHostname(base)) {
            throw new IllegalArgumentException("host '" + base + "' is not a valid hostname (labels of a-z, 0-9 and '-', at least two labels)");
        }
        if (path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("queries and fragments are not allowed; the pattern matches the whole URL including its query (end the path with * instead)");
        }
        int star = path.indexOf('*');
        if (star >= 0 && star != path.length() - 1) {
            throw new IllegalArgumentException("'*' is allowed in the path only as its last character ('/api/*')");
        }
        boolean pathWildcard = star >= 0;
        String matchPath = pathWildcard ? path.substring(0, path.length() - 1) : path;
        String normalized = (scheme == null ? "" : scheme + "://") + host + path;
        return new RoutePattern(normalized, scheme, base, hostWildcard, subdomainsOnly, matchPath.isEmpty() && !pathWildcard ? "/" : matchPath,
                pathWildcard);
    }

    /** A DNS name of at least two valid labels, lower case, at most 253 characters. */
    public static boolean isHostname(String name) {
        if (name == null || name.length() > 253 || !name.contains(".")) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code host} is {@code domain} or a subdomain of it (label boundary). */
    public static boolean isUnder(String host, String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
    }

    /** Whether every host this pattern can match lies inside {@code domain}. */
    public boolean within(String domain) {
        return isUnder(host, domain);
    }

    /**
     * Whether the request URL matches. {@code requestHost} is lower-case without port, {@code pathAndQuery}
     * the raw path plus {@code ?query} when there is one.
     */
    public boolean matches(String requestScheme, String requestHost, String pathAndQuery) {
        if (scheme != null && !scheme.equals(requestScheme)) {
            return false;
        }
        boolean hostOk = !hostWildcard ? requestHost.equals(host)
                : subdomainsOnly ? requestHost.endsWith("." + host)
                : isUnder(requestHost, host);
        if (!hostOk) {
            return false;
        }
        return pathWildcard ? pathAndQuery.startsWith(path) : pathAndQuery.equals(path);
    }
}
