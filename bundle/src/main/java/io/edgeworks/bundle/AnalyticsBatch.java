package io.edgeworks.bundle;

import java.util.List;
import java.util.Objects;

/**
 * What one edge node counted during (part of) one minute, shipped to {@link RedisLayout#ANALYTICS_STREAM} as one
 * message ({@link AnalyticsCodec}). Counts are deltas: a node that flushes more often than once a minute sends
 * several batches for the same minute, and the control plane adds them up (as it adds up the nodes).
 *
 * @param node   the edge node's id
 * @param minute the minute's start, epoch milliseconds (a multiple of 60 000)
 * @param cells  one per environment version that served requests, at most {@link #MAX_CELLS}
 */
public record AnalyticsBatch(String node, long minute, List<AnalyticsCell> cells) {
    /** Most cells a batch may carry (the edge's own cap is lower, {@code edge.analytics.max-cells}). */
    public static final int MAX_CELLS = 10_000;
    public static final long MINUTE_MS = 60_000;

    public AnalyticsBatch {
        Objects.requireNonNull(node, "node");
        cells = List.copyOf(cells);
        if (node.isBlank() || node.length() > 256) {
            throw new IllegalArgumentException("node must be 1 to 256 characters");
        }
        if (minute < 0 || minute % MINUTE_MS != 0) {
            throw new IllegalArgumentException("minute must be a non-negative multiple of 60000 ms");
        }
        if (cells.size() > MAX_CELLS) {
            throw new IllegalArgumentException("more than " + MAX_CELLS + " cells");
        }
    }
}
