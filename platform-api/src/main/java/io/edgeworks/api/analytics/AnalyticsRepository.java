package io.edgeworks.api.analytics;

import io.edgeworks.bundle.AnalyticsCell;
import io.edgeworks.bundle.AnalyticsHistograms;
import io.edgeworks.bundle.EnvironmentRef;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code analytics_minutes} rows (V96) and their day partitions. Every method runs on the caller's connection. */
@ApplicationScoped
class AnalyticsRepository {
    private static final String PARTITION_PREFIX = "analytics_minutes_";
    private static final Pattern PARTITION = Pattern.compile(PARTITION_PREFIX + "(\\d{8})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String ENVIRONMENT = " from environments e join services s on s.id = e.service_id"
            + " join accounts a on a.id = s.account_id where a.slug = $1 and s.name = $2 and e.name = $3";
    private static final String COLUMNS = "m.version, m.minute, m.requests, m.status_1xx, m.status_2xx, m.status_3xx, m.status_4xx,"
            + " m.status_5xx, m.exceptions, m.subrequests, m.limits, m.binding_calls, m.cpu, m.wall";

    /** One stored row: its version, minute and figures. */
    record MinuteRow(int version, OffsetDateTime minute, Figures figures) {
    }

    /** Creates the partition of {@code day} (UTC) unless it exists. */
    Uni<Void> ensurePartition(SqlConnection conn, LocalDate day) {
        String from = day.atStartOfDay().atOffset(ZoneOffset.UTC).toString();
        String to = day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC).toString();
        return conn.query("create table if not exists " + PARTITION_PREFIX + DAY.format(day) + " partition of analytics_minutes"
                + " for values from ('" + from + "') to ('" + to + "')").execute().replaceWithVoid();
    }

