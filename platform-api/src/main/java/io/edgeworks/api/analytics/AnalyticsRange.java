package io.edgeworks.api.analytics;

import io.edgeworks.api.common.ProblemException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated query range: {@code from} and {@code to} in whole minutes ({@code from} rounded down, {@code to} up),
 * {@code step} a whole number of minutes, at most {@code maxPoints} steps and no longer than the retention.
 * Defaults: the last hour; a step giving at most 60 points.
 */
record AnalyticsRange(Instant from, Instant to, Duration step) {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})([smhd])");
    static final int DEFAULT_POINTS = 60;

    int points() {
        return (int) ((Duration.between(from, to).toMinutes() + step.toMinutes() - 1) / step.toMinutes());
    }

    static AnalyticsRange parse(String fromText, String toText, String stepText, Instant now, Duration retention, int maxPoints) {
        Instant to = toText == null || toText.isBlank() ? now : instant("to", toText);
        Instant toUp = to.truncatedTo(ChronoUnit.MINUTES);
        to = toUp.equals(to) ? to : toUp.plus(Duration.ofMinutes(1));
        Instant from = fromText == null || fromText.isBlank() ? to.minus(Duration.ofHours(1)) : instant("from", fromText);
        from = from.truncatedTo(ChronoUnit.MINUTES);
        if (!from.isBefore(to)) {
            throw ProblemException.invalid("from", "must be before to (" + from + " is not before " + to + ")");
        }
        Duration length = Duration.between(from, to);
        if (length.compareTo(retention.plusDays(1)) > 0) {
            throw ProblemException.invalid("from", "the range may span at most the retention (" + retention.toDays()
                    + " days, platform.analytics.retention); got " + length.toDays() + " days");
        }
        Duration step;
        if (stepText == null || stepText.isBlank()) {
            step = Duration.ofMinutes(Math.max(1, (length.toMinutes() + DEFAULT_POINTS - 1) / DEFAULT_POINTS));
        } else {
            step = duration(stepText);
            if (step.compareTo(Duration.ofMinutes(1)) < 0 || step.toSeconds() % 60 != 0) {
                throw ProblemException.invalid("step", "must be a whole number of minutes, at least 1m; got " + stepText);
            }
        }
        AnalyticsRange range = new AnalyticsRange(from, to, step);
        if (range.points() > maxPoints) {
            throw ProblemException.invalid("step", "gives " + range.points() + " points over " + length.toMinutes()
                    + " minutes; at most " + maxPoints + " (platform.analytics.max-points): use a longer step");
        }
        return range;
    }

    static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2026-12-02T14:00:00Z; got '" + text + "'");
        }
    }

    /** {@code 300s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT5M}). */
    static Duration duration(String text) {
        Matcher m = SHORT.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("step", "must be a duration such as 5m, 1h, 1d or PT5M; got '" + text + "'");
        }
    }
}
