package dev.warden.vulndb.feed;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.PackageNames;
import dev.warden.core.advisory.Range;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.Json;
import dev.warden.vulndb.Limits;
import dev.warden.vulndb.RecordSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alpine secdb (JSON as secdb.alpinelinux.org publishes it, or the YAML of the alpine-secdb repository),
 * also Wolfi/Chainguard secdb. Secdb is fixed-only: each {@code secfixes} version lists the ids fixed in
 * it; version {@code "0"} means the package was never affected. One advisory per id, one affected entry
 * per (package, fixed version), ecosystem {@code Alpine:v3.19} ({@code Wolfi} when the file names no
 * distro version). Packages are origin (source) packages.
 */
public final class SecdbReader implements FeedReader {

    /** An id inside a secfixes line, which may carry several ids or a comment ("CVE-2019-1 CVE-2019-2"). */
    private static final Pattern ID = Pattern.compile("(CVE-\\d{4}-\\d{4,}|GHSA(-[0-9a-z]{4}){3}|ALPINE-\\d+|[A-Z][A-Z0-9]+-\\d{4}-[0-9A-Za-z-]+)");

    @Override
    public void read(Path path, RecordSink sink) throws IOException {
        JsonNode root;
        try (InputStream in = Inputs.open(path)) {
            byte[] bytes = Inputs.readBounded(in, Limits.MAX_FEED_FILE_BYTES, path.toString());
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml") || (bytes.length > 0 && bytes[0] != '{');
            root = yaml ? Json.readYaml(bytes) : Json.json().readTree(bytes);
        } catch (JacksonException e) {
            throw new WardenException(path + ": broken secdb file (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.path("packages").isArray()) {
            throw new WardenException(path + ": not a secdb file (no 'packages' list)");
        }
        String distroVersion = OsvRecords.text(root, "distroversion");
        String urlPrefix = String.valueOf(OsvRecords.text(root, "urlprefix")).toLowerCase(Locale.ROOT);
        String base = urlPrefix.contains("wolfi") ? "Wolfi" : urlPrefix.contains("chainguard") ? "Chainguard" : "Alpine";
        String ecosystem = distroVersion == null || distroVersion.isBlank() ? base : base + ":" + distroVersion.trim();
        String release = distroVersion == null || distroVersion.isBlank() ? null : distroVersion.trim();
        String file = path.getFileName().toString();

        // id -> package -> fixed versions, in file order
        Map<String, Map<String, Set<String>>> byId = new LinkedHashMap<>();
        for (JsonNode p : root.path("packages")) {
            JsonNode pkg = p.path("pkg");
            String name = OsvRecords.text(pkg, "name");
            if (name == null || name.isBlank()) {
                sink.warn(file + ": package entry without a name: skipped");
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = pkg.path("secfixes").fields(); it.hasNext(); ) {
                var fix = it.next();
                String version = fix.getKey().trim();
                for (JsonNode line : OsvRecords.iterable(fix.getValue())) {
                    Matcher m = ID.matcher(line.asText());
                    boolean any = false;
                    while (m.find()) {
                        any = true;
                        byId.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>())
                                .computeIfAbsent(PackageNames.normalise("Alpine", name), k -> new LinkedHashSet<>()).add(version);
                    }
                    if (!any) {
                        sink.warn(file + " " + name + " " + version + ": no advisory id in '" + OsvRecords.abbreviate(line.asText()) + "': skipped");
                    }
                }
            }
        }
        for (var entry : byId.entrySet()) {
            String id = entry.getKey();
            List<AffectedPackage> affected = new ArrayList<>();
            for (var pkg : entry.getValue().entrySet()) {
                Set<String> versions = pkg.getValue();
                if (versions.contains("0") && versions.size() > 1) {
                    sink.warn(id + " (" + file + " " + pkg.getKey() + "): listed both as not affected (\"0\") and fixed in "
                            + versions.stream().filter(v -> !v.equals("0")).toList() + ": the fixed version(s) are kept");
                    versions = new LinkedHashSet<>(versions);
                    versions.remove("0");
                } else if (versions.size() > 1) {
                    sink.warn(id + " (" + file + " " + pkg.getKey() + "): listed as fixed in several versions " + versions);
                }
                for (String v : versions) {
                    if (v.equals("0")) {
                        affected.add(new AffectedPackage(ecosystem, "apk", pkg.getKey(), List.of(), List.of(),
                                AffectedStatus.NOT_AFFECTED, release, Map.of()));
                    } else {
                        affected.add(new AffectedPackage(ecosystem, "apk", pkg.getKey(),
                                List.of(new Range(Range.RangeType.ECOSYSTEM, null, List.of(
                                        new Range.Event(Range.EventKind.INTRODUCED, "0"), new Range.Event(Range.EventKind.FIXED, v)))),
                                List.of(), AffectedStatus.FIXED, release, Map.of()));
                    }
                }
            }
            sink.advisory(new Advisory(id, List.of(), List.of(), "", "", null, null, null, List.of(), affected, List.of(),
                    FeedKind.ALPINE_SECDB.source()), file);
        }
    }
}
