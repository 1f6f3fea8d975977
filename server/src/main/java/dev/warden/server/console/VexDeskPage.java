package dev.warden.server.console;

import dev.warden.core.WardenException;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import dev.warden.match.vex.OpenVexJustification;
import dev.warden.server.ApiProblem;
import dev.warden.server.Role;
import dev.warden.server.VexDesk;
import dev.warden.server.VexStore;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The VEX desk ({@code /vex}): statements by state; a developer proposes one (from a finding: the image page links
 * here with the finding filled in); the security role approves or rejects each proposal with a comment. A developer is
 * not offered the decision, and a forced POST is refused by the route's role. Made through {@link VexDesk}, as the API
 * does, so an approval re-judges the stored images at once and every step is in the audit log.
 */
public final class VexDeskPage {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern PRODUCT_DIGEST = Pattern.compile("sha(256:[0-9a-f]{64}|512:[0-9a-f]{128})");
    /** The form's free texts: as the API's limit. */
    private static final int MAX_TEXT = 8_000;

    /** One tab: a state, its link, whether it is shown now. */
    public record Tab(String state, String href, boolean current) {}

    /** One statement as the table shows it; {@code imageHref} null when it names no stored image. */
    public record Row(String id, String state, String vulnerability, String status, String justification, String impact, String action,
                      List<String> products, List<String> subcomponents, String image, String imageHref, String reviewDate,
                      String createdBy, Instant createdAt, String decidedBy, Instant decidedAt, String comment, boolean decidable) {}

    /** The proposal form's fields, as given (kept when the form comes back with a problem). */
    public record Proposal(String vulnerability, String product, String subcomponent, String status, String justification, String impact,
                           String action, String reviewDate, String image) {
        static final Proposal EMPTY = new Proposal("", "", "", "not_affected", "", "", "", "", "");
    }

    public record Model(Frame frame, String state, List<Tab> tabs, List<Row> rows, String previous, String next, boolean canPropose,
                        boolean canDecide, Proposal proposal, List<String> statuses, List<String> justifications, String problem, String notice) {}

    private final VexStore vex;
    private final VexDesk desk;
    private final Views views;

    public VexDeskPage(VexStore vex, VexDesk desk, Views views) {
        this.vex = vex;
        this.desk = desk;
        this.views = views;
    }

    public List<ConsoleRoute> routes() {
        return List.of(
                new ConsoleRoute(HandlerType.GET, "/vex", Role.VIEWER, this::show),
                new ConsoleRoute(HandlerType.POST, "/vex/propose", Role.DEVELOPER, this::propose),
                new ConsoleRoute(HandlerType.POST, "/vex/{id}/approve", Role.SECURITY, r -> decide(r, true)),
                new ConsoleRoute(HandlerType.POST, "/vex/{id}/reject", Role.SECURITY, r -> decide(r, false)));
    }

    private void show(ConsoleRequest r) {
        String state = r.query("state");
        if (state != null && !VexStore.STATES.contains(state)) {
            throw ConsoleProblem.badRequest("state must be one of " + String.join(", ", VexStore.STATES) + ".");
        }
        // from a finding: the image page links here with the finding's image, vulnerability and package
        Proposal from = new Proposal(orEmpty(r.query("vuln")), orEmpty(r.query("product")), orEmpty(r.query("subcomponent")), "not_affected",
                "", "", "", "", orEmpty(r.query("image")));
        String notice = switch (orEmpty(r.query("done"))) {
            case "proposed" -> "Proposed. It applies once the security team approves it.";
            case "approved" -> "Approved: it applies now. " + orEmpty(r.query("rejudged")) + " stored image(s) re-judged.";
            case "rejected" -> "Rejected. The developer sees your comment here.";
            default -> null;
        };
        render(r, 200, state == null ? "proposed" : state, from, null, notice);
    }

    private void render(ConsoleRequest r, int status, String state, Proposal proposal, String problem, String notice) {
        Frame frame = new Frame("VEX desk", "vex", r.session());
        boolean canDecide = frame.can(Role.SECURITY);
        List<Tab> tabs = VexStore.STATES.stream().map(s -> new Tab(s, "/vex?state=" + s, s.equals(state))).toList();
        int offset = r.ctx().method() == HandlerType.GET ? r.offset() : 0;
        List<Row> rows = vex.list(state, Instant.now(), ConsoleLimits.PAGE_ROWS + 1, offset).stream().map(s -> row(s, canDecide)).toList();
        String previous = offset > 0 ? "/vex?state=" + state + "&offset=" + Math.max(0, offset - ConsoleLimits.PAGE_ROWS) : null;
        String next = rows.size() > ConsoleLimits.PAGE_ROWS ? "/vex?state=" + state + "&offset=" + (offset + ConsoleLimits.PAGE_ROWS) : null;
        rows = rows.subList(0, Math.min(rows.size(), ConsoleLimits.PAGE_ROWS));
        views.render(r.ctx(), status, "vex.jte", new Model(frame, state, tabs, rows, previous, next, frame.can(Role.DEVELOPER), canDecide, proposal,
                Arrays.stream(VexStatus.values()).map(VexStatus::id).toList(), OpenVexJustification.ALL, problem, notice));
    }

