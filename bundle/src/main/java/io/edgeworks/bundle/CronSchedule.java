package io.edgeworks.bundle;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron trigger's schedule: a standard five-field cron expression ({@code minute hour day-of-month month
 * day-of-week}, as crontab(5) has it) evaluated in UTC, like Cloudflare's Cron Triggers. Fields take
 * {@code *}, numbers, ranges {@code a-b}, steps {@code *}{@code /n} and {@code a-b/n}, lists {@code a,b}, month
 * names {@code JAN}–{@code DEC} and day names {@code SUN}–{@code SAT} ({@code 0} and {@code 7} are Sunday); when
 * both day fields are restricted, a day matching either fires (crontab's rule). Not accepted: a seconds field,
 * nicknames ({@code @hourly}), Quartz's {@code ?}, {@code L}, {@code W} and {@code #}, and an expression that
 * never fires ({@code 0 0 31 2 *}).
 *
 * <p>The one parser of both planes: platform-api refuses what {@link #parse} refuses (400), edge nodes compute
 * ticks with {@link #next}. Built on cron-utils' UNIX definition.
 */
public final class CronSchedule {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Longest expression accepted (a list of every minute is 170 characters). */
    public static final int MAX_LENGTH = 256;

    private final String expression;
    private final ExecutionTime times;

    private CronSchedule(String expression, ExecutionTime times) {
        this.expression = expression;
        this.times = times;
    }

    /**
     * The schedule of {@code expression} (leading, trailing and repeated white space do not count: the
     * {@link #expression()} is the normalised text).
     *
     * @throws IllegalArgumentException with a message a person can act on
     */
    public static CronSchedule parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        String normalised = expression.strip().replaceAll("\\s+", " ");
        if (normalised.isEmpty()) {
            throw new IllegalArgumentException("a cron expression is empty; write five fields: minute hour day-of-month month day-of-week");
        }
        if (normalised.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a cron expression is at most " + MAX_LENGTH + " characters");
        }
        int fields = normalised.split(" ").length;
        if (fields != 5) {
            throw new IllegalArgumentException("'" + normalised + "' has " + fields + " field" + (fields == 1 ? "" : "s")
                    + "; a cron expression has five: minute hour day-of-month month day-of-week (e.g. '*/5 * * * *')");
        }
        Cron cron;
        try {
            cron = PARSER.parse(normalised);
            cron.validate();
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() == null ? "invalid" : e.getMessage().replace("Failed to parse cron expression. ", "");
            throw new IllegalArgumentException("'" + normalised + "' is not a valid cron expression: " + reason, e);
        }
        CronSchedule schedule = new CronSchedule(normalised, ExecutionTime.forCron(cron));
        if (schedule.next(Instant.now()).isEmpty()) {
            throw new IllegalArgumentException("'" + normalised + "' never fires (no such date)");
        }
        return schedule;
    }

    /** The normalised expression (what {@code controller.cron} shows a worker). */
    public String expression() {
        return expression;
    }

    /** The first tick strictly after {@code after} (whole minutes, UTC), or empty when there is none. */
    public Optional<Instant> next(Instant after) {
        ZonedDateTime from = after.atZone(ZoneOffset.UTC);
        return times.nextExecution(from).map(ZonedDateTime::toInstant).filter(tick -> tick.isAfter(after));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule that && expression.equals(that.expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
