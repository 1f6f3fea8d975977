package dev.warden.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.server.Role;
import dev.warden.server.Transactions;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log ({@code /audit}, security role, as the API's): every change of policy, VEX and token, newest first,
 * filtered by actor, object (type, id) and time (UTC days, from and to inclusive), each with its before and after.
 */
public final class AuditPage {
    public record Entry(Instant at, String actor, String action, String objectType, String objectId, String before, String after) {}

    public record Filters(String actor, String type, String object, String from, String to) {}

    public record Model(Frame frame, Filters filters, List<String> types, List<Entry> entries, String previous, String next) {}

    private final Transactions tx;
    private final ObjectMapper json;
    private final Views views;

    public AuditPage(Transactions tx, ObjectMapper json, Views views) {
        this.tx = tx;
        this.json = json;
        this.views = views;
    }

    public List<ConsoleRoute> routes() {
        return List.of(new ConsoleRoute(HandlerType.GET, "/audit", Role.SECURITY, this::show));
    }

    private void show(ConsoleRequest r) {
        Filters f = new Filters(r.query("actor"), r.query("type"), r.query("object"), r.query("from"), r.query("to"));
        Long from = f.from() == null ? null : day(f.from(), "from").atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Long to = f.to() == null ? null : day(f.to(), "to").plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        int offset = r.offset();
        List<String> types = tx.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT object_type FROM audit_log ORDER BY object_type"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        List<Entry> entries = tx.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT at, actor, action, object_type, object_id, before_doc, after_doc FROM audit_log WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (f.actor() != null) {
                sql.append(" AND LOWER(actor) LIKE ? ESCAPE '!'");
                args.add(ImagesPage.like(f.actor()));
            }
            if (f.type() != null) {
                sql.append(" AND object_type = ?");
                args.add(f.type());
            }
            if (f.object() != null) {
                sql.append(" AND LOWER(object_id) LIKE ? ESCAPE '!'");
                args.add(ImagesPage.like(f.object()));
            }
            if (from != null) {
                sql.append(" AND at >= ?");
                args.add(from);
            }
            if (to != null) {
                sql.append(" AND at < ?");
                args.add(to);
            }
            sql.append(" ORDER BY at DESC, id LIMIT ? OFFSET ?");
            args.add(ConsoleLimits.PAGE_ROWS + 1);
            args.add(offset);
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Entry(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                pretty(rs.getString(6)), pretty(rs.getString(7))));
                    }
                }
            }
            return out;
        });
        boolean more = entries.size() > ConsoleLimits.PAGE_ROWS;
        String previous = offset > 0 ? link(f, Math.max(0, offset - ConsoleLimits.PAGE_ROWS)) : null;
        String next = more ? link(f, offset + ConsoleLimits.PAGE_ROWS) : null;
        views.render(r.ctx(), 200, "audit.jte", new Model(new Frame("Audit log", "audit", r.session()), f, types,
                more ? entries.subList(0, ConsoleLimits.PAGE_ROWS) : entries, previous, next));
    }

    private static LocalDate day(String text, String name) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ConsoleProblem.badRequest(name + " must be a day as YYYY-MM-DD.");
        }
    }

    private String pretty(String doc) {
        if (doc == null) {
            return null;
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(doc));
        } catch (IOException e) {
            return doc;
        }
    }

    private static String link(Filters f, int offset) {
        StringBuilder q = new StringBuilder("/audit?offset=" + offset);
        for (String[] p : new String[][] {{"actor", f.actor()}, {"type", f.type()}, {"object", f.object()}, {"from", f.from()}, {"to", f.to()}}) {
            if (p[1] != null) {
                q.append('&').append(p[0]).append('=').append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }
}
