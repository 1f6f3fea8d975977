package dev.warden.vulndb.feed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.PackageNames;
import dev.warden.core.advisory.Range;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.Json;
import dev.warden.vulndb.RecordSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Debian Security Tracker JSON ({@code https://security-tracker.debian.org/tracker/data/json}):
 * {@code {source-package: {CVE: {description, releases: {codename: {status, fixed_version, urgency,
 * nodsa, nodsa_reason}}}}}}. Read as a stream, one source package at a time.
 *
 * <p>One advisory per (CVE, source package), written to ecosystem {@code Debian:<number>}; the store
 * merges the packages of one CVE. Status per release:
 * <ul>
 *   <li>resolved, fixed_version {@code 0}: not_affected (the release never shipped the bug)</li>
 *   <li>resolved, fixed_version V: fixed (range introduced 0, fixed V)</li>
 *   <li>open/undetermined with urgency {@code unimportant}: will_not_fix; {@code end-of-life}: end_of_life;
 *       {@code nodsa_reason} postponed: fix_deferred; ignored or any other no-dsa: will_not_fix;
 *       otherwise affected ({@code tracker_status} in extra says open or undetermined)</li>
 * </ul>
 */
public final class DebianTrackerReader implements FeedReader {

    /** Debian codenames to version numbers (distro-info-data debian.csv); sid and experimental have none. */
    private static final Map<String, String> RELEASES = Map.ofEntries(
            Map.entry("wheezy", "7"), Map.entry("jessie", "8"), Map.entry("stretch", "9"), Map.entry("buster", "10"),
            Map.entry("bullseye", "11"), Map.entry("bookworm", "12"), Map.entry("trixie", "13"),
            Map.entry("forky", "14"), Map.entry("duke", "15"));

    public static final String TRACKER_STATUS = "tracker_status";
    public static final String NODSA = "nodsa";

    private final ObjectMapper json = Json.json();

    @Override
    public void read(Path path, RecordSink sink) throws IOException {
        try (InputStream in = Inputs.open(path); JsonParser parser = json.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new WardenException(path + ": not a Debian Security Tracker JSON file (expected an object of source packages)");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String pkg = parser.currentName();
                parser.nextToken();
                JsonNode cves = parser.readValueAsTree();
                if (cves == null || !cves.isObject()) {
                    sink.warn(path.getFileName() + ": package '" + OsvRecords.abbreviate(pkg) + "' is not an object: skipped");
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = cves.fields(); it.hasNext(); ) {
                    var cve = it.next();
                    advisory(pkg, cve.getKey(), cve.getValue(), sink);
                }
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new WardenException(path + ": broken or truncated Debian tracker JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    private void advisory(String pkg, String cve, JsonNode node, RecordSink sink) {
        String where = cve + " (debian-tracker " + pkg + ")";
        if (!node.isObject()) {
            sink.warn(where + ": not an object: skipped");
            return;
        }
        String name = PackageNames.normalise("Debian", pkg);
        List<AffectedPackage> affected = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("releases").fields(); it.hasNext(); ) {
            var release = it.next();
            String codename = release.getKey().toLowerCase(Locale.ROOT);
            String number = RELEASES.getOrDefault(codename, codename);
            JsonNode r = release.getValue();
            String status = OsvRecords.text(r, "status");
            String fixed = OsvRecords.text(r, "fixed_version");
            String urgency = OsvRecords.text(r, "urgency");
            String urgencyClean = urgency == null ? "" : urgency.replace("*", "").trim().toLowerCase(Locale.ROOT);
            String nodsa = OsvRecords.text(r, "nodsa");
            String nodsaReason = OsvRecords.text(r, "nodsa_reason");
            Map<String, String> extra = new LinkedHashMap<>();
            if (!urgencyClean.isEmpty()) {
                extra.put(AffectedPackage.URGENCY, urgencyClean);
            }
            if (status != null) {
                extra.put(TRACKER_STATUS, status);
            }
            if (nodsa != null) {
                extra.put(NODSA, nodsaReason != null && !nodsaReason.isBlank() ? nodsaReason : nodsa);
            }
            AffectedStatus st;
            List<Range> ranges = List.of();
            if ("resolved".equals(status)) {
                if (fixed == null || fixed.isBlank()) {
                    sink.warn(where + " " + codename + ": resolved without a fixed_version: release skipped");
                    continue;
                }
                if (fixed.equals("0")) {
                    st = AffectedStatus.NOT_AFFECTED;
                } else {
                    st = AffectedStatus.FIXED;
                    ranges = List.of(new Range(Range.RangeType.ECOSYSTEM, null, List.of(
                            new Range.Event(Range.EventKind.INTRODUCED, "0"), new Range.Event(Range.EventKind.FIXED, fixed))));
                }
            } else if ("open".equals(status) || "undetermined".equals(status)) {
                st = openStatus(urgencyClean, nodsa, nodsaReason);
            } else {
                sink.warn(where + " " + codename + ": unknown status '" + OsvRecords.abbreviate(status) + "': release skipped");
                continue;
            }
            affected.add(new AffectedPackage("Debian:" + number, "deb", name, ranges, List.of(), st, number, extra));
        }
        String description = OsvRecords.text(node, "description");
        sink.advisory(new Advisory(cve, List.of(), List.of(), description, description, null, null, null, List.of(),
                affected, List.of("https://security-tracker.debian.org/tracker/" + cve), FeedKind.DEBIAN_TRACKER.source()),
                "debian-tracker " + pkg);
    }

    private static AffectedStatus openStatus(String urgency, String nodsa, String nodsaReason) {
        if (urgency.equals("unimportant")) {
            return AffectedStatus.WILL_NOT_FIX;
        }
        if (urgency.equals("end-of-life")) {
            return AffectedStatus.END_OF_LIFE;
        }
        if ("postponed".equals(nodsaReason)) {
            return AffectedStatus.FIX_DEFERRED;
        }
        if (nodsa != null || "ignored".equals(nodsaReason)) {
            return AffectedStatus.WILL_NOT_FIX;
        }
        return AffectedStatus.AFFECTED;
    }
}
