package dev.warden.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A SELECT run with its parameters and read row by row into records: the one place that binds parameters and walks a
 * result set, so that each store says only its SQL and how a row becomes a record.
 */
final class SqlRows {
    private SqlRows() {}

    /** How one row becomes a value. */
    @FunctionalInterface
    interface Mapper<T> {
        T row(ResultSet rs) throws SQLException;
    }

    /**
     * Every row of {@code sql} with {@code args} bound in order: a String, an Integer, a Long, a Boolean (stored as
     * 1 or 0, as the schema keeps flags) or null.
     */
    static <T> List<T> list(Connection c, String sql, Mapper<T> mapper, Object... args) throws SQLException {
        return list(c, sql, mapper, Arrays.asList(args));
    }

    static <T> List<T> list(Connection c, String sql, Mapper<T> mapper, List<?> args) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.row(rs));
                }
            }
        }
        return out;
    }

    /** The first row of {@code sql}, if any. */
    static <T> Optional<T> first(Connection c, String sql, Mapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, Arrays.asList(args));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.row(rs)) : Optional.empty();
            }
        }
    }

    private static void bind(PreparedStatement ps, List<?> args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            switch (a) {
                case null -> ps.setNull(i, Types.VARCHAR);
                case String s -> ps.setString(i, s);
                case Integer n -> ps.setInt(i, n);
                case Long n -> ps.setLong(i, n);
                case Boolean b -> ps.setLong(i, b ? 1 : 0);
                default -> throw new IllegalArgumentException("no SQL binding for " + a.getClass().getName());
            }
            i++;
        }
    }
}
