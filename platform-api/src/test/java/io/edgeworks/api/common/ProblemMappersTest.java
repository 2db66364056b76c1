package io.edgeworks.api.common;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which failures are a passing outage of PostgreSQL or Redis (503 with Retry-After, as deploy/local/chaos.sh's PostgreSQL
 * restart and Redis failover produce them), which a transaction aborted by a concurrent one (503 with Retry-After too),
 * and which stay an internal error (500).
 */
class ProblemMappersTest {
    @Test
    void refusedConnectionsAndADatabaseShuttingDownAreUnavailable() {
        assertTrue(ProblemMappers.isUnavailable(new RuntimeException("wrapped", new ConnectException("Connection refused: /127.0.0.1:5432"))));
        assertTrue(ProblemMappers.isUnavailable(new PgException("the database system is shutting down", "FATAL", "57P03", null)));
        assertTrue(ProblemMappers.isUnavailable(new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
        assertTrue(ProblemMappers.isUnavailable(new PgException("connection failure", "FATAL", "08006", null)));
        assertTrue(ProblemMappers.isUnavailable(new IllegalStateException(new java.nio.channels.ClosedChannelException())));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(ProblemMappers.isUnavailable(new IllegalStateException("a bug")));
        assertFalse(ProblemMappers.isUnavailable(new PgException("duplicate key", "ERROR", "23505", null)));
        assertFalse(ProblemMappers.isUnavailable(new PgException("query canceled", "ERROR", "57014", null)));
    }

    @Test
    void aDeadlockOrSerializationAbortIsAConcurrencyAbortAndNothingElseIs() {
        assertTrue(ProblemMappers.isConcurrencyAbort(new RuntimeException("wrapped", new PgException("deadlock detected", "ERROR", "40P01", null))));
        assertTrue(ProblemMappers.isConcurrencyAbort(new PgException("could not serialize access", "ERROR", "40001", null)));
        assertFalse(ProblemMappers.isConcurrencyAbort(new PgException("duplicate key", "ERROR", "23505", null)));
        assertFalse(ProblemMappers.isConcurrencyAbort(new IllegalStateException("a bug")));
        assertFalse(ProblemMappers.isUnavailable(new PgException("deadlock detected", "ERROR", "40P01", null)));
    }
}
