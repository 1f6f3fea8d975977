package dev.warden.vulndb.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.Range;
import dev.warden.core.advisory.Severity;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.Json;
import dev.warden.vulndb.feed.FeedFormats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming advisory documents against the format Jackson's data binding wrote before them (the reference:
 * {@link Json#store()}, which databases made by earlier versions hold): on every document of real feeds (the whole Go
 * vulnerability database, the whole PyPA database, GitHub advisories, Debian tracker, Alpine secdb, Ubuntu OSV, NVD),
 * and on generated records with the awkward values (nulls, escapes, non-ASCII, many map keys, odd numbers).
 */
class AdvisoryDocumentsTest {
    private static final ObjectMapper REFERENCE = Json.store();

    @TempDir
    Path tmp;

    private static final Map<String, FeedKind> FEEDS = new LinkedHashMap<>();

    static {
        FEEDS.put("go-vulndb-osv-all.tar.gz", FeedKind.OSV);
        FEEDS.put("pypa-advisory-db-all.tar.gz", FeedKind.OSV);
        FEEDS.put("ubuntu-osv-UBUNTU-CVE-2021-3782.json", FeedKind.OSV);
        FEEDS.put("debian-security-tracker-sample.json", FeedKind.DEBIAN_TRACKER);
        FEEDS.put("alpine-secdb-v3.11-main.yaml", FeedKind.ALPINE_SECDB);
        FEEDS.put("wolfi-secdb-sample.json", FeedKind.ALPINE_SECDB);
        FEEDS.put("nvd-api2-full-page.json", FeedKind.NVD);
    }

