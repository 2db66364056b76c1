package io.edgeworks.systemtests;

import io.edgeworks.systemtests.support.Background;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.ApiProcess;
import io.edgeworks.systemtests.support.Database;
import io.edgeworks.systemtests.support.Edge;
import io.edgeworks.systemtests.support.Poll;
import io.edgeworks.systemtests.support.RedisConnection;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import io.edgeworks.systemtests.support.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The outbox relay hands over between platform-api replicas (README "Cluster mode, graceful shutdown and rolling restarts"): a
 * publication under way on a replica that dies is completed by another one, not lost. Deterministic with two replicas
 * (the stack's and one this class starts, {@link ApiProcess}) and two accounts: Redis writes are paused
 * ({@code CLIENT PAUSE … WRITE}), a deploy in each account makes each replica claim one account's outbox rows and block
 * in its Redis script (each relay publishes one account at a time, so when both accounts' advisory locks are held, one
 * is held by each replica); the started replica is then killed with SIGKILL (no graceful anything: its transaction
 * dies with its connection), Redis resumes, and both deploys must be served by the edge with no outbox row of the two
 * accounts left unpublished.
 */
class RelayHandOverIT {
    private static final String VERSION = "export default { fetch() { return new Response(\"%s\"); } };";
    private static Tenant first;
    private static Tenant second;
    private static ApiProcess replica;

    @BeforeAll
    static void setUp() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE, Stack.Part.REDIS);
        CompletableFuture<ApiProcess> starting = Background.supply("start platform-api-relay-it", () -> ApiProcess.start("platform-api-relay-it"));
        Api alice = Api.as("alice");
        first = Tenant.create(alice, "handover-a");
        second = Tenant.create(alice, "handover-b");
        for (Tenant tenant : List.of(first, second)) {
            tenant.deployNewService("svc", VERSION.formatted("v1"));
        }
        replica = starting.join();
    }

    @AfterAll
    static void tearDown() {
        if (replica != null) {
            replica.close();
        }
        Tenant.deleteCreated();
    }

    @Test
    void aPublicationUnderWayOnAKilledReplicaIsCompletedByAnother() throws Exception {
        for (Tenant tenant : List.of(first, second)) {
            Edge.awaitAnswer(tenant.hostname("svc"), "/", 200, "v1");
        }
        try (RedisConnection redis = RedisConnection.openStack(); Connection db = Database.connect()) {
            // the test's premise: both relays are idle when Redis pauses. A relay inside another publication (rows an
            // earlier test left) would block on Redis with it and never take one of the two accounts
            Poll.until(Duration.ofSeconds(30), () -> pending(db), List::isEmpty, "the outbox to have no unpublished row");
            redis.command("CLIENT", "PAUSE", "20000", "WRITE");
            try {
                first.createVersion("svc", "production", Workers.version(VERSION.formatted("v2")));
                second.createVersion("svc", "production", Workers.version(VERSION.formatted("v2")));
                // both relays are inside a publication: each holds one account's lock (and its rows), blocked on Redis
                Poll.until(Duration.ofSeconds(10), () -> relays(db), RelayState::bothHeld,
                        "a relay to hold each account's advisory lock (publications under way on both replicas)");
                replica.process().kill();
            } finally {
                redis.command("CLIENT", "UNPAUSE");
            }
        }
        for (Tenant tenant : List.of(first, second)) {
            Edge.awaitAnswer(tenant.hostname("svc"), "/", 200, "v2");
        }
        try (Connection db = Database.connect()) {
            assertEquals(0, unpublished(db, first) + unpublished(db, second), "outbox rows of the two accounts left unpublished");
        }
    }

    /** What the relays are doing, as the database sees it: printed when they are not where the test expects them. */
    private record RelayState(boolean firstHeld, boolean secondHeld, List<String> pending, List<String> sessions) {
        boolean bothHeld() {
            return firstHeld && secondHeld;
        }
    }

    private static RelayState relays(Connection db) {
        return new RelayState(held(db, first), held(db, second), pending(db), rows(db, """
                select l.pid || ' ' || coalesce(a.application_name, '') || ' ' || coalesce(a.client_addr::text, '') || ':'
                       || coalesce(a.client_port::text, '') || ' ' || coalesce(a.state, '') || ' waiting ' || coalesce(a.wait_event, '-')
                       || ' advisory ' || l.objid || (case when l.granted then ' held' else ' awaited' end) || ': ' || left(a.query, 120)
                from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' order by l.pid"""));
    }

    /** Every unpublished outbox row: id, kind, account and age. */
    private static List<String> pending(Connection db) {
        return rows(db, "select o.id || ' ' || o.kind || ' ' || coalesce(o.ref->>'account', a.slug, '?') || ' written '"
                + " || round(extract(epoch from clock_timestamp() - o.created_at) * 1000) || ' ms ago'"
                + " from outbox o left join accounts a on a.id = o.account_id where o.published_at is null order by o.id");
    }

    private static List<String> rows(Connection db, String sql) {
        try (PreparedStatement query = db.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            List<String> lines = new java.util.ArrayList<>();
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
            return lines;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether someone holds the relay's advisory lock of the account (it is taken for the whole publication). */
    private static boolean held(Connection db, Tenant tenant) {
        try (PreparedStatement query = db.prepareStatement("select pg_try_advisory_xact_lock(hashtextextended(?, 0))")) {
            query.setString(1, "edgeworks.publish:" + tenant.slug()); // PublishRepository.lockAccount
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return !rows.getBoolean(1); // taken (true) only for this autocommit statement, then released
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static int unpublished(Connection db, Tenant tenant) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select count(*) from outbox o join accounts a on a.id = o.account_id"
                + " where a.slug = ? and o.published_at is null")) {
            query.setString(1, tenant.slug());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
