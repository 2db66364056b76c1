package io.edgeworks.api.analytics;

import io.edgeworks.api.Api;
import io.edgeworks.bundle.AnalyticsBatch;
import io.edgeworks.bundle.AnalyticsCell;
import io.edgeworks.bundle.AnalyticsCodec;
import io.edgeworks.bundle.AnalyticsHistograms;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.RedisLayout;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.edgeworks.api.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batches added to the analytics stream as edge nodes add them, consumed by the running app's consumer group, stored and
 * read back through {@code GET …/analytics}: nodes merged, versions apart, tenancy, 400s, partition retention.
 */
@QuarkusTest
class AnalyticsResourceTest {

    @Inject
    RedisDataSource redis;

    @Inject
    Pool pool;

    @Inject
    AnalyticsPartitions partitions;

    @Inject
    AnalyticsIngest ingest;

    private static String cpu(int requests, long micros) {
        Histogram h = AnalyticsHistograms.empty();
        h.recordValueWithCount(micros, requests);
        return AnalyticsHistograms.encode(h);
    }

    private static AnalyticsCell cell(EnvironmentRef env, int version, int requests, int errors, long cpuMicros) {
        return new AnalyticsCell(env, version, requests, List.of(0L, (long) requests - errors, 0L, 0L, (long) errors), errors,
                errors > 0 ? Map.of("cpu", 1L) : Map.of(), 1, Map.of(), cpu(requests, cpuMicros), cpu(requests, cpuMicros * 2));
    }

    private void send(AnalyticsBatch batch) {
        redis.stream(String.class).xadd(RedisLayout.ANALYTICS_STREAM, Map.of("batch", AnalyticsCodec.encode(batch)));
    }

    private static JsonPath poll(String user, String path, java.util.function.Predicate<JsonPath> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = as(user).get(path).then().statusCode(200).extract().jsonPath();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no stored analytics within 20 s: " + (last == null ? "" : last.prettify()));
    }

    @Test
    void twoNodesTwoVersionsStoredMergedAndReadBack() throws Exception {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "shop");
        EnvironmentRef env = new EnvironmentRef(acme, "shop", "production");
        long minute = Instant.now().toEpochMilli() / 60_000 * 60_000;
        // node a: 90 requests of v1 at 1 ms CPU; node b: 10 of v1 at 100 ms (5 failing) and 20 of the canary v2
        send(new AnalyticsBatch("edge-a", minute, List.of(cell(env, 1, 90, 0, 1_000))));
        send(new AnalyticsBatch("edge-b", minute, List.of(cell(env, 1, 10, 5, 100_000), cell(env, 2, 20, 0, 2_000))));

        String path = Api.env(acme, "shop", "production") + "/analytics?step=5m";
        // until both nodes' batches are stored (the consumer polls every second; the first poll may see nothing yet)
        JsonPath a = poll(alice, path, j -> j.getList("versions").size() == 2
                && Integer.valueOf(100).equals(j.get("versions.find { it.version == 1 }.totals.requests")));
        assertEquals(acme + "/shop/production", a.getString("environment"));
        assertEquals(300, a.getInt("step_seconds"));
        assertEquals(5, a.getInt("versions[0].totals.errors"));
        assertEquals(5, a.getInt("versions[0].totals.exceptions"));
        assertEquals(Map.of("cpu", 1), a.getMap("versions[0].totals.limits"));
        assertEquals(2, a.getInt("versions[0].totals.subrequests"));
        assertEquals(1.0, a.getDouble("versions[0].totals.cpu_p50_ms"), 0.01);
        assertEquals(100.0, a.getDouble("versions[0].totals.cpu_p99_ms"), 1.0); // the 10 slow of 100: p99 is slow
        assertEquals(2, a.getInt("versions[1].version"));
        assertEquals(20, a.getInt("versions[1].totals.requests"));
        assertEquals(4.0, a.getDouble("versions[1].totals.wall_p99_ms"), 0.05);
        assertEquals(a.getList("times").size(), a.getList("versions[0].points").size());

        // a viewer reads it; a stranger gets 404
        String bob = Api.user();
        Api.member(alice, acme, bob, "viewer");
        as(bob).get(path).then().statusCode(200);
        as(Api.user()).get(path).then().statusCode(404);