    private static Row row(VexStore.Stored s, boolean canDecide) {
        VexStatement st = s.statement();
        String image = s.sourceDigest();
        return new Row(s.id(), s.state(), st.vulnerability(), st.status().id(), st.justification(), st.impactStatement(), st.actionStatement(),
                st.products(), st.subcomponents(), image, image == null ? null : "/images/" + image, s.reviewDate() == null ? null : s.reviewDate().toString(),
                s.createdBy(), s.createdAt(), s.decidedBy(), s.decidedAt(), s.comment(), canDecide && s.state().equals("proposed"));
    }

    private void propose(ConsoleRequest r) {
        Proposal p = new Proposal(field(r, "vulnerability"), field(r, "product"), field(r, "subcomponent"), field(r, "status"),
                field(r, "justification"), field(r, "impact"), field(r, "action"), field(r, "reviewDate"), field(r, "image"));
        try {
            VexStatement statement = statement(p);
            LocalDate review = p.reviewDate().isEmpty() ? null : LocalDate.parse(p.reviewDate());
            desk.propose(statement, p.image().isEmpty() ? null : p.image(), review, r.session().principal().name());
        } catch (ApiProblem e) {
            render(r, e.status(), "proposed", p, e.getMessage(), null);
            return;
        } catch (WardenException | DateTimeParseException e) {
            render(r, 400, "proposed", p, e instanceof DateTimeParseException ? "The review date must be a day, YYYY-MM-DD." : e.getMessage(), null);
            return;
        }
        r.ctx().redirect("/vex?state=proposed&done=proposed", HttpStatus.SEE_OTHER);
    }

    /** The form as a statement, checked as the API checks a proposal; {@link WardenException} naming the field otherwise. */
    private static VexStatement statement(Proposal p) {
        if (p.vulnerability().isEmpty() || p.vulnerability().length() > 256) {
            throw new WardenException("Give the vulnerability's id (CVE-..., GHSA-...).");
        }
        for (String named : List.of(p.product(), p.subcomponent())) {
            if (!named.isEmpty() && !named.startsWith("pkg:") && !PRODUCT_DIGEST.matcher(named).matches()) {
                throw new WardenException("'" + named + "' is neither a purl (pkg:deb/debian/zlib1g) nor an image digest (sha256:...).");
            }
        }
        if (p.product().isEmpty()) {
            throw new WardenException("Give the product: the image's digest or a package purl.");
        }
        if (!p.image().isEmpty() && !DIGEST.matcher(p.image()).matches()) {
            throw new WardenException("The image must be a stored image's digest (sha256:...).");
        }
        VexStatus status = Arrays.stream(VexStatus.values()).filter(s -> s.id().equals(p.status())).findFirst()
                .orElseThrow(() -> new WardenException("Choose a status."));
        for (String text : List.of(p.impact(), p.action())) {
            if (text.length() > MAX_TEXT) {
                throw new WardenException("A statement's text is at most " + MAX_TEXT + " characters.");
            }
        }
        return new VexStatement(p.vulnerability(), List.of(), List.of(p.product()), p.subcomponent().isEmpty() ? List.of() : List.of(p.subcomponent()),
                status, blankToNull(p.justification()), blankToNull(p.impact()), blankToNull(p.action()), null, null);
    }

    private void decide(ConsoleRequest r, boolean approve) {
        String id = r.ctx().pathParam("id");
        String comment = field(r, "comment");
        if (comment.length() > MAX_TEXT) {
            render(r, 400, "proposed", Proposal.EMPTY, "A comment is at most " + MAX_TEXT + " characters.", null);
            return;
        }
        try {
            if (approve) {
                VexDesk.Decision d = desk.approve(id, blankToNull(comment), null, r.session().principal().name());
                r.ctx().redirect("/vex?state=approved&done=approved&rejudged=" + d.rejudged().images().size(), HttpStatus.SEE_OTHER);
            } else {
                desk.reject(id, blankToNull(comment), r.session().principal().name());
                r.ctx().redirect("/vex?state=rejected&done=rejected", HttpStatus.SEE_OTHER);
            }
        } catch (ApiProblem e) {
            if (e.status() == 404) {
                throw ConsoleProblem.notFound("There is no VEX statement with that id.");
            }
            render(r, e.status(), "proposed", Proposal.EMPTY, e.getMessage(), null);
        }
    }

    private static String field(ConsoleRequest r, String name) {
        String v = r.field(name);
        return v == null ? "" : v.strip();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The link from a finding to the proposal form, filled in. */
    public static String proposeHref(String digest, String vulnerability, String purl) {
        return "/vex?image=" + enc(digest) + "&vuln=" + enc(vulnerability) + "&product=" + enc(digest) + "&subcomponent=" + enc(purl) + "#propose";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
