package dev.warden.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.server.PolicyStore;
import dev.warden.server.Role;
import dev.warden.server.Transactions;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored images ({@code /images}): filtered by repository, tag, digest (parts of them), grade, verdict and a
 * policy the image violates; sorted by any column. Filters and sorting are query parameters, so the page works without
 * scripts and a filtered list is a link to share.
 */
public final class ImagesPage {
    /** The sortable columns and their SQL; the query parameter is only ever a key of this map. */
    private static final Map<String, String> SORTS = Map.of(
            "repository", "i.repository",
            "grade", "COALESCE(i.grade, 'Z')",
            "score", "COALESCE(i.score, -1)",
            "verdict", "COALESCE(i.verdict, '')",
            "digest", "i.digest",
            "pushed", "i.last_pushed");
    private static final List<String> GRADES = List.of("A", "B", "C", "D", "E", "F");
    private static final List<String> VERDICTS = List.of("compliant", "violated", "no_data");

    public record Row(String digest, String href, String repository, List<String> tags, String grade, Integer score, String verdict,
                      long packages, Instant lastPushed) {}

    public record Option(String value, String label, boolean selected) {}

    /** A column header: its label, the link that sorts by it, and whether (and how) the list is sorted by it now. */
    public record Column(String label, String href, String ariaSort) {}

    public record Model(Frame frame, Filters filters, List<Option> grades, List<Option> verdicts, List<Option> policies, List<Column> columns,
                        List<Row> rows, String previous, String next, boolean truncated, int from) {}

