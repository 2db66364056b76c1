package io.edgeworks.edge.conformance;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * workerd's expected pass figures per area, read from the summary table of the corpus's
 * {@code WORKERD-BASELINE.md} (column "workerd expected pass": {@code passed/total (rate)} or
 * {@code not run}).
 */
public final class WorkerdBaseline {
    private static final Pattern FIGURE = Pattern.compile("(\\d+)/(\\d+)\\s*\\(([\\d.]+)%\\)");

    private final Map<Area, String> figures;
    private final String all;

    private WorkerdBaseline(Map<Area, String> figures, String all) {
        this.figures = figures;
        this.all = all;
    }

    public static WorkerdBaseline parse(String markdown) {
        Map<Area, String> figures = new EnumMap<>(Area.class);
        String all = "?";
        boolean inSummary = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                inSummary = line.startsWith("## Summary");
                continue;
            }
            if (!inSummary || !line.startsWith("|")) {
                continue;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 6) {
                continue;
            }
            String label = cells[1].trim().replace("*", "");
            String expected = cells[5].trim();
            Matcher m = FIGURE.matcher(expected);
            String figure = m.find() ? m.group(1) + "/" + m.group(2) + " (" + m.group(3) + "%)" : expected;
            if (label.equals("all")) {
                all = figure;
                continue;
            }
            for (Area area : Area.values()) {
                if (area != Area.OTHER && label.startsWith(area.baselineLabel)) {
                    figures.put(area, figure);
                }
            }
        }
        return new WorkerdBaseline(figures, all);
    }

    /** workerd's expected figure for {@code area}, e.g. {@code 4907/4978 (98.6%)} or {@code not run}. */
    public String expected(Area area) {
        return figures.getOrDefault(area, "-");
    }

    public String all() {
        return all;
    }
}
