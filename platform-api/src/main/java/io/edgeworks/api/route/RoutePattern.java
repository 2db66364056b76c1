package io.edgeworks.api.route;

import io.edgeworks.api.common.Names;
import io.edgeworks.api.common.ProblemException;

import java.util.Locale;

/**
 * A custom route pattern by Cloudflare's rules: {@code [scheme://]host[/path]}. {@code *} only as a host
 * prefix ({@code *.example.com}: subdomains; {@code *example.com}: the host and its subdomains) or as the
 * last character of the path. No ports, queries or fragments. The host is lower-cased; the path is kept
 * as written (paths match case-sensitively).
 *
 * @param pattern normalized form (lower-case scheme and host)
 * @param host    the host without its wildcard prefix: it must be under a domain the account holds
 */
public record RoutePattern(String pattern, String host) {
    private static final int MAX_LENGTH = 1024;

    public static RoutePattern parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.invalid("pattern", "is required, like 'shop.example.com/api/*'");
        }
        if (raw.length() > MAX_LENGTH || raw.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw ProblemException.invalid("pattern", "must be at most " + MAX_LENGTH + " characters without spaces or control characters");
        }
        String rest = raw;
        String scheme = "";
        int schemeEnd = raw.indexOf("://");
        if (schemeEnd >= 0) {
            scheme = raw.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw ProblemException.invalid("pattern", "scheme '" + scheme + "' is not supported; use http://, https:// or none");
            }
            scheme = scheme + "://";
            rest = raw.substring(schemeEnd + 3);
        }
        int slash = rest.indexOf('/');
        String host = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (host.contains(":")) {
            throw ProblemException.invalid("pattern", "ports are not allowed in route patterns ('" + host + "')");
        }
        String base = host.startsWith("*.") ? host.substring(2) : host.startsWith("*") ? host.substring(1) : host;
        if (base.contains("*")) {
            throw ProblemException.invalid("pattern", "'*' is allowed in the host only as its first character ('*.example.com' or '*example.com')");
        }
        if (!isHostname(base)) {
            throw ProblemException.invalid("pattern", "host '" + base + "' is not a valid hostname (labels of a-z, 0-9 and '-', at least two labels)");
        }
        if (path.contains("?") || path.contains("#")) {
            throw ProblemException.invalid("pattern", "queries and fragments are not allowed; the pattern matches the whole URL including its query");
        }
        int star = path.indexOf('*');
        if (star >= 0 && star != path.length() - 1) {
            throw ProblemException.invalid("pattern", "'*' is allowed in the path only as its last character ('/api/*')");
        }
        return new RoutePattern(scheme + host + path, base);
    }

    /** A DNS name of at least two valid labels. */
    public static boolean isHostname(String name) {
        if (name.length() > 253 || !name.contains(".")) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!Names.LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code host} is {@code domain} or a subdomain of it. */
    public static boolean isUnder(String host, String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
    }
}
