package io.edgeworks.systemtests.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The stack's PostgreSQL database (platform-api's), for the few ITs that must look under the API: which outbox rows are
 * still unpublished, which advisory locks a relay holds. System properties {@code edgeworks.it.db-url} (JDBC),
 * {@code edgeworks.it.db-user}, {@code edgeworks.it.db-password}; defaults are up.sh's.
 */
public final class Database {
    private Database() {
    }

    public static String url() {
        return System.getProperty("edgeworks.it.db-url", "jdbc:postgresql://127.0.0.1:5432/platform");
    }

    public static String user() {
        return System.getProperty("edgeworks.it.db-user", "platform");
    }

    public static String password() {
        return System.getProperty("edgeworks.it.db-password", "platform");
    }

    public static Connection connect() {
        try {
            return DriverManager.getConnection(url(), user(), password());
        } catch (SQLException e) {
            throw new AssertionError("cannot connect to the stack's PostgreSQL at " + url() + " (edgeworks.it.db-url): " + e.getMessage(), e);
        }
    }
}
