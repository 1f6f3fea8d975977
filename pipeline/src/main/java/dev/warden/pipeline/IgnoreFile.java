package dev.warden.pipeline;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warden.core.Location;
import dev.warden.core.WardenException;
import dev.warden.core.finding.Finding;
import dev.warden.core.vex.VexDecision;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A team's list of findings set aside, for teams that do not write VEX yet: Warden's {@code .wardenignore} and Trivy's
 * two formats, read as Trivy reads them.
 * <ul>
 *   <li>Text ({@code .trivyignore}): one vulnerability id a line, optionally {@code exp:YYYY-MM-DD}; {@code #} starts a
 *       comment, and the comment lines just above an id are its reason (as Trivy's own examples write them).</li>
 *   <li>YAML ({@code .wardenignore}, {@code .trivyignore.yaml}): {@code vulnerabilities:} a list of {@code id}, optional
 *       {@code purls}, {@code paths} (globs), {@code statement} (or {@code reason}) and {@code expired_at} (or
 *       {@code expires}).</li>
 * </ul>
 * An entry applies before its expiry date, not on or after it; expired entries are reported so they get renewed or
 * removed. A finding set aside keeps its place in every report as suppressed, with status {@code ignored}, the reason
 * and the file and line it came from.
 */
public final class IgnoreFile {
    /** The names looked for in the working directory when {@code --ignorefile} is not given, first found wins. */
    public static final List<String> DEFAULT_NAMES = List.of(".wardenignore", ".wardenignore.yaml", ".trivyignore.yaml", ".trivyignore");
    /** Real ignore files hold tens of entries; 1 MiB is far past any, and bounds what a wrong file name reads. */
    static final long MAX_BYTES = 1 << 20;
    /** Entries in one file. */
    static final int MAX_ENTRIES = 10_000;
    /** YAML nesting: the format is three levels deep. */
    static final int MAX_DEPTH = 16;

    private static final Set<String> ENTRY_KEYS = Set.of("id", "purls", "paths", "statement", "reason", "expired_at", "expires");
    /** Sections of Trivy's YAML Warden has no findings for; they are named in a warning, not silently dropped. */
    private static final Set<String> OTHER_SECTIONS = Set.of("misconfigurations", "secrets", "licenses");

    /**
     * One entry.
     *
     * @param where   file and line (text) or entry number (YAML), for messages and reports
     * @param expires the first day it no longer applies, or null
     */
    public record Entry(String id, List<String> purls, List<String> paths, String reason, LocalDate expires, String where) {
        public Entry {
            purls = List.copyOf(purls);
            paths = List.copyOf(paths);
        }

        boolean expiredOn(LocalDate today) {
            return expires != null && !today.isBefore(expires);
        }
    }

    private final Path file;
    private final List<Entry> entries;
    private final List<String> warnings;

    private IgnoreFile(Path file, List<Entry> entries, List<String> warnings) {
        this.file = file;
        this.entries = List.copyOf(entries);
        this.warnings = List.copyOf(warnings);
    }

    public Path file() {
        return file;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The ignore file of the working directory, if it has one of {@link #DEFAULT_NAMES}. */
    public static java.util.Optional<Path> findIn(Path dir) {
        return DEFAULT_NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst();
    }

    /** Reads an ignore file; a missing, oversized or malformed one is a {@link WardenException} naming it. */
    public static IgnoreFile read(Path file) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new WardenException("--ignorefile " + file + ": no such file" + (file.isAbsolute() ? ""
                        : " (relative to the working directory " + Path.of("").toAbsolutePath() + ")"));
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
        } catch (IOException e) {
            throw new WardenException(file + ": cannot read ignore file: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new WardenException(file + ": ignore file larger than the limit of " + MAX_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml") || looksLikeYaml(text);
        return yaml ? readYaml(file, text) : readText(file, text);
    }

    /** The first line that is not blank or a comment opens a YAML document ("---") or section ("vulnerabilities:"). */
    private static boolean looksLikeYaml(String text) {
        for (String line : text.split("\r?\n")) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                return s.equals("---") || s.matches("[a-z_]+:.*");
            }
        }
        return false;
    }

    private static IgnoreFile readText(Path file, String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> reason = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\r?\n", -1)) {
            lineNumber++;
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                reason.clear();
                continue;
            }
            if (stripped.startsWith("#")) {
                reason.add(stripped.substring(1).strip());
                continue;
            }
            String where = file + ":" + lineNumber;
            String[] fields = stripped.split("\\s+");
            LocalDate expires = null;
            for (int i = 1; i < fields.length; i++) {
                if (fields[i].startsWith("#")) {
                    break;
                }
                if (!fields[i].startsWith("exp:")) {
                    throw new WardenException(where + ": unexpected '" + fields[i] + "' after the id (only exp:YYYY-MM-DD may follow)");
                }
                expires = date(fields[i].substring(4), where);
            }
            add(entries, new Entry(fields[0], List.of(), List.of(), reason.isEmpty() ? null : String.join(" ", reason), expires, where), file);
            reason.clear();
        }
        return new IgnoreFile(file, entries, List.of());
    }

    private static IgnoreFile readYaml(Path file, String text) {
        JsonNode root;
        try {
            YAMLFactory factory = YAMLFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();
            root = new ObjectMapper(factory).readTree(text);
        } catch (IOException e) {
            throw new WardenException(file + ": not a valid YAML ignore file: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        List<Entry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new IgnoreFile(file, entries, warnings);
        }
        if (!root.isObject()) {
            throw new WardenException(file + ": expected a mapping with 'vulnerabilities:'");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (OTHER_SECTIONS.contains(key)) {
                warnings.add(file + ": section '" + key + "' is not applied (Warden's ignore file sets aside vulnerabilities)");
            } else if (!key.equals("vulnerabilities")) {
                throw new WardenException(file + ": unknown key '" + key + "' (expected vulnerabilities)");
            }
        }
        JsonNode list = root.path("vulnerabilities");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw new WardenException(file + ": 'vulnerabilities' must be a list");
        }
        int n = 0;
        for (JsonNode item : list) {
            n++;
            String where = file + ": vulnerabilities[" + n + "]";
            if (!item.isObject()) {
                throw new WardenException(where + ": expected a mapping with 'id'");
            }
            for (Iterator<String> keys = item.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!ENTRY_KEYS.contains(key)) {
                    throw new WardenException(where + ": unknown key '" + key + "' (expected " + String.join(", ", new java.util.TreeSet<>(ENTRY_KEYS)) + ")");
                }
            }
            String id = item.path("id").asText("").strip();
            if (id.isEmpty()) {
                throw new WardenException(where + ": no id");
            }
            String reason = item.hasNonNull("statement") ? item.get("statement").asText() : item.hasNonNull("reason") ? item.get("reason").asText() : null;
            String expiry = item.hasNonNull("expired_at") ? item.get("expired_at").asText() : item.hasNonNull("expires") ? item.get("expires").asText() : null;
            add(entries, new Entry(id, strings(item.path("purls"), where + ".purls"), strings(item.path("paths"), where + ".paths"),
                    reason, expiry == null ? null : date(expiry, where), where), file);
        }
        return new IgnoreFile(file, entries, warnings);
    }

    private static void add(List<Entry> entries, Entry entry, Path file) {
        if (entries.size() >= MAX_ENTRIES) {
            throw new WardenException(file + ": more than " + MAX_ENTRIES + " entries");
        }
        entries.add(entry);
    }

    private static List<String> strings(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new WardenException(where + ": expected a list");
        }
        List<String> out = new ArrayList<>();
        node.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static LocalDate date(String text, String where) {
        try {
            // YAML may give a timestamp (2024-01-01T00:00:00Z): its day is what counts
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw new WardenException(where + ": expiry '" + text + "' is not a date (YYYY-MM-DD)");
        }
    }

    /** What applying the file did: the findings (those set aside carry an {@code ignored} decision) and warnings. */
    public record Applied(List<Finding> findings, List<String> warnings) {}

    /**
     * Sets aside each finding an entry names that is not already suppressed by VEX (VEX, the stronger statement, wins).
     * Entries expired on {@code today} no longer apply and each gives one warning.
     */
    public Applied apply(List<Finding> findings, LocalDate today) {
        List<String> out = new ArrayList<>(warnings);
        List<Entry> active = new ArrayList<>();
        for (Entry e : entries) {
            if (e.expiredOn(today)) {
                out.add(e.where() + ": " + e.id() + " expired on " + e.expires() + " and is no longer ignored; renew or remove it");
            } else {
                active.add(e);
            }
        }
        if (active.isEmpty()) {
            return new Applied(findings, out);
        }
        List<Finding> result = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            Entry match = f.suppressed() ? null : active.stream().filter(e -> matches(e, f)).findFirst().orElse(null);
            result.add(match == null ? f : f.withVex(new VexDecision(statement(match), f.pkg().purl() != null ? f.pkg().purl() : f.pkg().name())));
        }
        return new Applied(result, out);
    }

    private static VexStatement statement(Entry e) {
        String document = e.where() + (e.expires() == null ? "" : " (until " + e.expires() + ")");
        return new VexStatement(e.id(), List.of(), e.purls(), List.of(), VexStatus.IGNORED, null, e.reason(), null, null, document);
    }

    static boolean matches(Entry e, Finding f) {
        if (f.allIds().stream().noneMatch(id -> id.equalsIgnoreCase(e.id()))) {
            return false;
        }
        if (!e.purls().isEmpty() && e.purls().stream().noneMatch(p -> samePackage(p, f.pkg().purl()))) {
            return false;
        }
        return e.paths().isEmpty() || e.paths().stream().anyMatch(glob -> f.pkg().locations().stream().anyMatch(l -> pathMatches(glob, l)));
    }

    /** A purl without version names every version; qualifiers and subpath are not compared (as Trivy compares). */
    private static boolean samePackage(String wanted, String actual) {
        if (actual == null) {
            return false;
        }
        String w = withoutQualifiers(wanted);
        String a = withoutQualifiers(actual);
        if (w.contains("@")) {
            return w.equalsIgnoreCase(a);
        }
        int at = a.indexOf('@');
        return w.equalsIgnoreCase(at < 0 ? a : a.substring(0, at));
    }

    private static String withoutQualifiers(String purl) {
        String p = purl.strip();
        for (char c : new char[] {'?', '#'}) {
            int i = p.indexOf(c);
            if (i >= 0) {
                p = p.substring(0, i);
            }
        }
        return p;
    }

    private static boolean pathMatches(String glob, Location location) {
        if (location.path() == null) {
            return false;
        }
        String path = location.path().replaceFirst("^/+", "");
        String pattern = glob.strip().replaceFirst("^/+", "");
        if (pattern.equals(path)) {
            return true;
        }
        try {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            return matcher.matches(Path.of(path));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
