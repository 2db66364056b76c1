package io.edgeworks.edge.runtime;

import java.util.Map;

/**
 * What a worker's response may put on the client's connection. The Web API prelude already keeps a
 * Response's status in 200..599 (except 101 with a {@code webSocket}) and its header values free of NUL, CR
 * and LF, but the host does not trust the prelude: it runs in the tenant's realm, and its rules are the Fetch
 * Standard's, not the HTTP encoder's. Refused here:
 * <ul>
 *   <li>a status outside 200..599: 1xx interim responses belong to the host's HTTP layer, and 101 Switching
 *       Protocols would hand the connection to a protocol the edge does not speak (until WebSockets exist);</li>
 *   <li>a status text that is not a reason-phrase (RFC 9112: HTAB, SP, VCHAR, obs-text);</li>
 *   <li>a header name that is not a token, a header value with a character outside field-content (RFC 9110
 *       §5.5: HTAB, SP, VCHAR, obs-text), so no control character such as {@code \u0001} that Fetch allows
 *       and Netty refuses, and no obs-fold.</li>
 * </ul>
 * These are stricter than Vert.x's own header validation ({@code WireRulesTest} checks every character), so an
 * admitted response never makes the HTTP layer throw halfway through its head.
 */
public final class WireRules {
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private WireRules() {
    }

    /** Why {@code response} may not go on the wire, or null when it may. */
    public static String refusal(EdgeResponse response) {
        int status = response.status();
        if (status < 200 || status > 599) {
            return "status " + status + " cannot be sent to a client (a worker's response status must be 200 to 599;"
                    + " 1xx and 101 Switching Protocols belong to the edge)";
        }
        if (!fieldContent(response.statusText())) {
            return "status text " + quote(response.statusText()) + " is not a valid reason phrase";
        }
        if (response.headers() instanceof JoinedHeaders j && j.clean(WireRules::tchar, WireRules::fieldChar)) {
            return null;
        }
        for (Map.Entry<String, String> h : response.headers()) {
            if (!token(h.getKey())) {
                return "header name " + quote(h.getKey()) + " is not a valid HTTP token";
            }
            if (!fieldContent(h.getValue())) {
                return "header " + h.getKey() + " has a value the HTTP layer refuses (control character or"
                        + " non-Latin-1 character): " + quote(h.getValue());
            }
        }
        return null;
    }

    /**
     * Why a worker's outgoing request (a fetch() or a service binding call) may not be sent, or null when it
     * may. The prelude's Request and Headers already refuse all of this, but their state lives in the tenant's
     * realm (keyed by symbols tenant code can reach), so the host checks again what an HTTP request head cannot
     * carry: a method that is not a token, a header name that is not a token, a header value with NUL, CR or LF
     * or a character above U+00FF (Fetch's ByteString; other control characters are Fetch's to allow).
     */
    public static String requestRefusal(EdgeRequest request) {
        if (!token(request.method())) {
            return "method " + quote(request.method()) + " is not a valid HTTP token";
        }
        if (request.headers() instanceof JoinedHeaders j && j.clean(WireRules::tchar, WireRules::requestValueChar)) {
            return null;
        }
        for (Map.Entry<String, String> h : request.headers()) {
            if (!token(h.getKey())) {
                return "header name " + quote(h.getKey()) + " is not a valid HTTP token";
            }
            String value = h.getValue();
            for (int i = 0; i < value.length(); i++) {
                if (!requestValueChar(value.charAt(i))) {
                    return "header " + h.getKey() + " has an invalid value: " + quote(value);
                }
            }
        }
        return null;
    }

    static boolean token(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!tchar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean tchar(char c) {
        return c < 128 && TCHAR[c];
    }

    /** A character an outgoing request's header value may hold: Fetch's ByteString without NUL, CR or LF. */
    private static boolean requestValueChar(char c) {
        return c != 0 && c != '\r' && c != '\n' && c <= 0xFF;
    }

    /** HTAB, SP, VCHAR and obs-text (0x80..0xFF) only. */
    static boolean fieldContent(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!fieldChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean fieldChar(char c) {
        return c == '\t' || (c >= 0x20 && c != 0x7F && c <= 0xFF);
    }

    /** Java-escaped and cut to 80 characters, so a log line stays one short line whatever the value holds. */
    private static String quote(String s) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || c > 0xFF) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(s.length() > 80 ? "…'" : "'").toString();
    }
}
