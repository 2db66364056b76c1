package io.edgeworks.api.version;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the module specifiers an ES module imports ({@code import … from "x"}, {@code import "x"},
 * {@code export … from "x"}, {@code import("x")} with a literal) and resolves relative ones against the
 * importing module's path. Comments are skipped; string contents are kept.
 */
final class ModuleImports {
    private static final Pattern STATIC_IMPORT = Pattern.compile(
            "(?<![\\w$.])import\\s*(?:[\\w$*{}\\s,]+?\\s*from\\s*)?([\"'])([^\"'\\n]+)\\1");
    private static final Pattern EXPORT_FROM = Pattern.compile(
            "(?<![\\w$.])export\\s*(?:\\*(?:\\s*as\\s+[\\w$]+)?|\\{[^}]*})\\s*from\\s*([\"'])([^\"'\\n]+)\\1");
    private static final Pattern DYNAMIC_IMPORT = Pattern.compile("(?<![\\w$.])import\\s*\\(\\s*([\"'])([^\"'\\n]+)\\1");

    /** The edge's built-in modules a worker may import by name (the edge's WebApis.MODULES). */
    static final java.util.List<String> BUILTINS = java.util.List.of("cloudflare:workers");

    private ModuleImports() {
    }

    static boolean isBuiltin(String specifier) {
        return BUILTINS.contains(specifier);
    }

    static Set<String> specifiers(String source) {
        String code = withoutComments(source);
        Set<String> found = new LinkedHashSet<>();
        for (Pattern pattern : new Pattern[]{STATIC_IMPORT, EXPORT_FROM, DYNAMIC_IMPORT}) {
            Matcher m = pattern.matcher(code);
            while (m.find()) {
                found.add(m.group(2));
            }
        }
        return found;
    }

    static boolean isRelative(String specifier) {
        return specifier.startsWith("./") || specifier.startsWith("../");
    }

    /** The module path {@code specifier} names from module {@code from}, or null when it climbs above the root. */
    static String resolve(String from, String specifier) {
        Deque<String> parts = new ArrayDeque<>();
        int slash = from.lastIndexOf('/');
        if (slash >= 0) {
            for (String p : from.substring(0, slash).split("/")) {
                parts.addLast(p);
            }
        }
        for (String p : specifier.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    /** Blanks out comments, leaving strings and template literals intact. */
    static String withoutComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
                out.append(' ');
            } else if (c == '"' || c == '\'' || c == '`') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, s.length());
                out.append(s, i, j);
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
