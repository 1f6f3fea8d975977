package dev.warden.server;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work in one transaction on a pooled connection: committed when the work returns, rolled back when it throws,
 * so a failed or killed request leaves nothing half-written. A connection that breaks (PostgreSQL restarting) is
 * reported as {@link ServerDatabase.DatabaseUnavailable}; the pool replaces it for the next request.
 */
public final class Transactions {
    private final ServerDatabase database;

    public Transactions(ServerDatabase database) {
        this.database = database;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken: its transaction dies with it
                }
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Reads outside a transaction (autocommit). */
    public <T> T read(Work<T> work) {
        try (Connection c = database.connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private RuntimeException unavailable(SQLException e) {
        return new ServerDatabase.DatabaseUnavailable(database.location().describe(), e);
    }
}
