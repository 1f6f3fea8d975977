package dev.warden.report;

import dev.warden.core.SafeText;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.Score;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * One self-contained HTML page: summary, a severity chart (inline SVG), policies and score when they ran, and the
 * findings table with filters. Every finding is in the page (suppressed ones hidden until asked for), so the
 * filters work without a server.
 *
 * <p>Names, versions, titles and references come from the image and from advisories, which anyone can write: every
 * one of them goes through {@link #escape}, links keep only http(s) URLs, and the page's Content-Security-Policy
 * allows nothing but its own script and style (by hash), so even a missed escape could not run code or load
 * anything from the network.
 */
public final class HtmlFormat implements ReportFormat {
    /** Violations listed per policy; the rest are counted. A policy over thousands of packages must not bloat the page. */
    static final int MAX_VIOLATIONS_SHOWN = 50;
    /** Width of the severity chart's longest bar, in pixels. */
    private static final int CHART_BAR_WIDTH = 360;

    /** The page's style and script, and the Content-Security-Policy that admits exactly them (by hash). */
    private record Assets(String css, String js, String csp) {
        static Assets load() {
            String css = resource("html/report.css");
            String js = resource("html/report.js");
            return new Assets(css, js, "default-src 'none'; script-src '" + sha256(js) + "'; style-src '" + sha256(css)
                    + "'; img-src data:; base-uri 'none'; form-action 'none'");
        }
    }

    @Override
    public String id() {
        return "html";
    }

    @Override
    public void write(Report report, OutputStream out) throws IOException {
        out.write(render(report).getBytes(StandardCharsets.UTF_8));
    }

    String render(Report report) {
        Assets assets = Assets.load(); // here, not in the constructor: every scan makes every format, few render HTML
        ScanResult scan = report.scan();
        Summary summary = report.summary();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(escape(assets.csp())).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Warden report: ").append(escape(targetName(scan))).append("</title>\n")
                .append("<style>").append(assets.css()).append("</style>\n</head>\n<body>\n");
        header(scan, h);
        dataWarning(report, h);
        h.append("<main>\n");
        summary(summary, h);
        if (report.hasPolicies()) {
            policies(report.policies(), report.score(), h);
        }
        findings(report, h);
        warnings(scan, h);
        h.append("</main>\n<script>").append(assets.js()).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(ScanResult scan, StringBuilder h) {
        ImageInfo image = scan.sbom().image();
        Distro distro = scan.sbom().distro();
        h.append("<header>\n<h1 id=\"target\">").append(escape(targetName(scan))).append("</h1>\n<div class=\"meta\">");
        if (image != null && image.manifestDigest() != null) {
            h.append("Digest <span class=\"mono\" id=\"digest\">").append(escape(image.manifestDigest())).append("</span> &middot; ");
        }
        if (image != null && image.platform() != null) {
            h.append(escape(image.platform().toString())).append(" &middot; ");
        }
        if (distro != null) {
            h.append(escape(distro.prettyName() != null && !distro.prettyName().isBlank() ? distro.prettyName()
                    : distro.id() + " " + distro.versionId())).append(" &middot; ");
        }
        h.append("<span id=\"package-count\">").append(scan.sbom().packages().size()).append("</span> packages");
        if (scan.scannedAt() != null) {
            h.append(" &middot; scanned <time datetime=\"").append(escape(scan.scannedAt().toString())).append("\">")
                    .append(escape(readable(scan.scannedAt()))).append("</time>");
        }
        if (scan.database() != null) { // the data's own date: when it was imported says nothing of how current it is
            h.append(" &middot; advisories of <span id=\"data-date\">").append(escape(ScanResult.DatabaseInfo.dateOf(scan.database().dataDate())))
                    .append("</span>");
        }
        h.append("</div>\n</header>\n");
    }

    /** The sample/stale data banner, above everything a reader might take for a clean bill of health. */
    private static void dataWarning(Report report, StringBuilder h) {
        report.dataCaveat().ifPresent(caveat -> h.append("<div id=\"data-warning\" class=\"banner warning\" role=\"alert\">")
                .append(escape(caveat)).append("</div>\n"));
        report.selectionCaveat().ifPresent(caveat -> h.append("<div id=\"selection-warning\" class=\"banner warning\" role=\"alert\">")
                .append(escape(caveat)).append("</div>\n"));
    }

    private static void summary(Summary summary, StringBuilder h) {
        h.append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"charts\">\n<div class=\"cards\">\n");
        card("total", summary.total(), "vulnerabilities", h);
        card("fixable", summary.fixable(), "fixable", h);
        card("suppressed", summary.suppressed(), "suppressed by VEX", h);
        card("ignored", summary.ignored(), summary.ignored() == 0 ? "ignored"
                : "ignored (" + String.join(", ", summary.ignoreFiles()) + ")", h);
        for (SeverityLevel level : SeverityLevel.values()) {
            card(level.id(), summary.count(level), level.id(), h);
        }
        h.append("</div>\n");
        chart(summary, h);
        h.append("</div>\n</section>\n");
    }

    private static void card(String key, int n, String label, StringBuilder h) {
        h.append("<div class=\"card\"><div class=\"n\" id=\"count-").append(key).append("\">").append(n)
                .append("</div><div class=\"l\">").append(escape(label)).append("</div></div>\n");
    }

    /** Horizontal bars, one per severity, scaled to the largest count. */
    private static void chart(Summary summary, StringBuilder h) {
        int max = 1;
        for (SeverityLevel level : SeverityLevel.values()) {
            max = Math.max(max, summary.count(level));
        }
        int rowHeight = 24;
        int height = rowHeight * SeverityLevel.values().length + 8;
        h.append("<svg id=\"severity-chart\" role=\"img\" aria-label=\"Vulnerabilities by severity\" width=\"")
                .append(CHART_BAR_WIDTH + 160).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
                .append(CHART_BAR_WIDTH + 160).append(' ').append(height).append("\">\n");
        int y = 4;
        for (SeverityLevel level : SeverityLevel.values()) {
            int n = summary.count(level);
            int width = n == 0 ? 0 : Math.max(2, (int) Math.round((double) n * CHART_BAR_WIDTH / max));
            h.append("<text x=\"0\" y=\"").append(y + 15).append("\">").append(level.id()).append("</text>")
                    .append("<rect class=\"bar-").append(level.id()).append("\" data-severity=\"").append(level.id())
                    .append("\" data-count=\"").append(n).append("\" x=\"90\" y=\"").append(y + 2).append("\" width=\"")
                    .append(width).append("\" height=\"").append(rowHeight - 6).append("\"></rect>")
                    .append("<text x=\"").append(96 + width).append("\" y=\"").append(y + 15).append("\">").append(n).append("</text>\n");
            y += rowHeight;
        }
        h.append("</svg>\n");
    }

    private static void policies(List<PolicyResult> policies, Score score, StringBuilder h) {
        h.append("<section id=\"policies\">\n<h2>Policies</h2>\n");
        if (score != null) {
            h.append("<div class=\"score\"><div class=\"grade grade-").append(escape(String.valueOf(score.grade())))
                    .append("\" id=\"grade\">").append(escape(String.valueOf(score.grade()))).append("</div><div>Score <b id=\"score-percent\">")
                    .append(score.percent()).append("%</b> (").append(score.points()).append(" of ").append(score.maximum())
                    .append(" points)</div></div>\n");
        }
        h.append("<table id=\"policy-table\">\n<thead><tr><th>Policy</th><th>Type</th><th>Status</th><th>Points</th><th>Details</th></tr></thead>\n<tbody>\n");
        for (PolicyResult p : policies) {
            h.append("<tr data-status=\"").append(escape(p.status().id())).append("\"><td>").append(escape(p.name()))
                    .append("</td><td class=\"mono\">").append(escape(p.type())).append("</td><td class=\"status-")
                    .append(escape(p.status().id())).append("\">").append(escape(p.status().id().replace('_', ' ')))
                    .append("</td><td>").append(p.weight()).append("</td><td>");
            if (!p.violations().isEmpty()) {
                h.append("<details><summary>").append(p.violations().size())
                        .append(p.violations().size() == 1 ? " violation" : " violations").append("</summary><ul>");
                for (PolicyResult.Violation v : p.violations().subList(0, Math.min(MAX_VIOLATIONS_SHOWN, p.violations().size()))) {
                    h.append("<li><span class=\"mono\">").append(escape(v.item())).append("</span>: ").append(escape(v.reason())).append("</li>");
                }
                if (p.violations().size() > MAX_VIOLATIONS_SHOWN) {
                    h.append("<li>... and ").append(p.violations().size() - MAX_VIOLATIONS_SHOWN).append(" more</li>");
                }
                h.append("</ul></details>");
            } else if (!p.missingData().isEmpty()) {
                h.append("missing: ").append(escape(p.missingData()));
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void findings(Report report, StringBuilder h) {
        List<Finding> all = report.scan().findings();
        h.append("<section id=\"findings-section\">\n<h2>Findings</h2>\n<div class=\"filters\">\n<fieldset><legend>Severity</legend>");
        for (SeverityLevel level : SeverityLevel.values()) {
            h.append("<label><input type=\"checkbox\" name=\"severity\" value=\"").append(level.id()).append("\" id=\"filter-severity-")
                    .append(level.id()).append("\" checked> ").append(level.id()).append("</label> ");
        }
        h.append("</fieldset>\n<label>Fix <select id=\"filter-fix\"><option value=\"any\">any</option>")
                .append("<option value=\"fixable\">fixable</option><option value=\"unfixable\">not fixable</option></select></label>\n")
                .append("<label>Package <select id=\"filter-package\"><option value=\"\">all</option>");
        TreeSet<String> names = new TreeSet<>();
        for (Finding f : all) {
            names.add(packageName(f));
        }
        for (String name : names) {
            h.append("<option value=\"").append(escape(name)).append("\">").append(escape(name)).append("</option>");
        }
        h.append("</select></label>\n<label>Search <input type=\"search\" id=\"filter-text\" placeholder=\"id, package, title\"></label>\n")
                .append("<label><input type=\"checkbox\" id=\"filter-suppressed\"").append(report.options().showSuppressed() ? " checked" : "")
                .append("> show suppressed</label>\n<span class=\"shown\"><span id=\"shown-count\">")
                .append(report.listedFindings().size()).append("</span> of ").append(all.size()).append(" shown</span>\n</div>\n");
        // every header sorts its column (report.js); cells with data-sort sort by that value (severity rank, scores)
        h.append("<table id=\"findings\">\n<thead><tr><th data-type=\"number\">Severity</th><th>Vulnerability</th><th>Package</th>")
                .append("<th>Type</th><th>Installed</th><th>Fixed in</th><th>Location</th><th data-type=\"number\">CVSS</th>")
                .append("<th data-type=\"number\">EPSS</th><th>KEV</th><th>Status</th><th>Title</th><th>VEX</th></tr></thead>\n<tbody>\n");
        for (Finding f : all) {
            row(f, report.options().showSuppressed(), h);
        }
        h.append("</tbody>\n</table>\n<p id=\"no-rows\"").append(report.listedFindings().isEmpty() ? "" : " hidden")
                .append(">No findings match.</p>\n</section>\n");
    }

    private static void row(Finding f, boolean showSuppressed, StringBuilder h) {
        String level = Severities.level(f).id();
        String name = packageName(f);
        String search = String.join(" ", f.allIds()) + " " + name + " " + nullToEmpty(f.pkg() == null ? null : f.pkg().purl()) + " " + f.title();
        h.append("<tr data-severity=\"").append(level).append("\" data-fixable=\"").append(f.fixable())
                .append("\" data-suppressed=\"").append(f.suppressed()).append("\" data-package=\"").append(escape(name))
                .append("\" data-text=\"").append(escape(search.toLowerCase(Locale.ROOT))).append('"')
                .append(f.suppressed() ? " class=\"suppressed\"" : "").append(f.suppressed() && !showSuppressed ? " hidden" : "").append(">")
                .append("<td data-sort=\"").append(Severities.level(f).ordinal()).append("\"><span class=\"sev sev-").append(level)
                .append("\">").append(level).append("</span>");
        Double score = Severities.rating(f).score();
        h.append("</td><td class=\"mono\">");
        String link = Links.of(f.id(), f.references());
        if (isWebUrl(link)) {
            h.append("<a href=\"").append(escape(link)).append("\" rel=\"noopener noreferrer\">").append(breakable(f.id())).append("</a>");
        } else {
            h.append(breakable(f.id()));
        }
        h.append("</td><td class=\"mono\" title=\"").append(escape(f.pkg() == null ? "" : nullToEmpty(f.pkg().purl()))).append("\">")
                .append(breakable(f.pkg() == null ? "" : TableFormat.fullName(f.pkg()))).append("</td><td class=\"mono\">")
                .append(escape(f.pkg() == null ? "" : nullToEmpty(f.pkg().type()))).append("</td><td class=\"mono\">")
                .append(breakable(f.pkg() == null ? "" : nullToEmpty(f.pkg().version())))
                .append("</td><td class=\"mono\">").append(breakable(String.join(", ", f.fixedVersions())))
                .append("</td><td class=\"mono\">").append(breakable(f.pkg() == null ? "" : TableFormat.location(f.pkg())))
                .append("</td><td data-sort=\"").append(score == null ? "-1" : score.toString()).append("\">")
                .append(score == null ? "" : score.toString())
                .append("</td><td data-sort=\"").append(f.epss() == null ? "-1" : Double.toString(f.epss().score())).append("\">")
                .append(f.epss() == null ? "" : String.format(Locale.ROOT, "%.1f%%", f.epss().score() * 100))
                .append("</td><td>").append(f.kev() == null ? "" : "<span class=\"sev sev-critical\" title=\"CISA known exploited, added "
                        + escape(String.valueOf(f.kev().dateAdded())) + "\">KEV</span>")
                .append("</td><td>").append(escape(f.status() == null ? "affected" : f.status().id()))
                .append("</td><td>").append(escape(f.title())).append("</td><td class=\"vex\">");
        if (f.vex() != null) {
            var s = f.vex().statement();
            h.append(escape(Suppressions.status(s)));
            if (s.justification() != null) {
                h.append(": ").append(escape(s.justification()));
            }
            if (s.document() != null) {
                h.append("<br><span class=\"mono\">").append(escape(s.document())).append("</span>");
            }
        }
        h.append("</td></tr>\n");
    }

    private static void warnings(ScanResult scan, StringBuilder h) {
        if (scan.warnings().isEmpty()) {
            return;
        }
        h.append("<section id=\"warnings\">\n<details><summary>").append(scan.warnings().size())
                .append(scan.warnings().size() == 1 ? " warning" : " warnings").append("</summary><ul class=\"warnings\">");
        for (String w : scan.warnings()) {
            h.append("<li>").append(escape(w)).append("</li>");
        }
        h.append("</ul></details>\n</section>\n");
    }

    private static String targetName(ScanResult scan) {
        ImageInfo image = scan.sbom().image();
        return image == null || image.reference() == null || image.reference().isBlank() ? "(unnamed)" : image.reference();
    }

    /** {@code 2026-11-28 21:00 UTC}: what a reader scans for, where ISO's T and seconds only get in the way. */
    static String readable(java.time.Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC).format(t);
    }

    private static String packageName(Finding f) {
        return f.pkg() == null || f.pkg().name() == null ? "" : f.pkg().name();
    }

    private static boolean isWebUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Text and attribute values (always double-quoted here): the five characters HTML gives meaning to. */
    /** Where a long name, version or path may wrap: after these, as a person would split it, never inside a word. */
    private static final String WRAP_AFTER = "/.-:@_";
    /**
     * Text this short never needs to wrap (a column is wider): it gets no {@code <wbr>}, which keeps the page's node count
     * and the filters' re-layout near what they were (5,000 findings: 2.7 s before any {@code <wbr>}, 3.8-4.5 s with one
     * after every separator, in headless Chromium on the loaded build machine).
     */
    private static final int WRAP_MIN_LENGTH = 24;

    /**
     * {@code text} escaped, with a line-break opportunity ({@code <wbr>}) after each separator: the cells' CSS breaks a
     * word only when one piece is wider than its column.
     */
    static String breakable(String text) {
        String escaped = escape(text);
        if (escaped.length() <= WRAP_MIN_LENGTH) {
            return escaped;
        }
        StringBuilder out = new StringBuilder(escaped.length() + 32);
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            out.append(c);
            if (WRAP_AFTER.indexOf(c) >= 0 && i + 1 < escaped.length()) {
                out.append("<wbr>");
            }
        }
        return out.toString();
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        text = SafeText.cleanLines(text); // control characters from the image or a feed, shown as escapes
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlFormat.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + HtmlFormat.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CSP source expression of an inline script or style: its exact text, hashed. */
    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
