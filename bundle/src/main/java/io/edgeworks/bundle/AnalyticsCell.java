package io.edgeworks.bundle;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One environment version's traffic on one edge node during one minute ({@link AnalyticsBatch}), or the
 * node's overflow cell (environment null, version 0) that counts what did not fit the node's cap on cells.
 *
 * @param environment  the environment, null in the overflow cell
 * @param version      the version number that served (0 in the overflow cell)
 * @param requests     requests served (routed to this version, each counted once, whatever its outcome)
 * @param statusClasses responses by status class, index 0 for 1xx to index 4 for 5xx (5 entries)
 * @param exceptions   requests that ended with an uncaught exception (limit hits not included)
 * @param limits       limit hits by kind (the edge's {@code edge_limit_hits_total} tag, e.g. {@code cpu})
 * @param subrequests  fetch() calls and service binding calls made
 * @param bindingCalls service binding calls by the environment key they reached
 * @param cpu          CPU time per request, {@link AnalyticsHistograms} form
 * @param wall         wall time per request (until the response headers), {@link AnalyticsHistograms} form
 */
public record AnalyticsCell(EnvironmentRef environment, int version, long requests, List<Long> statusClasses,
                            long exceptions, Map<String, Long> limits, long subrequests, Map<String, Long> bindingCalls,
                            String cpu, String wall) {
    /** Most limit kinds or binding targets a cell carries. */
    public static final int MAX_KEYS = 64;

    public AnalyticsCell {
        statusClasses = List.copyOf(statusClasses);
        limits = Map.copyOf(limits);
        bindingCalls = Map.copyOf(bindingCalls);
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(wall, "wall");
        if (statusClasses.size() != 5) {
            throw new IllegalArgumentException("status_classes has 5 entries (1xx..5xx), not " + statusClasses.size());
        }
        if (environment == null ? version != 0 : version < 1) {
            throw new IllegalArgumentException("version must be positive (0 only in the overflow cell)");
        }
        if (limits.size() > MAX_KEYS || bindingCalls.size() > MAX_KEYS) {
            throw new IllegalArgumentException("more than " + MAX_KEYS + " limit kinds or binding targets");
        }
        if (requests < 0 || exceptions < 0 || subrequests < 0 || statusClasses.stream().anyMatch(c -> c < 0)
                || limits.values().stream().anyMatch(c -> c < 0) || bindingCalls.values().stream().anyMatch(c -> c < 0)) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** Whether this is the overflow cell. */
    public boolean overflow() {
        return environment == null;
    }
}
