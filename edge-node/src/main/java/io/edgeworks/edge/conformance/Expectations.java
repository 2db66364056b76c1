package io.edgeworks.edge.conformance;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed list of subtests that fail today, per file, each with a one-line reason, plus each file's
 * subtest count. Like workerd's WPT configuration, a run matches only when the listed subtests fail and
 * every other one passes: a listed subtest that passes means the list must be updated, an unlisted one
 * that fails is a regression.
 *
 * <pre>{"files": {"url/url-constructor.any.js": {"total": 871, "failing": {"subtest name": "reason"}}}}</pre>
 */
public final class Expectations {
    /** Per file: its subtest count and its expected failures (name → reason). */
    public record FileExpectation(int total, Map<String, String> failing) {
        public FileExpectation {
            failing = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failing));
        }
    }

    private final Map<String, FileExpectation> files;

    public Expectations(Map<String, FileExpectation> files) {
        this.files = new TreeMap<>(files);
    }

    public static Expectations parse(String json) {
        JsonObject root = new JsonObject(json);
        Map<String, FileExpectation> files = new TreeMap<>();
        JsonObject list = root.getJsonObject("files", new JsonObject());
        for (String path : list.fieldNames()) {
            JsonObject f = list.getJsonObject(path);
            Map<String, String> failing = new LinkedHashMap<>();
            JsonObject names = f.getJsonObject("failing", new JsonObject());
            for (String name : names.fieldNames()) {
                failing.put(name, names.getString(name));
            }
            files.put(path, new FileExpectation(f.getInteger("total", 0), failing));
        }
        return new Expectations(files);
    }

    public Map<String, FileExpectation> files() {
        return files;
    }

    /** Everything in {@code results} that differs from this list, one line each; empty when they match. */
    public List<String> compare(List<FileResult> results) {
        List<String> problems = new ArrayList<>();
        for (FileResult r : results) {
            FileExpectation expected = files.get(r.path());
            if (expected == null) {
                problems.add(r.path() + ": not in the expectations file (update the list)");
                continue;
            }
            Map<String, List<SubtestResult>> byName = byName(r);
            for (Map.Entry<String, List<SubtestResult>> e : byName.entrySet()) {
                SubtestResult failure = e.getValue().stream().filter(s -> !s.passed()).findFirst().orElse(null);
                boolean listed = expected.failing().containsKey(e.getKey());
                if (failure == null && listed) {
                    problems.add(r.path() + ": \"" + printable(e.getKey()) + "\" passes now — remove it from the expected failures (update the list)");
                } else if (failure != null && !listed) {
                    problems.add(r.path() + ": \"" + printable(e.getKey()) + "\" fails but is not an expected failure — regression: "
                            + reason(failure));
                }
            }
            for (String name : expected.failing().keySet()) {
                if (!byName.containsKey(name)) {
                    problems.add(r.path() + ": expected failure \"" + printable(name) + "\" no longer exists (update the list)");
                }
            }
            if (r.total() != expected.total()) {
                problems.add(r.path() + ": " + r.total() + " subtests, the list says " + expected.total()
                        + (r.total() < expected.total() ? " — regression (harness: " + r.harnessStatus() + " "
                        + oneLine(r.harnessMessage()) + ")" : " (update the list)"));
            }
        }
        return problems;
    }

    /**
     * The list matching {@code results}: reasons of subtests still failing are kept, new failures get
     * their status and first message line as the reason.
     */
    public Expectations updatedWith(List<FileResult> results) {
        Map<String, FileExpectation> out = new TreeMap<>();
        for (FileResult r : results) {
            FileExpectation old = files.get(r.path());
            Map<String, String> failing = new LinkedHashMap<>();
            byName(r).forEach((name, runs) -> runs.stream().filter(s -> !s.passed()).findFirst().ifPresent(f -> {
                String reason = old == null ? null : old.failing().get(name);
                failing.put(name, reason != null ? reason : reason(f));
            }));
            out.put(r.path(), new FileExpectation(r.total(), failing));
        }
        return new Expectations(out);
    }

    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("comment", "Subtests of the WPT corpus that fail in the edge runtime today, with the reason. "
                + "Checked by ConformanceTest; regenerate with deploy/local/conformance.sh --write-expectations.");
        Map<String, Object> list = new LinkedHashMap<>();
        files.forEach((path, f) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("total", f.total());
            entry.put("failing", f.failing());
            list.put(path, entry);
        });
        root.put("files", list);
        return Json.write(root, 2) + "\n";
    }

    private static Map<String, List<SubtestResult>> byName(FileResult r) {
        Map<String, List<SubtestResult>> byName = new LinkedHashMap<>();
        for (SubtestResult s : r.subtests()) {
            byName.computeIfAbsent(s.name() == null ? "" : s.name(), k -> new ArrayList<>()).add(s);
        }
        return byName;
    }

    static String reason(SubtestResult s) {
        String text = s.status() + (s.message() == null || s.message().isBlank() ? "" : ": " + oneLine(s.message()));
        return text.length() > 160 ? text.substring(0, 157) + "..." : text;
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.strip().replaceAll("\\s+", " ");
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
