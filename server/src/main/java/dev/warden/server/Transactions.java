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

    /** Whether the database is SQLite (else PostgreSQL): for the few statements the two spell differently. */
    public boolean sqlite() {
        return database.isSqlite();
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

    /**
     * As {@link #inTransaction}, for work that is redone when its commit is lost: the monitor's leases and cursors and
     * its re-judgements, which the next round repeats from the cursor. On PostgreSQL the commit does not wait for its
     * WAL to reach the disk ({@code synchronous_commit = off} for this transaction alone), as SQLite's WAL mode with
     * {@code synchronous=NORMAL} does not: a crash of the database's machine may lose the last such commits, but the
     * WAL is written in order, so what is lost is always the newest transactions whole (never a judgement without its
     * alerts, never a moved cursor without the judgements before it), and a push's or a job's later ordinary commit
     * makes everything before it durable. A server killed with kill -9 loses nothing: the database has the commits.
     */
    public <T> T inRedoableTransaction(Work<T> work) {
        if (database.isSqlite()) {
            return inTransaction(work);
        }
        return inTransaction(c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO OFF");
            }
            return work.run(c);
        });
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
