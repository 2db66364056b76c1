package io.edgeworks.edge.conformance;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Totals per area and per file, as a text table (beside workerd's figures) or as one JSON object. */
public final class ConformanceReport {
    private final List<FileResult> results;

    public ConformanceReport(List<FileResult> results) {
        this.results = List.copyOf(results);
    }

    /** [passed, total] per area, in area order, for the areas that have files. */
    public Map<Area, long[]> areas() {
        Map<Area, long[]> out = new EnumMap<>(Area.class);
        for (FileResult r : results) {
            long[] t = out.computeIfAbsent(r.test().area(), a -> new long[2]);
            t[0] += r.passed();
            t[1] += r.total();
        }
        return out;
    }

    public long passed() {
        return results.stream().mapToLong(FileResult::passed).sum();
    }

    public long total() {
        return results.stream().mapToLong(FileResult::total).sum();
    }

    /** {@code {"areas": {"<area>": {"passed": n, "total": n}, …}, "files": {"<wpt path>": {…}, …}}}. */
    public String json() {
        Map<String, Object> areas = new LinkedHashMap<>();
        areas().forEach((area, t) -> areas.put(area.label, counts(t[0], t[1])));
        Map<String, Object> files = new LinkedHashMap<>();
        for (FileResult r : results) {
            files.put(r.path(), counts(r.passed(), r.total()));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("areas", areas);
        root.put("files", files);
        return Json.write(root, 0);
    }

    private static Map<String, Object> counts(long passed, long total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", passed);
        m.put("total", total);
        return m;
    }

    /** The per-area table, with workerd's expected figures beside ours. */
    public String table(WorkerdBaseline baseline) {
        StringBuilder out = new StringBuilder();
        String format = "%-17s %5s %13s %8s   %s%n";
        out.append(String.format(Locale.ROOT, format, "area", "files", "passed/total", "rate", "workerd expected"));
        Map<Area, Long> fileCounts = new EnumMap<>(Area.class);
        results.forEach(r -> fileCounts.merge(r.test().area(), 1L, Long::sum));
        areas().forEach((area, t) -> out.append(String.format(Locale.ROOT, format, area.label, fileCounts.get(area),
                t[0] + "/" + t[1], rate(t[0], t[1]), baseline == null ? "-" : baseline.expected(area))));
        out.append(String.format(Locale.ROOT, format, "all", results.size(), passed() + "/" + total(),
                rate(passed(), total()), baseline == null ? "-" : baseline.all()));
        return out.toString();
    }

    static String rate(long passed, long total) {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * passed / total);
    }
}
