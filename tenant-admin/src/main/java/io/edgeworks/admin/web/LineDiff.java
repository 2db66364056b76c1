package io.edgeworks.admin.web;

import io.quarkus.qute.TemplateData;

import java.util.ArrayList;
import java.util.List;

/** A line diff (longest common subsequence) between two texts, for showing what changed between versions. */
public final class LineDiff {
    /** Texts above this many lines on both sides are compared as a whole, to bound memory. */
    static final int MAX_LINES = 4000;

    private LineDiff() {
    }

    /** One line of the diff: {@code kind} is "same", "add" or "del"; numbers are 1-based or 0 when absent. */
    @TemplateData
    public record Line(String kind, int oldNumber, int newNumber, String text) {
        public String sign() {
            return switch (kind) {
                case "add" -> "+";
                case "del" -> "−";
                default -> " ";
            };
        }
    }

    public static List<Line> between(String before, String after) {
        String[] a = lines(before);
        String[] b = lines(after);
        List<Line> out = new ArrayList<>();
        if ((long) a.length * b.length > (long) MAX_LINES * MAX_LINES) {
            for (int i = 0; i < a.length; i++) {
                out.add(new Line("del", i + 1, 0, a[i]));
            }
            for (int j = 0; j < b.length; j++) {
                out.add(new Line("add", 0, j + 1, b[j]));
            }
            return out;
        }
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                out.add(new Line("same", i + 1, j + 1, a[i]));
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new Line("del", i + 1, 0, a[i]));
                i++;
            } else {
                out.add(new Line("add", 0, j + 1, b[j]));
                j++;
            }
        }
        for (; i < a.length; i++) {
            out.add(new Line("del", i + 1, 0, a[i]));
        }
        for (; j < b.length; j++) {
            out.add(new Line("add", 0, j + 1, b[j]));
        }
        return out;
    }

    public static boolean changed(List<Line> diff) {
        return diff.stream().anyMatch(l -> !"same".equals(l.kind()));
    }

    private static String[] lines(String text) {
        if (text == null || text.isEmpty()) {
            return new String[0];
        }
        return text.replace("\r\n", "\n").split("\n", -1);
    }
}