        // the account summary ranks the environment
        as(alice).get("/api/accounts/" + acme + "/analytics").then().statusCode(200)
                .body("busiest[0].service", equalTo("shop")).body("busiest[0].requests", equalTo(120))
                .body("most_failing[0].environment", equalTo("production")).body("most_failing[0].errors", equalTo(5));
    }

    @Test
    void badQueriesAre400ProblemJson() {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "shop");
        String path = Api.env(acme, "shop", "production") + "/analytics";
        as(alice).get(path + "?step=10s").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("step")).body("detail", containsString("whole number of minutes"));
        as(alice).get(path + "?from=2026-12-02T15:00:00Z&to=2026-12-02T14:00:00Z").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        as(alice).get(path + "?from=" + Instant.now().minus(Duration.ofDays(3)) + "&step=1m").then().statusCode(400)
                .body("detail", containsString("platform.analytics.max-points"));
        as(alice).get("/api/accounts/" + acme + "/analytics?from=soon").then().statusCode(400)
                .body("detail", containsString("ISO-8601"));
    }

    @Test
    void partitionsOlderThanTheRetentionAreDropped() {
        pool.query("create table if not exists analytics_minutes_20200101 partition of analytics_minutes"
                + " for values from ('2020-01-01T00:00:00Z') to ('2020-01-02T00:00:00Z')").execute().await().indefinitely();
        partitions.maintain().await().indefinitely();
        var names = pool.query("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                + " join pg_class p on p.oid = i.inhparent where p.relname = 'analytics_minutes'").execute().await().indefinitely();
        List<String> list = new java.util.ArrayList<>();
        names.forEach(r -> list.add(r.getString(0)));
        assertTrue(!list.contains("analytics_minutes_20200101"), list.toString());
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        assertTrue(list.contains("analytics_minutes_" + today), list.toString());
    }

    /** The environments' ids by name, and how many analytics rows each has for {@code minute}. */
    private java.util.UUID environmentId(String account, String environment) {
        return pool.preparedQuery("select e.id from environments e join services s on s.id = e.service_id join accounts a"
                        + " on a.id = s.account_id where a.slug = $1 and s.name = 'shop' and e.name = $2")
                .execute(Tuple.of(account, environment)).await().indefinitely().iterator().next().getUUID(0);
    }

    private long storedRequests(java.util.UUID environmentId) {
        var rows = pool.preparedQuery("select coalesce(sum(requests), 0) from analytics_minutes where environment_id = $1")
                .execute(Tuple.of(environmentId)).await().indefinitely();
        return rows.iterator().next().getLong(0);
    }

    private void awaitStored(java.util.UUID environmentId, long requests, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (storedRequests(environmentId) != requests) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + storedRequests(environmentId) + " requests stored, expected " + requests);
            }
            Thread.sleep(50);
        }
    }

    /**
     * What made {@code DELETE /api/accounts/…} answer 500 now and then (CI, EdgeServesIT): an account's delete cascades
     * through its environments one at a time while the ingest stored a batch naming two of them. The ingest held the
     * row of one (taken first) while it waited for the other, being deleted; the delete then reached the first and
     * PostgreSQL killed one of the two (40P01). Here a transaction deletes staging, the ingest stores a batch of
     * production and staging, and the transaction then deletes production: the ingest must store production without
     * waiting, wait for staging holding nothing, and drop staging's cell once it is gone; the delete must not deadlock.
     */
    @Test
    void anIngestWaitsForAnEnvironmentBeingDeletedHoldingNothingSoTheDeleteCannotDeadlock() throws Exception {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "shop");
        as(alice).body(Map.of("name", "staging")).post(Api.envs(acme, "shop")).then().statusCode(201);
        var production = environmentId(acme, "production");
        var staging = environmentId(acme, "staging");
        long minute = Instant.now().toEpochMilli() / 60_000 * 60_000;
        AnalyticsBatch batch = new AnalyticsBatch("edge-a", minute, List.of(
                cell(new EnvironmentRef(acme, "shop", "production"), 1, 7, 0, 1_000),
                cell(new EnvironmentRef(acme, "shop", "staging"), 1, 3, 0, 1_000)));

        SqlConnection deleter = pool.getConnection().await().indefinitely();
        try {
            Transaction tx = deleter.begin().await().indefinitely();
            deleter.preparedQuery("delete from environments where id = $1").execute(Tuple.of(staging)).await().indefinitely();
            var stored = ingest.store(new AnalyticsIngest.Entry("0-1", AnalyticsCodec.encode(batch))).subscribeAsCompletionStage();
            awaitStored(production, 7, "production's cell while staging was being deleted");
            assertTrue(!stored.isDone(), "the ingest waits for staging's delete to end");
            // the rest of the cascade: before, this waited for the ingest, which waited for it
            deleter.preparedQuery("delete from environments where id = $1").execute(Tuple.of(production))
                    .await().atMost(Duration.ofSeconds(5));
            tx.commit().await().indefinitely();
            stored.toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, storedRequests(production));
            assertEquals(0, storedRequests(staging));
        } finally {
            deleter.close().await().indefinitely();
        }
    }

    /** An environment a transaction only held (a version being added) gets its cell once the transaction ends: no loss. */
    @Test
    void aCellOfAnEnvironmentHeldByAnotherTransactionIsStoredWhenItEnds() throws Exception {
        String alice = Api.user();
        String acme = Api.account(alice);
        Api.service(alice, acme, "shop");
        var production = environmentId(acme, "production");
        long minute = Instant.now().toEpochMilli() / 60_000 * 60_000;
        AnalyticsBatch batch = new AnalyticsBatch("edge-a", minute, List.of(cell(new EnvironmentRef(acme, "shop", "production"), 1, 5, 0, 1_000)));
        SqlConnection holder = pool.getConnection().await().indefinitely();
        try {
            Transaction tx = holder.begin().await().indefinitely();
            holder.preparedQuery("select latest_version from environments where id = $1 for update").execute(Tuple.of(production))
                    .await().indefinitely();
            var stored = ingest.store(new AnalyticsIngest.Entry("0-2", AnalyticsCodec.encode(batch))).subscribeAsCompletionStage();
            Thread.sleep(300);
            assertEquals(0, storedRequests(production), "stored while the environment was held");
            tx.rollback().await().indefinitely();
            stored.toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(5, storedRequests(production));
        } finally {
            holder.close().await().indefinitely();
        }
    }
}
