package io.edgeworks.edge.server;

import io.edgeworks.edge.api.url.WhatwgUrl;

/**
 * The URL a worker sees for a request ({@code request.url}), serialized as the URL Standard does, so that the
 * worker needs no parsing. Most request heads need no normalization at all (a lower-case ASCII host name without a
 * port, a path and query of URL code points that need no percent-encoding and no dot segments): their URL is the
 * concatenation as it is, which {@link #isSerialized} recognizes; anything else goes through the full parser
 * ({@link WhatwgUrl}). The full parse was ~4% of a loaded node's CPU for a hello request.
 */
final class RequestUrl {
    private RequestUrl() {
    }

    /** {@code scheme://host + uri} as the URL Standard serializes it, or null when it is not a valid URL. */
    static String href(String scheme, String host, String uri) {
        if (isSerialized(host, uri)) {
            return scheme + "://" + host + uri;
        }
        WhatwgUrl parsed = WhatwgUrl.parse(scheme + "://" + host + uri, null);
        return parsed == null ? null : parsed.href();
    }

    /**
     * Whether {@code scheme://host + uri} (scheme http or https) is already its own serialization: host labels of
     * lower-case letters, digits and hyphens (no punycode label, the last label starting with a letter, so never
     * an IPv4 address to normalize), no port; a path from "/" and a query of characters that are never
     * percent-encoded, without "." or ".." segments (plain or percent-encoded).
     */
    static boolean isSerialized(String host, String uri) {
        return simpleHost(host) && simpleTarget(uri);
    }

    private static boolean simpleHost(String host) {
        int n = host.length();
        if (n == 0 || host.contains("xn--")) {
            return false;
        }
        int end = host.charAt(n - 1) == '.' ? n - 1 : n; // one trailing dot is kept as it is
        int labelStart = 0;
        for (int i = 0; i <= end; i++) {
            char c = i < end ? host.charAt(i) : '.';
            if (c == '.') {
                if (i == labelStart) {
                    return false; // an empty label
                }
                labelStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        int lastLabel = host.lastIndexOf('.', end - 1) + 1;
        char first = host.charAt(lastLabel);
        return first >= 'a' && first <= 'z';
    }

    private static boolean simpleTarget(String uri) {
        int n = uri.length();
        if (n == 0 || uri.charAt(0) != '/') {
            return false;
        }
        boolean inPath = true;
        int segmentStart = 1;
        for (int i = 1; i <= n; i++) {
            char c = i < n ? uri.charAt(i) : '?';
            if (inPath && (c == '/' || c == '?')) {
                if (isDotSegment(uri, segmentStart, i)) {
                    return false;
                }
                segmentStart = i + 1;
                if (c == '?') {
                    inPath = false;
                }
                continue;
            }
            if (i < n && !urlCodePoint(c)) {
                return false;
            }
        }
        return true;
    }

    /** "." or ".." (percent-encoded dots too, and "%2E" in either case): the parser removes or resolves them. */
    private static boolean isDotSegment(String uri, int start, int end) {
        int length = end - start;
        if (length == 0 || length > 6 || uri.charAt(start) != '.' && uri.charAt(start) != '%') {
            return false;
        }
        String segment = uri.substring(start, end);
        String dots = segment.replace("%2e", ".").replace("%2E", ".");
        return dots.equals(".") || dots.equals("..");
    }

    /** ASCII characters the URL Standard leaves as they are in a special URL's path and query. */
    private static boolean urlCodePoint(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return switch (c) {
            case '-', '.', '_', '~', '!', '$', '&', '(', ')', '*', '+', ',', ';', '=', ':', '@', '/', '?', '%' -> true;
            default -> false;
        };
    }
}
