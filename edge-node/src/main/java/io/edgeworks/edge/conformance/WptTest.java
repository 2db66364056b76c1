package io.edgeworks.edge.conformance;

import java.util.List;

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

    /** Files that need a WPT server or real network for every subtest (not run by default). */
    public boolean needsNetwork() {
        return "network".equals(category);
    }

    public Area area() {
        return Area.of(path);
    }
}
