package io.edgeworks.edge.metrics;

/**
 * A tenant's log message made safe for the operator's log: one {@code console.*} call is one log line,
 * whatever the worker writes. Control characters (C0 including CR, LF and TAB, DEL, C1 including NEL and
 * the 8-bit CSI) and the Unicode line and paragraph separators are written as escapes ({@code \n}, {@code
 * \r}, {@code \t}, else {@code \u001b} style), so a worker can neither start a forged line nor send ANSI
 * escape sequences to a terminal; backslashes are left as they are. A message longer than {@link
 * #MAX_CHARS} characters (after escaping) is cut there and ends with {@code … [N more characters]}; the
 * rest of a huge message is not even scanned.
 */
public final class TenantLogText {
    /** Longest message written for one tenant log line, in characters (16 KiB). */
    public static final int MAX_CHARS = 16 * 1024;

    private TenantLogText() {
    }

    public static String escape(String message) {
        return escape(message, MAX_CHARS);
    }

    static String escape(String message, int maxChars) {
        if (message == null) {
            return "null";
        }
        int length = message.length();
        if (length <= maxChars && isClean(message)) {
            return message;
        }
        StringBuilder out = new StringBuilder(Math.min(length, maxChars) + 32);
        int i = 0;
        for (; i < length; i++) {
            char c = message.charAt(i);
            String escaped = escapeOf(c);
            int needed = escaped == null ? 1 : escaped.length();
            if (out.length() + needed > maxChars
                    || (escaped == null && Character.isHighSurrogate(c) && out.length() + 2 > maxChars)) {
                break;
            }
            if (escaped == null) {
                out.append(c);
            } else {
                out.append(escaped);
            }
        }
        if (i < length) {
            out.append("… [").append(length - i).append(" more characters]");
        }
        return out.toString();
    }

    private static boolean isClean(String message) {
        for (int i = 0; i < message.length(); i++) {
            if (escapeOf(message.charAt(i)) != null) {
                return false;
            }
        }
        return true;
    }

    private static String escapeOf(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return null;
        }
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                    ? String.format("\\u%04x", (int) c) : null;
        };
    }
}
