package io.edgeworks.edge.conformance;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One test file of the corpus manifest.
 *
 * @param path     path under {@code wpt/}, e.g. {@code url/url-constructor.any.js}
 * @param category manifest category ({@code pure}, {@code resource-shim}, {@code network}, …)
 * @param scripts  {@code META: script=} dependencies, resolved to paths under {@code wpt/}
 * @param longTimeout whether the file is marked {@code timeout=long}
 */
public record WptTest(String path, String category, List<String> scripts, boolean longTimeout) {
    public WptTest {
        scripts = List.copyOf(scripts);
    }

    /**
     * Subtests of a {@code +dom} file that build {@code <a>}/{@code <area>} elements (e.g. {@code "x (using <a>)"} or
     * {@code "x (using <area>.host)"}): a worker has no DOM. They are not counted, as workerd's own WPT
     * configuration rewrites {@code url/toascii.window.js} to drop them (corpus README, "Comparing").
     */
    private static final Pattern DOM_SUBTEST = Pattern.compile("\\(using <(a|area)>(\\.[a-z]+)?\\)$");

    /** Whether a subtest of this file counts: false for the DOM-element subtests of a {@code +dom} file. */
    public boolean counts(String subtestName) {
        return !(category.endsWith("+dom") && subtestName != null && DOM_SUBTEST.matcher(subtestName).find());
    }

    /** Files that need a WPT server or real network for every subtest (not run by default). */
    public boolean needsNetwork() {
        return "network".equals(category);
    }

    public Area area() {
        return Area.of(path);
    }
}
