package io.edgeworks.edge.graph;

import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.ServiceTargets;
import io.edgeworks.edge.runtime.WorkerVersion;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The version-overrides header, in the spirit of Cloudflare's {@code Cloudflare-Workers-Version-Overrides}: for one
 * request, {@code Edgeworks-Version-Overrides: gateway=4, auth="7"} runs version 4 of whichever environment of service
 * {@code gateway} the request reaches, and version 7 of {@code auth}'s, at the entry and on every service-binding hop
 * of the request, whatever headers the workers pass on (the overrides belong to the request, like its graph snapshot).
 *
 * <p>The value is a Structured Fields dictionary (RFC 8941): keys are service names of the account the request
 * reached (a service is always an environment of the same account in the request's graph), values version numbers
 * as an integer or a string of digits; parameters are ignored; a header that does not parse is ignored as a whole,
 * as RFC 8941 asks. An override applies to an environment only when it carries that version (the versions of its
 * current deployment, e.g. a 0% side of a split, and any version a binding pins) and allows overrides
 * ({@code version_overrides}, on unless the environment turned it off); otherwise the environment serves as usual. A
 * binding's own version pin wins over an override.
 */
public record VersionOverrides(ServiceGraph graph, Map<String, Integer> versions) implements ServiceTargets {

    public static final String HEADER = "edgeworks-version-overrides";

    public VersionOverrides {
        Objects.requireNonNull(graph, "graph");
        versions = Map.copyOf(versions);
    }

    /** What serves a request routed on {@code graph}: the graph itself, or the graph under the request's overrides. */
    public static ServiceTargets of(ServiceGraph graph, EdgeRequest request) {
        StringBuilder value = null;
        for (Map.Entry<String, String> header : request.headers()) {
            if (header.getKey().equalsIgnoreCase(HEADER)) {
                value = value == null ? new StringBuilder(header.getValue()) : value.append(',').append(header.getValue());
            }
        }
        Map<String, Integer> parsed = value == null ? Map.of() : parse(value.toString());
        return parsed.isEmpty() ? graph : new VersionOverrides(graph, parsed);
    }

    @Override
    public WorkerVersion pick(EnvironmentRef environment, Integer pinned, EdgeRequest request) {
        EnvironmentNode node = graph.environments().get(environment);
        if (node == null) {
            return null;
        }
        if (pinned != null) {
            return node.version(pinned);
        }
        Integer wanted = versions.get(environment.service());
        if (wanted != null && node.versionOverrides()) {
            WorkerVersion overridden = node.version(wanted);
            if (overridden != null) {
                return overridden;
            }
        }
        return node.pick(request);
    }

    /** The service → version members of a header value; empty when it does not parse as a dictionary of such members. */
    static Map<String, Integer> parse(String value) {
        Map<String, Integer> out = new HashMap<>();
        Parser p = new Parser(value);
        p.spaces();
        if (p.done()) {
            return Map.of();
        }
        while (true) {
            String key = p.key();
            if (key == null) {
                return Map.of();
            }
            Integer version = null;
            if (p.take('=')) {
                Object item = p.item();
                if (item == null) {
                    return Map.of();
                }
                version = versionNumber(item);
            }
            if (!p.parameters()) {
                return Map.of();
            }
            if (version != null) {
                out.put(key, version);
            } else {
                out.remove(key); // the last member of a key wins, as RFC 8941 says
            }
            p.optionalWhitespace();
            if (p.done()) {
                return out;
            }
            if (!p.take(',')) {
                return Map.of();
            }
            p.optionalWhitespace();
            if (p.done()) {
                return Map.of(); // a trailing comma
            }
        }
    }

    private static Integer versionNumber(Object item) {
        String digits = item instanceof String s ? s : item instanceof Long n ? Long.toString(n) : null;
        if (digits == null || digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int n = Integer.parseInt(digits);
        return n >= 1 ? n : null;
    }

    /** The small part of an RFC 8941 parser a dictionary of integers and strings needs. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        boolean done() {
            return i >= s.length();
        }

        void spaces() {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
        }

        void optionalWhitespace() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        boolean take(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        /** A key; service names may start with a digit, which RFC 8941 keys may not: accepted here too. */
        String key() {
            int start = i;
            if (i >= s.length() || !(lower(s.charAt(i)) || digit(s.charAt(i)) || s.charAt(i) == '*')) {
                return null;
            }
            while (i < s.length() && (lower(s.charAt(i)) || digit(s.charAt(i)) || "_-.*".indexOf(s.charAt(i)) >= 0)) {
                i++;
            }
            return s.substring(start, i);
        }

        /** An integer (Long), a string (String), or another bare item skipped (a Boolean); null when malformed. */
        Object item() {
            if (i >= s.length()) {
                return null;
            }
            char c = s.charAt(i);
            if (c == '"') {
                StringBuilder out = new StringBuilder();
                i++;
                while (i < s.length()) {
                    char d = s.charAt(i++);
                    if (d == '\\') {
                        if (i >= s.length() || (s.charAt(i) != '"' && s.charAt(i) != '\\')) {
                            return null;
                        }
                        out.append(s.charAt(i++));
                    } else if (d == '"') {
                        return out.toString();
                    } else if (d < 0x20 || d > 0x7e) {
                        return null;
                    } else {
                        out.append(d);
                    }
                }
                return null;
            }
            if (c == '-' || digit(c)) {
                int start = i;
                i++;
                while (i < s.length() && digit(s.charAt(i))) {
                    i++;
                }
                if (i < s.length() && s.charAt(i) == '.') {
                    return null; // decimals are not version numbers
                }
                String number = s.substring(start, i);
                if (number.equals("-") || number.length() > 16) {
                    return null;
                }
                return Long.parseLong(number);
            }
            if (c == '?' && i + 1 < s.length() && (s.charAt(i + 1) == '0' || s.charAt(i + 1) == '1')) {
                i += 2;
                return Boolean.TRUE;
            }
            if (lower(c) || (c >= 'A' && c <= 'Z') || c == '*') { // a token: skipped
                while (i < s.length() && " ,;\t\"".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                return Boolean.TRUE;
            }
            return null;
        }

        /** {@code *( ";" *SP key [ "=" item ] )}; false when malformed. */
        boolean parameters() {
            while (take(';')) {
                spaces();
                if (key() == null) {
                    return false;
                }
                if (take('=') && item() == null) {
                    return false;
                }
            }
            return true;
        }

        private static boolean lower(char c) {
            return c >= 'a' && c <= 'z';
        }

        private static boolean digit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
