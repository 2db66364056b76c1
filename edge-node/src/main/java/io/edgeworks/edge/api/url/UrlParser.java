package io.edgeworks.edge.api.url;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * URL Standard parsing for the {@code URL} class of url.js, built on {@link URI} after escaping what the
 * URL Standard tolerates but RFC 3986 does not. Special schemes (http, https, ws, wss, ftp, file) get
 * the standard's normalisation: lower-case host, default port dropped, empty path as "/", dot segments
 * removed, backslashes as slashes. Returns the components, or null for an invalid URL (url.js then
 * throws the calling realm's TypeError).
 */
public final class UrlParser {
    private static final Map<String, Integer> SPECIAL = Map.of("http", 80, "https", 443, "ws", 80, "wss", 443,
            "ftp", 21, "file", -1);

    private UrlParser() {
    }

    /** [href, protocol, username, password, hostname, port, pathname, search, hash] or null. */
    public static String[] parse(String input, String base) {
        try {
            String text = clean(input);
            URI uri;
            if (hasScheme(text)) {
                uri = toUri(text);
            } else {
                if (base == null) {
                    return null;
                }
                String[] baseParts = parse(base, null);
                if (baseParts == null) {
                    return null;
                }
                uri = resolve(toUri(baseParts[0]), text);
            }
            return components(uri);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String clean(String input) {
        String s = input.replaceAll("^[\\x00-\\x20]+|[\\x00-\\x20]+$", "");
        return s.replaceAll("[\\t\\n\\r]", "");
    }

    private static boolean hasScheme(String s) {
        return s.matches("^[A-Za-z][A-Za-z0-9+.\\-]*:.*");
    }

    private static URI toUri(String s) throws URISyntaxException {
        String scheme = s.substring(0, s.indexOf(':')).toLowerCase(Locale.ROOT);
        String rest = s.substring(s.indexOf(':') + 1);
        if (SPECIAL.containsKey(scheme)) {
            rest = rest.replace('\\', '/');
            if (!rest.startsWith("//") && !scheme.equals("file")) {
                rest = "//" + rest.replaceFirst("^/*", "");
            }
        }
        return new URI(escape(scheme + ":" + rest, SPECIAL.containsKey(scheme)));
    }

    private static URI resolve(URI base, String relative) throws URISyntaxException {
        boolean special = SPECIAL.containsKey(base.getScheme());
        String rel = special ? relative.replace('\\', '/') : relative;
        String baseNoFragment = base.toString().replaceFirst("#.*$", "");
        if (rel.isEmpty()) {
            return new URI(baseNoFragment);
        }
        if (rel.startsWith("#")) {
            return new URI(baseNoFragment + escape(rel, special));
        }
        if (rel.startsWith("?")) {
            return new URI(baseNoFragment.replaceFirst("\\?.*$", "") + escape(rel, special));
        }
        if (rel.startsWith("//")) {
            return toUri(base.getScheme() + ":" + rel);
        }
        if (base.isOpaque()) {
            throw new URISyntaxException(relative, "cannot resolve against an opaque base");
        }
        return base.resolve(new URI(escape(rel, special)));
    }

    /** Percent-encodes characters RFC 3986 forbids but the URL Standard accepts; IDNA for the host. */
    private static String escape(String s, boolean special) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        int hostStart = special && s.contains("//") ? s.indexOf("//") + 2 : -1;
        int hostEnd = hostStart < 0 ? -1 : indexOfAny(s, "/?#", hostStart);
        if (hostStart >= 0) {
            String authority = s.substring(hostStart, hostEnd);
            int at = authority.lastIndexOf('@');
            String userinfo = at < 0 ? "" : authority.substring(0, at + 1);
            String hostPort = authority.substring(at + 1);
            if (!hostPort.startsWith("[")) {
                int colon = hostPort.lastIndexOf(':');
                String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                String port = colon < 0 ? "" : hostPort.substring(colon);
                if (host.chars().anyMatch(c -> c > 127)) {
                    host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
                }
                if (host.matches(".*[\\s<>^|%\"`{}].*")) {
                    throw new IllegalArgumentException("forbidden host code point");
                }
                hostPort = host.toLowerCase(Locale.ROOT) + port;
            }
            s = s.substring(0, hostStart) + encodeChars(userinfo) + hostPort + s.substring(hostEnd);
            hostEnd = hostStart + encodeChars(userinfo).length() + hostPort.length();
            out.append(s, 0, hostEnd);
            out.append(encodeChars(s.substring(hostEnd)));
            return out.toString();
        }
        return encodeChars(s);
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static String encodeChars(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.append(c);
            } else if (c <= 0x20 || c >= 0x7f || "\"<>`{}|^%[]\\".indexOf(c) >= 0 && !(c == '[' || c == ']')) {
                int cp = s.codePointAt(i);
                if (Character.charCount(cp) == 2) {
                    i++;
                }
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static String[] components(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String protocol = scheme + ":";
        if (uri.isOpaque()) {
            String path = uri.getRawSchemeSpecificPart();
            int q = path.indexOf('?');
            String search = q < 0 ? "" : path.substring(q);
            path = q < 0 ? path : path.substring(0, q);
            String hash = uri.getRawFragment() == null || uri.getRawFragment().isEmpty() ? "" : "#" + uri.getRawFragment();
            return new String[] {protocol + path + search + hash, protocol, "", "", "", "", path, search.equals("?") ? "" : search, hash};
        }
        Integer defaultPort = SPECIAL.get(scheme);
        String host = uri.getRawAuthority() == null ? "" : uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("invalid host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (defaultPort != null && defaultPort != -1 && host.isEmpty()) {
            throw new IllegalArgumentException("special URL without host");
        }
        int port = uri.getPort();
        if (port > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        String portText = port < 0 || (defaultPort != null && port == defaultPort) ? "" : Integer.toString(port);
        String userinfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo();
        int colon = userinfo.indexOf(':');
        String username = colon < 0 ? userinfo : userinfo.substring(0, colon);
        String password = colon < 0 ? "" : userinfo.substring(colon + 1);
        String path = uri.getRawPath() == null ? "" : uri.normalize().getRawPath();
        if (defaultPort != null && path.isEmpty()) {
            path = "/";
        }
        while (path.startsWith("/..")) {
            path = path.substring(3);
            if (path.isEmpty()) {
                path = "/";
            }
        }
        String search = uri.getRawQuery() == null || uri.getRawQuery().isEmpty() ? "" : "?" + uri.getRawQuery();
        String hash = uri.getRawFragment() == null || uri.getRawFragment().isEmpty() ? "" : "#" + uri.getRawFragment();
        String auth = username.isEmpty() && password.isEmpty() ? "" : username + (password.isEmpty() ? "" : ":" + password) + "@";
        String href = protocol + "//" + auth + host + (portText.isEmpty() ? "" : ":" + portText) + path + search + hash;
        return new String[] {href, protocol, username, password, host, portText, path, search, hash};
    }
}