    /** The filters as given (null: none). */
    public record Filters(String repository, String tag, String digest, String grade, String verdict, String policy, String sort, boolean descending,
                          int offset) {
        String query(String sortBy, boolean desc, int at) {
            StringBuilder q = new StringBuilder();
            add(q, "repository", repository);
            add(q, "tag", tag);
            add(q, "digest", digest);
            add(q, "grade", grade);
            add(q, "verdict", verdict);
            add(q, "policy", policy);
            add(q, "sort", sortBy);
            add(q, "dir", desc ? "desc" : "asc");
            if (at > 0) {
                add(q, "offset", Integer.toString(at));
            }
            return "/images?" + q;
        }

        private static void add(StringBuilder q, String name, String value) {
            if (value != null) {
                q.append(q.isEmpty() ? "" : "&").append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    private final Transactions tx;
    private final PolicyStore policies;
    private final ObjectMapper json;
    private final Views views;

    public ImagesPage(Transactions tx, PolicyStore policies, ObjectMapper json, Views views) {
        this.tx = tx;
        this.policies = policies;
        this.json = json;
        this.views = views;
    }

    public List<ConsoleRoute> routes() {
        return List.of(new ConsoleRoute(HandlerType.GET, "/images", Role.VIEWER, this::show));
    }

    private void show(ConsoleRequest r) {
        String grade = r.query("grade");
        String verdict = r.query("verdict");
        String sort = r.query("sort");
        if (grade != null && !GRADES.contains(grade) || verdict != null && !VERDICTS.contains(verdict) || sort != null && !SORTS.containsKey(sort)) {
            throw ConsoleProblem.badRequest("grade must be A to F, verdict compliant, violated or no_data, and sort one of " + SORTS.keySet() + ".");
        }
        int offset = r.offset();
        boolean descending = sort == null ? true : "desc".equals(r.query("dir"));
        Filters filters = new Filters(r.query("repository"), r.query("tag"), r.query("digest"), grade, verdict, r.query("policy"),
                sort == null ? "pushed" : sort, descending, offset);
        Listing listing = list(filters);

        List<Option> gradeOptions = new ArrayList<>(List.of(new Option("", "any", grade == null)));
        GRADES.forEach(g -> gradeOptions.add(new Option(g, g, g.equals(grade))));
        List<Option> verdictOptions = new ArrayList<>(List.of(new Option("", "any", verdict == null)));
        VERDICTS.forEach(v -> verdictOptions.add(new Option(v, v.replace('_', ' '), v.equals(verdict))));
        Map<String, String> known = new LinkedHashMap<>();
        policies.activeSet().set().policies().forEach(p -> known.put(p.id(), p.name()));
        if (filters.policy() != null) {
            known.putIfAbsent(filters.policy(), filters.policy());
        }
        List<Option> policyOptions = new ArrayList<>(List.of(new Option("", "any", filters.policy() == null)));
        known.forEach((id, name) -> policyOptions.add(new Option(id, name, id.equals(filters.policy()))));

        List<Column> columns = new ArrayList<>();
        for (String[] c : new String[][] {{"repository", "Repository"}, {null, "Tags"}, {"grade", "Grade"}, {"score", "Score"},
                {"verdict", "Verdict"}, {null, "Packages"}, {"digest", "Digest"}, {"pushed", "Last pushed"}}) {
            if (c[0] == null) {
                columns.add(new Column(c[1], null, null));
                continue;
            }
            boolean current = c[0].equals(filters.sort());
            columns.add(new Column(c[1], filters.query(c[0], current ? !filters.descending() : false, 0),
                    current ? (filters.descending() ? "descending" : "ascending") : null));
        }
        String previous = offset > 0 ? filters.query(filters.sort(), filters.descending(), Math.max(0, offset - ConsoleLimits.PAGE_ROWS)) : null;
        String next = listing.more() ? filters.query(filters.sort(), filters.descending(), offset + ConsoleLimits.PAGE_ROWS) : null;
        views.render(r.ctx(), 200, "images.jte", new Model(new Frame("Images", "images", r.session()), filters, gradeOptions, verdictOptions,
                policyOptions, columns, listing.rows(), previous, next, listing.truncated(), offset + 1));
    }

    record Listing(List<Row> rows, boolean more, boolean truncated) {}

    private Listing list(Filters f) {
        return tx.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT i.digest, i.repository, i.grade, i.score, i.verdict, i.package_count, i.last_pushed, "
                    + "j.results FROM image i LEFT JOIN judgement j ON j.id = i.judgement_id WHERE 1 = 1");
            List<String> args = new ArrayList<>();
            if (f.repository() != null) {
                sql.append(" AND LOWER(i.repository) LIKE ? ESCAPE '!'");
                args.add(like(f.repository()));
            }
            if (f.digest() != null) {
                sql.append(" AND i.digest LIKE ? ESCAPE '!'");
                args.add(like(f.digest()));
            }
            if (f.tag() != null) {
                sql.append(" AND EXISTS (SELECT 1 FROM image_tag t WHERE t.digest = i.digest AND LOWER(t.tag) LIKE ? ESCAPE '!')");
                args.add(like(f.tag()));
            }
            if (f.grade() != null) {
                sql.append(" AND i.grade = ?");
                args.add(f.grade());
            }
            if (f.verdict() != null) {
                sql.append(" AND i.verdict = ?");
                args.add(f.verdict());
            }
            String order = SORTS.get(f.sort());
            sql.append(" ORDER BY ").append(order).append(f.descending() ? " DESC" : " ASC").append(", i.digest LIMIT ?");
            List<Row> rows = new ArrayList<>();
            boolean more = false;
            boolean truncated = false;
            int skipped = 0;
            int read = 0;
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                for (String a : args) {
                    ps.setString(i++, a);
                }
                ps.setInt(i, ConsoleLimits.MAX_IMAGES_FILTERED);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        if (f.policy() != null && !violates(rs.getString(8), f.policy())) {
                            continue;
                        }
                        if (skipped < f.offset()) {
                            skipped++;
                            continue;
                        }
                        if (rows.size() == ConsoleLimits.PAGE_ROWS) {
                            more = true;
                            break;
                        }
                        int score = rs.getInt(4);
                        Integer scoreOrNull = rs.wasNull() ? null : score;
                        String digest = rs.getString(1);
                        rows.add(new Row(digest, OverviewPage.imageHref(digest), rs.getString(2), List.of(), rs.getString(3), scoreOrNull,
                                rs.getString(5), rs.getLong(6), Instant.ofEpochMilli(rs.getLong(7))));
                    }
                    truncated = !more && read == ConsoleLimits.MAX_IMAGES_FILTERED;
                }
            }
            List<Row> withTags = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tag FROM image_tag WHERE digest = ? ORDER BY tag")) {
                for (Row row : rows) {
                    ps.setString(1, row.digest());
                    List<String> tags = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            tags.add(rs.getString(1));
                        }
                    }
                    withTags.add(new Row(row.digest(), row.href(), row.repository(), List.copyOf(tags), row.grade(), row.score(), row.verdict(),
                            row.packages(), row.lastPushed()));
                }
            }
            return new Listing(withTags, more, truncated);
        });
    }

    private boolean violates(String results, String policyId) {
        if (results == null) {
            return false;
        }
        try {
            for (PolicyResult p : json.readValue(results, PolicyResult[].class)) {
                if (p.policyId().equals(policyId) && p.status() == PolicyStatus.VIOLATED) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("stored policy results cannot be read", e);
        }
    }

    /** A contains-filter for LIKE, lower case, with LIKE's own characters escaped ('!' is the escape). */
    static String like(String text) {
        return "%" + text.toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