    @Test
    void realFeedsReadAndWriteExactlyAsDataBindingDid() throws Exception {
        Path db = tmp.resolve("warden.db");
        try (AdvisoryStore store = AdvisoryStore.open(Database.sqlite(db))) {
            for (var feed : FEEDS.entrySet()) {
                Path file = copy(feed.getKey());
                store.importFeed(feed.getKey(), feed.getValue(), true, null, n -> { },
                        sink -> FeedFormats.reader(feed.getValue()).read(file, sink));
            }
            Path ghsa = Files.createDirectories(tmp.resolve("ghsa"));
            for (String name : List.of("GHSA-269g-pwp5-87pp.json", "GHSA-4jrv-ppp4-jm57.json", "GHSA-fp5r-v3w9-4333.json")) {
                copy("ghsa/" + name, ghsa.resolve(name));
            }
            store.importFeed("ghsa", FeedKind.OSV, true, null, n -> { }, sink -> FeedFormats.reader(FeedKind.OSV).read(ghsa, sink));
        }
        int advisories = 0;
        int affected = 0;
        int nvd = 0;
        try (Connection c = Database.sqlite(db).connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT doc FROM advisory")) {
                while (rs.next()) {
                    String doc = rs.getString(1);
                    Advisory reference = REFERENCE.readValue(doc, Advisory.class);
                    assertThat(AdvisoryDocuments.readAdvisory(doc)).isEqualTo(reference);
                    assertThat(AdvisoryDocuments.write(reference)).isEqualTo(REFERENCE.writeValueAsString(reference)).isEqualTo(doc);
                    advisories++;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT doc FROM affected")) {
                while (rs.next()) {
                    String doc = rs.getString(1);
                    AffectedPackage reference = REFERENCE.readValue(doc, AffectedPackage.class);
                    assertThat(AdvisoryDocuments.readAffected(doc)).isEqualTo(reference);
                    assertThat(AdvisoryDocuments.write(reference)).isEqualTo(REFERENCE.writeValueAsString(reference)).isEqualTo(doc);
                    affected++;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT doc FROM nvd")) {
                while (rs.next()) {
                    String doc = rs.getString(1);
                    List<Severity> reference = REFERENCE.readValue(doc, new TypeReference<List<Severity>>() { });
                    assertThat(AdvisoryDocuments.readSeverities(doc)).isEqualTo(reference);
                    assertThat(AdvisoryDocuments.writeSeverities(reference)).isEqualTo(REFERENCE.writeValueAsString(reference)).isEqualTo(doc);
                    nvd++;
                }
            }
        }
        // the whole Go and PyPA databases are in: thousands of records, not a handful
        assertThat(advisories).isGreaterThan(6_000);
        assertThat(affected).isGreaterThan(advisories);
        assertThat(nvd).isPositive();
    }

    @Test
    void generatedRecordsRoundTripLikeDataBinding() throws Exception {
        Random random = new Random(20261129);
        for (int i = 0; i < 2_000; i++) {
            Advisory a = advisory(random);
            String reference = REFERENCE.writeValueAsString(a);
            assertThat(AdvisoryDocuments.write(a)).isEqualTo(reference);
            assertThat(AdvisoryDocuments.readAdvisory(reference)).isEqualTo(REFERENCE.readValue(reference, Advisory.class)).isEqualTo(a);
            for (AffectedPackage p : a.affected()) {
                String doc = REFERENCE.writeValueAsString(p);
                assertThat(AdvisoryDocuments.write(p)).isEqualTo(doc);
                assertThat(AdvisoryDocuments.readAffected(doc)).isEqualTo(p);
            }
            String severities = REFERENCE.writeValueAsString(a.severities());
            assertThat(AdvisoryDocuments.writeSeverities(a.severities())).isEqualTo(severities);
            assertThat(AdvisoryDocuments.readSeverities(severities)).isEqualTo(a.severities());
        }
    }

    @Test
    void readsFieldsInAnyOrderSkippingUnknownOnesAndMissingLists() throws Exception {
        // fields in another order, unknown fields (objects and arrays among them), a score as text, lists left out
        String doc = "{\"source\":\"osv\",\"future\":{\"a\":[1,{\"b\":null}]},\"id\":\"X-1\",\"published\":\"2023-11-14T22:13:20Z\","
                + "\"severities\":[{\"type\":\"CVSS_V3\",\"score\":\"7.5\",\"extra\":[]}]}";
        Advisory read = AdvisoryDocuments.readAdvisory(doc);
        assertThat(read).isEqualTo(new Advisory("X-1", List.of(), List.of(), "", "", Instant.parse("2023-11-14T22:13:20Z"),
                null, null, List.of(new Severity(null, Severity.SeverityType.CVSS_V3, null, 7.5)), List.of(), List.of(), "osv"));
    }

    @Test
    void aBrokenDocumentIsAnErrorNamingWhatIsWrong() {
        assertThatThrownBy(() -> AdvisoryDocuments.readAdvisory("{\"id\":\"X\",\"aliases\":\"not a list\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("expected an array");
        assertThatThrownBy(() -> AdvisoryDocuments.readAffected("{\"status\":\"MAYBE\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown AffectedStatus 'MAYBE'");
        assertThatThrownBy(() -> AdvisoryDocuments.readAdvisory("{\"id\":\"X\",\"published\":\"yesterday\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("invalid instant 'yesterday'");
        assertThatThrownBy(() -> AdvisoryDocuments.readAdvisory("{\"id\":\"X\",\"published\":\"" + "9".repeat(10_000) + "\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("invalid instant '" + "9".repeat(80) + "...'")
                .hasMessageNotContaining("9".repeat(81));
        assertThatThrownBy(() -> AdvisoryDocuments.readAdvisory("{\"id\":\"X\"} {}"))
                .isInstanceOf(IOException.class).hasMessageContaining("trailing content");
        assertThatThrownBy(() -> AdvisoryDocuments.readAdvisory("{\"id\":\"X\""))
                .isInstanceOf(IOException.class);
    }

    @Test
    void hostileValuesAreRefusedQuickly() {
        // numbers where an instant belongs: never written by the store; a huge exponent must not be turned into time
        for (String number : List.of("1e10000000", "-1e10000000", "1700000000", "1.5")) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                    assertThatThrownBy(() -> AdvisoryDocuments.readAdvisory("{\"id\":\"X\",\"published\":" + number + "}"))
                            .isInstanceOf(IOException.class).hasMessageContaining("expected an ISO-8601 instant"));
        }
        // a null inside a list (the records hold none): an IOException, not a NullPointerException
        for (String field : List.of("aliases", "related", "references", "severities", "affected")) {
            assertThatThrownBy(() -> AdvisoryDocuments.readAdvisory("{\"id\":\"X\",\"" + field + "\":[null]}"))
                    .as(field).isInstanceOf(IOException.class).hasMessageMatching("expected (a value|an object) .*");
        }
        assertThatThrownBy(() -> AdvisoryDocuments.readAffected("{\"versions\":[\"1.0\",null]}"))
                .isInstanceOf(IOException.class).hasMessageContaining("expected a value");
        // nesting past the limit, inside a field that would otherwise be skipped
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThatThrownBy(() -> AdvisoryDocuments.readAdvisory("{\"id\":\"X\",\"future\":" + deep + "}"))
                .isInstanceOf(IOException.class).hasMessageContaining("nesting depth");
        // without the limit the same document is fine: the limit, not the shape, refused it
        assertThatCode(() -> AdvisoryDocuments.readAdvisory("{\"id\":\"X\",\"future\":" + "[".repeat(10) + "]".repeat(10) + "}"))
                .doesNotThrowAnyException();
    }

    @Test
    void aStoreHoldingABrokenDocumentSaysSoInOneLine() throws Exception {
        Path db = tmp.resolve("broken.db");
        Path file = copy("debian-security-tracker-sample.json");
        try (AdvisoryStore store = AdvisoryStore.open(Database.sqlite(db))) {
            store.importFeed("tracker", FeedKind.DEBIAN_TRACKER, true, null, n -> { },
                    sink -> FeedFormats.reader(FeedKind.DEBIAN_TRACKER).read(file, sink));
        }
        String name;
        try (Connection c = Database.sqlite(db).connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name FROM affected LIMIT 1")) {
                assertThat(rs.next()).isTrue();
                name = rs.getString(1);
            }
            // as a hostile bundle could hold it
            s.executeUpdate("UPDATE advisory SET doc = '{\"id\":\"X\",\"published\":1e10000000}'");
        }
        try (AdvisoryStore store = AdvisoryStore.open(Database.sqlite(db))) {
            assertThatThrownBy(() -> store.findByPackages("Debian", List.of(name)))
                    .isInstanceOf(WardenException.class)
                    .hasMessageContaining("holds a document it cannot read (expected an ISO-8601 instant")
                    .hasMessageContaining("rebuild it")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    private Path copy(String resource) throws IOException {
        return copy(resource, tmp.resolve(Path.of(resource).getFileName().toString()));
    }

    private static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = AdvisoryDocumentsTest.class.getClassLoader().getResourceAsStream("feeds/" + resource)) {
            assertThat(in).as("test resource feeds/" + resource).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }

    // ---- generated records

    private static final String[] AWKWARD = {"", "plain", "with \"quotes\" and \\ backslash", "tab\tnew\nline\u0001",
        "non-ASCII: é ü 漢字 \uD83D\uDE00", "</script>", "1.0.0~rc1+dfsg-2"};

    private static String text(Random r, boolean nullable) {
        if (nullable && r.nextInt(5) == 0) {
            return null;
        }
        return r.nextBoolean() ? AWKWARD[r.nextInt(AWKWARD.length)] : "v" + r.nextInt(1_000_000);
    }

    private static List<String> texts(Random r) {
        List<String> out = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            out.add(text(r, false));
        }
        return out;
    }

    private static <E extends Enum<E>> E pick(Random r, Class<E> type, boolean nullable) {
        E[] values = type.getEnumConstants();
        return nullable && r.nextInt(6) == 0 ? null : values[r.nextInt(values.length)];
    }

    private static Instant instant(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> Instant.ofEpochSecond(r.nextInt(2_000_000_000));
            case 2 -> Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(1_000_000_000));
            default -> Instant.parse("0001-01-01T00:00:00Z");
        };
    }

    private static Advisory advisory(Random r) {
        List<Severity> severities = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            Double score = switch (r.nextInt(5)) {
                case 0 -> null;
                case 1 -> (double) r.nextInt(11);
                case 2 -> 1e-7 * r.nextInt(100);
                default -> Math.round(r.nextDouble() * 100) / 10.0;
            };
            severities.add(new Severity(text(r, true), pick(r, Severity.SeverityType.class, true), text(r, true), score));
        }
        List<AffectedPackage> affected = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            List<Range> ranges = new ArrayList<>();
            for (int j = r.nextInt(3); j > 0; j--) {
                List<Range.Event> events = new ArrayList<>();
                for (int k = r.nextInt(4); k > 0; k--) {
                    events.add(new Range.Event(pick(r, Range.EventKind.class, true), text(r, true)));
                }
                ranges.add(new Range(pick(r, Range.RangeType.class, true), text(r, true), events));
            }
            Map<String, String> extra = new LinkedHashMap<>();
            for (int j = r.nextInt(5); j > 0; j--) {
                extra.put(text(r, false) + j, text(r, false));
            }
            affected.add(new AffectedPackage(text(r, true), text(r, true), text(r, true), ranges, texts(r),
                    pick(r, AffectedStatus.class, true), text(r, true), extra));
        }
        return new Advisory(text(r, true), texts(r), texts(r), text(r, false), text(r, false), instant(r), instant(r),
                instant(r), severities, affected, texts(r), text(r, true));
    }
}
