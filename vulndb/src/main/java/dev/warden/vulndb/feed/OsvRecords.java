package dev.warden.vulndb.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.Ecosystems;
import dev.warden.core.advisory.PackageNames;
import dev.warden.core.advisory.Range;
import dev.warden.core.advisory.Severity;
import dev.warden.vulndb.FeedKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Turns one OSV record (schema 1.x, JSON or YAML tree) into an {@link Advisory}; problems become warnings. */
public final class OsvRecords {

    /** OSV ids are {@code PREFIX-...} of letters, digits, dashes, dots, underscores and colons. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{1,255}");
    /** SemVer 2.0.0 (OSV's SEMVER ranges; a leading {@code v} is tolerated as Go writes it). */
    private static final Pattern SEMVER = Pattern.compile(
            "v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    private OsvRecords() {}

    /**
     * @param origin where the record came from (file or archive entry), for warnings
     * @return empty when the record cannot be used at all (no id); a warning says why
     */
    public static Optional<Advisory> parse(JsonNode node, String origin, Consumer<String> warn) {
        if (node == null || !node.isObject()) {
            warn.accept(origin + ": not an OSV record (expected a JSON/YAML object): skipped");
            return Optional.empty();
        }
        String id = text(node, "id");
        if (id == null || !ID.matcher(id).matches()) {
            warn.accept(origin + ": OSV record without a valid 'id' (" + abbreviate(id) + "): skipped");
            return Optional.empty();
        }
        String where = id + " (" + origin + ")";
        List<String> aliases = new ArrayList<>(strings(node.get("aliases")));
        List<String> related = new ArrayList<>(strings(node.get("related")));
        // OSV 1.7 'upstream': a single upstream id is the same vulnerability seen by a distro
        // (UBUNTU-CVE-2021-3782 -> CVE-2021-3782); several (a USN fixing many CVEs) are only related.
        List<String> upstream = strings(node.get("upstream"));
        if (upstream.size() == 1) {
            aliases.addAll(upstream);
        } else {
            related.addAll(upstream);
        }
        aliases.removeIf(a -> a.equals(id));
        List<Severity> severities = new ArrayList<>();
        String severitySource = id.contains("-") ? id.substring(0, id.indexOf('-')).toLowerCase(Locale.ROOT) : "osv";
        for (JsonNode s : iterable(node.get("severity"))) {
            severity(text(s, "type"), text(s, "score"), severitySource, where, warn).ifPresent(severities::add);
        }
        String dbSeverity = text(node.path("database_specific"), "severity");
        if (dbSeverity != null && !dbSeverity.isBlank()) {
            severities.add(new Severity(severitySource, Severity.SeverityType.RATING, dbSeverity, null));
        }
        List<AffectedPackage> affected = new ArrayList<>();
        int index = 0;
        for (JsonNode a : iterable(node.get("affected"))) {
            affected(a, where + " affected[" + index++ + "]", warn).ifPresent(affected::add);
        }
        List<String> references = new ArrayList<>();
        for (JsonNode r : iterable(node.get("references"))) {
            String url = text(r, "url");
            if (url != null) {
                references.add(url);
            }
        }
        return Optional.of(new Advisory(id, distinct(aliases), distinct(related), text(node, "summary"), text(node, "details"),
                instant(node, "published", where, warn), instant(node, "modified", where, warn),
                instant(node, "withdrawn", where, warn), severities, affected, references, FeedKind.OSV.source()));
    }

    private static Optional<AffectedPackage> affected(JsonNode a, String where, Consumer<String> warn) {
        JsonNode pkg = a.get("package");
        String ecosystem = pkg == null ? null : text(pkg, "ecosystem");
        String name = pkg == null ? null : text(pkg, "name");
        if (ecosystem == null || ecosystem.isBlank() || name == null || name.isBlank()) {
            // OSV allows package-less entries (ranges over a GIT repo only); nothing to match by name
            if (pkg != null) {
                warn.accept(where + ": affected package without ecosystem or name: entry skipped");
            }
            return Optional.empty();
        }
        List<Range> ranges = new ArrayList<>();
        for (JsonNode r : iterable(a.get("ranges"))) {
            range(r, ecosystem, where, warn).ifPresent(ranges::add);
        }
        List<String> versions = strings(a.get("versions"));
        Map<String, String> extra = new LinkedHashMap<>();
        String purl = text(pkg, "purl");
        if (purl != null) {
            extra.put(AffectedPackage.PURL, purl);
        }
        String lastKnown = text(a.path("database_specific"), AffectedPackage.LAST_KNOWN_AFFECTED_RANGE);
        if (lastKnown != null) {
            extra.put(AffectedPackage.LAST_KNOWN_AFFECTED_RANGE, lastKnown);
        }
        for (String key : List.of("severity", "urgency", "priority")) {
            String v = text(a.path("ecosystem_specific"), key);
            if (v != null) {
                extra.put(key, v);
            }
        }
        JsonNode imports = a.path("ecosystem_specific").path("imports");
        if (imports.isArray() && !imports.isEmpty()) {
            List<String> paths = new ArrayList<>();
            imports.forEach(i -> Optional.ofNullable(text(i, "path")).ifPresent(paths::add));
            extra.put("imports", String.join(" ", paths));
        }
        boolean fixable = ranges.stream().anyMatch(r -> r.events().stream().anyMatch(e -> e.kind() == Range.EventKind.FIXED));
        String release = Ecosystems.isOsEcosystem(ecosystem) ? Ecosystems.release(ecosystem) : null;
        return Optional.of(new AffectedPackage(ecosystem.trim(), Ecosystems.purlType(ecosystem), PackageNames.normalise(ecosystem, name),
                ranges, versions, fixable ? AffectedStatus.FIXED : AffectedStatus.AFFECTED, release, extra));
    }

    private static Optional<Range> range(JsonNode r, String ecosystem, String where, Consumer<String> warn) {
        String typeText = text(r, "type");
        Range.RangeType type;
        try {
            type = Range.RangeType.valueOf(typeText == null ? "" : typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            warn.accept(where + ": unknown range type '" + abbreviate(typeText) + "': range skipped");
            return Optional.empty();
        }
        List<Range.Event> events = new ArrayList<>();
        for (JsonNode e : iterable(r.get("events"))) {
            if (!e.isObject() || e.size() != 1) {
                warn.accept(where + ": range event must have exactly one of introduced/fixed/last_affected/limit: event skipped");
                continue;
            }
            var field = e.fields().next();
            Range.EventKind kind;
            try {
                kind = Range.EventKind.valueOf(field.getKey().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                warn.accept(where + ": unknown range event '" + abbreviate(field.getKey()) + "': event skipped");
                continue;
            }
            String version = field.getValue().isValueNode() ? field.getValue().asText().trim() : "";
            if (version.isEmpty()) {
                warn.accept(where + ": empty '" + kind.id() + "' version: event skipped");
                continue;
            }
            if (type == Range.RangeType.SEMVER && !version.equals("0") && !SEMVER.matcher(version).matches()) {
                // kept: dropping a 'fixed' event would turn a bounded range into an open one
                warn.accept(where + ": '" + kind.id() + "' version '" + abbreviate(version) + "' is not SemVer (" + ecosystem + ")");
            }
            events.add(new Range.Event(kind, version));
        }
        if (events.isEmpty()) {
            warn.accept(where + ": range without events: range skipped");
            return Optional.empty();
        }
        if (events.stream().noneMatch(e -> e.kind() == Range.EventKind.INTRODUCED)) {
            warn.accept(where + ": range without an 'introduced' event (OSV requires one)");
        }
        if (events.stream().anyMatch(e -> e.kind() == Range.EventKind.FIXED)
                && events.stream().anyMatch(e -> e.kind() == Range.EventKind.LAST_AFFECTED)) {
            warn.accept(where + ": range has both 'fixed' and 'last_affected' (OSV forbids it); both kept");
        }
        return Optional.of(new Range(type, type == Range.RangeType.GIT ? text(r, "repo") : null, events));
    }

    static Optional<Severity> severity(String type, String value, String source, String where, Consumer<String> warn) {
        if (type == null || value == null || value.isBlank()) {
            warn.accept(where + ": severity without type or score: skipped");
            return Optional.empty();
        }
        Severity.SeverityType t = switch (type.toUpperCase(Locale.ROOT)) {
            case "CVSS_V2" -> Severity.SeverityType.CVSS_V2;
            case "CVSS_V3" -> Severity.SeverityType.CVSS_V3;
            case "CVSS_V4" -> Severity.SeverityType.CVSS_V4;
            default -> Severity.SeverityType.RATING;
        };
        String src = t == Severity.SeverityType.RATING ? type.toLowerCase(Locale.ROOT) : source;
        return Optional.of(new Severity(src, t, value.trim(), null));
    }

    static Instant instant(JsonNode node, String field, String where, Consumer<String> warn) {
        String text = text(node, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                // NVD writes UTC times without a zone: 2022-07-11T13:15:08.503
                return java.time.LocalDateTime.parse(text.trim()).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                warn.accept(where + ": invalid '" + field + "' timestamp '" + abbreviate(text) + "': left empty");
                return null;
            }
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : iterable(array)) {
            if (n.isValueNode() && !n.asText().isBlank()) {
                out.add(n.asText().trim());
            }
        }
        return out;
    }

    static Iterable<JsonNode> iterable(JsonNode array) {
        return array != null && array.isArray() ? array : List.of();
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "none";
        }
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static List<String> distinct(List<String> list) {
        return List.copyOf(new LinkedHashSet<>(list));
    }
}
