package dev.warden.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.warden.core.WardenException;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.Database;
import dev.warden.vulndb.store.SqliteNativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Where the server keeps its images, policies, VEX, tokens and audit log, as a pool of connections with the schema
 * brought up to date by Flyway ({@code db/server}, history in {@code server_schema_history}).
 *
 * <p>On PostgreSQL the server's tables sit in the advisory store's database beside its tables: replicas share both.
 * On SQLite they live in a file of their own, {@code WARDEN_HOME/server/server.db}, beside the advisory database
 * {@code WARDEN_HOME/db/warden.db}: {@code warden db import BUNDLE} replaces the advisory file whole, which must
 * never take the server's data with it.
 */
public final class ServerDatabase implements AutoCloseable {
    private static final java.util.logging.Logger FLYWAY_LOG = quiet(java.util.logging.Logger.getLogger("org.flywaydb"));

    private final Database location;
    private final HikariDataSource pool;

    private ServerDatabase(Database location, HikariDataSource pool) {
        this.location = location;
        this.pool = pool;
    }

    private static java.util.logging.Logger quiet(java.util.logging.Logger logger) {
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** The server's database for this advisory database: the same PostgreSQL database, or a SQLite file beside it. */
    public static Database locationFor(VulnDb advisories) {
        Database db = advisories.database();
        if (!db.isSqlite()) {
            return db;
        }
        return Database.sqlite(advisories.home().resolve("server").resolve("server.db"));
    }

    /**
     * The server's database for this advisory database, opened: the advisory store is opened (migrated, and on SQLite
     * first made from the shipped snapshot) before the server's tables are made, because its migrations refuse a
     * PostgreSQL schema that already holds other tables.
     */
    public static ServerDatabase open(VulnDb advisories) {
        try (var store = advisories.open()) {
            store.feedStates();
        }
        return open(locationFor(advisories), advisories.home());
    }

    /** Opens the pool and migrates the schema. */
    static ServerDatabase open(Database location, Path home) {
        if (location.isSqlite()) {
            SqliteNativeLibrary.useCopyUnder(home.resolve("native"));
            try {
                Files.createDirectories(location.file().getParent());
            } catch (IOException e) {
                throw new WardenException("cannot create the folder of the server database " + location.describe() + ": " + e.getMessage(), e);
            }
        }
        migrate(location);
        HikariConfig config = new HikariConfig();
        config.setPoolName("warden-server");
        config.setJdbcUrl(location.jdbcUrl());
        if (location.user() != null) {
            config.setUsername(location.user());
        }
        if (location.password() != null) {
            config.setPassword(location.password());
        }
        config.setConnectionTimeout(ServerLimits.DATABASE_WAIT_MILLIS);
        config.setInitializationFailTimeout(-1); // a database that is down at start is retried per request, not fatal
        if (location.isSqlite()) {
            // WAL: readers do not wait for the one writer; IMMEDIATE: a writing transaction takes the write lock at
            // BEGIN, so two pushes of one digest queue instead of failing on lock upgrade. synchronous NORMAL: in WAL
            // mode a commit is appended to the WAL without an fsync (checkpoints still sync). A killed server (kill -9)
            // loses nothing committed, the WAL is in the OS's page cache; a power loss or OS crash may lose the last
            // commits but never corrupts the database. FULL's fsync per commit cost more than the rest of a 100-image
            // re-judgement (docs/server.md, "Continuous monitoring at scale").
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.addDataSourceProperty("foreign_keys", "true");
            config.setMaximumPoolSize(4);
        } else {
            config.setMaximumPoolSize(10);
        }
        return new ServerDatabase(location, new HikariDataSource(config));
    }

    private static void migrate(Database location) {
        migrate(location, null);
    }

    /**
     * Brings the schema to {@code target} (null: the latest; tests make an older schema to upgrade from). The
     * migrations are plain SQL that runs on both databases ({@code db/server}) but for the few that cannot be
     * ({@code db/server-sqlite}, {@code db/server-postgresql}: each version in both, or in the common folder only).
     */
    static void migrate(Database location, String target) {
        FLYWAY_LOG.getLevel();
        try {
            var flyway = Flyway.configure(ServerDatabase.class.getClassLoader())
                    .dataSource(location.jdbcUrl(), location.user(), location.password())
                    .locations("classpath:db/server", location.isSqlite() ? "classpath:db/server-sqlite" : "classpath:db/server-postgresql")
                    .table("server_schema_history")
                    // on PostgreSQL the advisory store's tables may be there first: not a reason to refuse
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .loggers("org.flywaydb.core.internal.logging.javautil.JavaUtilLogCreator");
            if (target != null) {
                flyway.target(target);
            }
            flyway.load().migrate();
        } catch (FlywayException e) {
            throw new WardenException("cannot prepare the server database " + location.describe() + ": " + e.getMessage(), e);
        }
    }

    public Database location() {
        return location;
    }

    public DataSource dataSource() {
        return pool;
    }

    public boolean isSqlite() {
        return location.isSqlite();
    }

    /** A connection from the pool; {@link DatabaseUnavailable} when none comes in time. */
    public Connection connect() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw new DatabaseUnavailable(location.describe(), e);
        }
    }

    /** Whether the database answers now. */
    public boolean ready() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The database did not give a connection or failed mid-request: 503 for the client, who may retry. */
    public static final class DatabaseUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DatabaseUnavailable(String where, Throwable cause) {
            super("the server database " + where + " is not available: " + cause.getMessage(), cause);
        }
    }
}