    /** Drops the partitions of days before {@code firstKept}; returns their names. */
    Uni<List<String>> dropPartitionsBefore(SqlConnection conn, LocalDate firstKept) {
        return conn.query("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                + " join pg_class p on p.oid = i.inhparent where p.relname = 'analytics_minutes'").execute().chain(rows -> {
            List<String> old = new ArrayList<>();
            for (Row row : rows) {
                Matcher m = PARTITION.matcher(row.getString(0));
                if (m.matches() && LocalDate.parse(m.group(1), DAY).isBefore(firstKept)) {
                    old.add(row.getString(0));
                }
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String name : old) {
                chain = chain.chain(() -> conn.query("drop table if exists " + name).execute().replaceWithVoid());
            }
            return chain.replaceWith(old);
        });
    }

    /**
     * Locks the cells' environments that no other transaction holds ({@code for key share … skip locked}, in id order,
     * never waiting) and returns their ids by name. Missing from the result: environments that do not exist, and those a
     * transaction is deleting or adding a version to; their cells go through {@link #lockEnvironment} one at a time.
     * Taking the environments first is what keeps the ingest out of deadlocks with deletes: a delete cascades from an
     * environment to its rows, so it cannot hold a row of an environment this transaction holds.
     */
    Uni<Map<EnvironmentRef, UUID>> lockEnvironments(SqlConnection conn, List<AnalyticsCell> cells) {
        Set<EnvironmentRef> refs = new LinkedHashSet<>();
        cells.forEach(c -> refs.add(c.environment()));
        String[] accounts = refs.stream().map(EnvironmentRef::account).toArray(String[]::new);
        String[] services = refs.stream().map(EnvironmentRef::service).toArray(String[]::new);
        String[] environments = refs.stream().map(EnvironmentRef::environment).toArray(String[]::new);
        return conn.preparedQuery("select e.id, a.slug, s.name, e.name from environments e join services s on s.id = e.service_id"
                        + " join accounts a on a.id = s.account_id"
                        + " where (a.slug, s.name, e.name) in (select * from unnest($1::text[], $2::text[], $3::text[]))"
                        + " order by e.id for key share of e skip locked")
                .execute(Tuple.tuple().addArrayOfString(accounts).addArrayOfString(services).addArrayOfString(environments))
                .map(rows -> {
                    Map<EnvironmentRef, UUID> locked = new HashMap<>();
                    for (Row row : rows) {
                        locked.put(new EnvironmentRef(row.getString(1), row.getString(2), row.getString(3)), row.getUUID(0));
                    }
                    return locked;
                });
    }

    /** Locks one environment ({@code for key share}, waiting for a transaction that holds it); null when it does not exist. */
    Uni<UUID> lockEnvironment(SqlConnection conn, EnvironmentRef env) {
        return conn.preparedQuery("select e.id" + ENVIRONMENT + " for key share of e")
                .execute(Tuple.of(env.account(), env.service(), env.environment()))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    }

    /**
     * Adds a node's cell to its row (created if missing, then locked, merged and written back, so replicas adding
     * cells of the same minute at once do not lose each other's counts). False when the environment does not exist
     * (deleted since the node counted it).
     */
    Uni<Boolean> add(SqlConnection conn, AnalyticsCell cell, OffsetDateTime minute) {
        var env = cell.environment();
        Tuple key = Tuple.of(env.account(), env.service(), env.environment(), cell.version(), minute);
        return conn.preparedQuery("insert into analytics_minutes(environment_id, version, minute) select e.id, $4, $5" + ENVIRONMENT
                        + " on conflict do nothing").execute(key)
                .chain(() -> conn.preparedQuery("select m.environment_id, " + COLUMNS + " from analytics_minutes m"
                        + " where m.environment_id = (select e.id" + ENVIRONMENT + ") and m.version = $4 and m.minute = $5 for update")
                        .execute(key))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Row row = rows.iterator().next();
                    UUID environmentId = row.getUUID("environment_id");
                    Figures merged = figures(row);
                    merged.add(figures(cell));
                    return conn.preparedQuery("update analytics_minutes set requests = $4, status_1xx = $5, status_2xx = $6,"
                                    + " status_3xx = $7, status_4xx = $8, status_5xx = $9, exceptions = $10, subrequests = $11,"
                                    + " limits = $12, binding_calls = $13, cpu = $14, wall = $15"
                                    + " where environment_id = $1 and version = $2 and minute = $3")
                            .execute(Tuple.tuple().addUUID(environmentId).addInteger(cell.version()).addOffsetDateTime(minute)
                                    .addLong(merged.requests).addLong(merged.statusClasses[0]).addLong(merged.statusClasses[1])
                                    .addLong(merged.statusClasses[2]).addLong(merged.statusClasses[3]).addLong(merged.statusClasses[4])
                                    .addLong(merged.exceptions).addLong(merged.subrequests)
                                    .addJsonObject(new JsonObject(Map.copyOf(merged.limits)))
                                    .addJsonObject(new JsonObject(Map.copyOf(merged.bindingCalls)))
                                    .addBuffer(Buffer.buffer(AnalyticsHistograms.bytes(merged.cpu)))
                                    .addBuffer(Buffer.buffer(AnalyticsHistograms.bytes(merged.wall))))
                            .replaceWith(true);
                });
    }

    /** The rows of one environment in {@code [from, to)}. */
    Uni<List<MinuteRow>> rows(SqlConnection conn, UUID environmentId, OffsetDateTime from, OffsetDateTime to) {
        return conn.preparedQuery("select " + COLUMNS + " from analytics_minutes m where m.environment_id = $1"
                        + " and m.minute >= $2 and m.minute < $3 order by m.minute")
                .execute(Tuple.of(environmentId, from, to)).map(rows -> {
                    List<MinuteRow> result = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        result.add(new MinuteRow(row.getInteger("version"), row.getOffsetDateTime("minute"), figures(row)));
                    }
                    return result;
                });
    }

    /** Totals of one environment of an account in a range (histograms left out: the summary ranks by counts). */
    record EnvironmentTotals(String service, String environment, long requests, long errors, long exceptions, long limitHits) {
    }

    /** Each environment of the account with traffic in {@code [from, to)}, with its totals. */
    Uni<List<EnvironmentTotals>> totals(SqlConnection conn, UUID accountId, OffsetDateTime from, OffsetDateTime to) {
        return conn.preparedQuery("select s.name as service, e.name as environment, sum(m.requests) as requests,"
                        + " sum(m.status_5xx) as errors, sum(m.exceptions) as exceptions,"
                        + " sum((select coalesce(sum(value::bigint), 0) from jsonb_each_text(m.limits))) as limit_hits"
                        + " from analytics_minutes m join environments e on e.id = m.environment_id join services s on s.id = e.service_id"
                        + " where s.account_id = $1 and m.minute >= $2 and m.minute < $3 group by s.name, e.name")
                .execute(Tuple.of(accountId, from, to)).map(rows -> {
                    List<EnvironmentTotals> result = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        result.add(new EnvironmentTotals(row.getString("service"), row.getString("environment"),
                                row.getLong("requests"), row.getLong("errors"), row.getLong("exceptions"), row.getLong("limit_hits")));
                    }
                    return result;
                });
    }

    private static Figures figures(Row row) {
        Figures f = new Figures();
        f.requests = row.getLong("requests");
        for (int i = 0; i < 5; i++) {
            f.statusClasses[i] = row.getLong("status_" + (i + 1) + "xx");
        }
        f.exceptions = row.getLong("exceptions");
        f.subrequests = row.getLong("subrequests");
        counts(row.getJsonObject("limits"), f.limits);
        counts(row.getJsonObject("binding_calls"), f.bindingCalls);
        Buffer cpu = row.getBuffer("cpu");
        if (cpu != null) {
            f.cpu.add(AnalyticsHistograms.decode(cpu.getBytes()));
        }
        Buffer wall = row.getBuffer("wall");
        if (wall != null) {
            f.wall.add(AnalyticsHistograms.decode(wall.getBytes()));
        }
        return f;
    }

    private static void counts(JsonObject json, Map<String, Long> into) {
        if (json != null) {
            json.forEach(e -> into.merge(e.getKey(), ((Number) e.getValue()).longValue(), Long::sum));
        }
    }

    static Figures figures(AnalyticsCell cell) {
        Figures f = new Figures();
        f.requests = cell.requests();
        for (int i = 0; i < 5; i++) {
            f.statusClasses[i] = cell.statusClasses().get(i);
        }
        f.exceptions = cell.exceptions();
        f.subrequests = cell.subrequests();
        f.limits.putAll(cell.limits());
        f.bindingCalls.putAll(cell.bindingCalls());
        f.cpu.add(AnalyticsHistograms.decode(cell.cpu()));
        f.wall.add(AnalyticsHistograms.decode(cell.wall()));
        return f;
    }
}
