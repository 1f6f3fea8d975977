package dev.warden.vulndb.store;

import dev.warden.core.WardenException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Where the advisory store lives: a SQLite file (the default) or a PostgreSQL database, with the schema
 * brought up to date by Flyway from {@code db/migration} (the same SQL for both).
 *
 * @param jdbcUrl  {@code jdbc:sqlite:/path} or {@code jdbc:postgresql://host:port/db}
 * @param user     PostgreSQL only, else null
 * @param password PostgreSQL only, else null
 * @param file     the SQLite file, null for PostgreSQL
 */
public record Database(String jdbcUrl, String user, String password, Path file) {

    /**
     * Flyway reports every migration at INFO; users see only its warnings. Held here because
     * java.util.logging keeps loggers weakly and would forget the level.
     */
    private static final java.util.logging.Logger FLYWAY_LOG = quiet(java.util.logging.Logger.getLogger("org.flywaydb"));

    private static java.util.logging.Logger quiet(java.util.logging.Logger logger) {
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** Schema version the code was written for (the highest V*__ migration). */
    public static final int SCHEMA_VERSION = 6;

    public static Database sqlite(Path file) {
        return new Database("jdbc:sqlite:" + file.toAbsolutePath(), null, null, file.toAbsolutePath());
    }

    /**
     * {@code postgresql://user:password@host:port/db?params} (as libpq writes it), {@code jdbc:postgresql://...},
     * or a path to a SQLite file.
     */
    public static Database parse(String location) {
        String text = location.trim();
        if (text.startsWith("jdbc:postgresql:")) {
            return new Database(text, null, null, null);
        }
        if (text.startsWith("postgresql://") || text.startsWith("postgres://")) {
            URI uri;
            try {
                uri = URI.create(text);
            } catch (IllegalArgumentException e) {
                throw new WardenException("invalid database URL '" + text + "': " + e.getMessage());
            }
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            }
            if (uri.getHost() == null) {
                throw new WardenException("invalid database URL '" + text + "': no host");
            }
            String url = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + (uri.getRawPath() == null ? "/" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new Database(url, user, password, null);
        }
        if (text.startsWith("jdbc:sqlite:")) {
            return sqlite(Path.of(text.substring("jdbc:sqlite:".length())));
        }
        return sqlite(Path.of(text));
    }

    public boolean isSqlite() {
        return file != null;
    }

    /** For messages: never shows the password. */
    public String describe() {
        return isSqlite() ? file.toString() : jdbcUrl + (user == null ? "" : " (user " + user + ")");
    }

    /**
     * Creates or migrates the schema. Flyway takes seconds to start, so a database whose history
     * already records {@link #SCHEMA_VERSION} is left alone without starting it.
     */
    public void migrate() {
        if (isCurrent()) {
            return;
        }
        FLYWAY_LOG.getLevel(); // loaded and set before Flyway logs anything
        try {
            if (isSqlite()) {
                Files.createDirectories(file.getParent());
            }
            Flyway.configure(getClass().getClassLoader())
                    .dataSource(jdbcUrl, user, password)
                    .locations("classpath:db/migration")
                    .loggers("org.flywaydb.core.internal.logging.javautil.JavaUtilLogCreator")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new WardenException("cannot prepare the advisory database " + describe() + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new WardenException("cannot create the folder of the advisory database " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** The schema version Flyway recorded, or 0 for an empty or unreadable database. */
    public int schemaVersion() {
        if (isSqlite() && !Files.exists(file)) {
            return 0;
        }
        try (Connection c = connect(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = "
                     + (isSqlite() ? "1" : "TRUE") + " AND version IS NOT NULL")) {
            int max = 0;
            while (rs.next()) {
                max = Math.max(max, Integer.parseInt(rs.getString(1).split("\\.")[0]));
            }
            return max;
        } catch (SQLException | NumberFormatException | WardenException e) {
            return 0;
        }
    }

    private boolean isCurrent() {
        return schemaVersion() == SCHEMA_VERSION;
    }

    public Connection connect() {
        try {
            Properties props = new Properties();
            if (user != null) {
                props.setProperty("user", user);
            }
            if (password != null) {
                props.setProperty("password", password);
            }
            // SQLite through its driver directly: DriverManager would first load and start every driver on the class path
            Connection c = isSqlite() ? org.sqlite.JDBC.createConnection(jdbcUrl, props) : DriverManager.getConnection(jdbcUrl, props);
            if (isSqlite()) {
                try (Statement s = c.createStatement()) {
                    // rollback journal (not WAL): the database stays one file, which bundles and atomic
                    // replacement rely on; a killed import is rolled back from the journal on next open
                    s.execute("PRAGMA journal_mode=DELETE");
                    s.execute("PRAGMA synchronous=FULL");
                    s.execute("PRAGMA busy_timeout=30000");
                    s.execute("PRAGMA cache_size=-65536");
                }
            }
            return c;
        } catch (SQLException e) {
            throw new WardenException("cannot open the advisory database " + describe() + ": " + e.getMessage(), e);
        }
    }
}
