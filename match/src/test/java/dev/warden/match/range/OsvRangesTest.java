package dev.warden.match.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.InvalidVersionException;
import dev.warden.core.VersionScheme;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.Range;
import dev.warden.core.advisory.Range.Event;
import dev.warden.core.advisory.Range.EventKind;
import dev.warden.core.advisory.Range.RangeType;
import dev.warden.match.version.VersionSchemes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OSV range evaluation on real GHSA, Go and osv-schema linter records, and the schema's corner cases. */
class OsvRangesTest {

    /**
     * Verdicts read off each record by hand: the boundaries of every range, a version inside, one
     * below the first introduced, one between ranges.
     */
    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
        "GHSA-269g-pwp5-87pp, junit:junit, 4.12, true",
        "GHSA-269g-pwp5-87pp, junit:junit, 4.7, true",
        "GHSA-269g-pwp5-87pp, junit:junit, 4.6, false",
        "GHSA-269g-pwp5-87pp, junit:junit, 4.13.1, false",
        "GHSA-269g-pwp5-87pp, junit:junit, 4.13.1-SNAPSHOT, true",
        "GHSA-5mg8-w23w-74h3, com.google.guava:guava, 29.0, true",
        // Maven orders 29.0-jre above 29.0, so the record's last_affected 29.0 does not cover it: the
        // schema's rule followed to the letter (docs/versions.md)
        "GHSA-5mg8-w23w-74h3, com.google.guava:guava, 29.0-jre, false",
        "GHSA-5mg8-w23w-74h3, com.google.guava:guava, 28.2-jre, true",
        "GHSA-5mg8-w23w-74h3, com.google.guava:guava, 30.0-jre, false",
        "GHSA-5mg8-w23w-74h3, com.google.guava:guava, 29.0.1, false",
        "GHSA-fp5r-v3w9-4333, log4j:log4j, 1.2.17, true",
        "GHSA-fp5r-v3w9-4333, log4j:log4j, 1.2.0, true",
        "GHSA-fp5r-v3w9-4333, log4j:log4j, 1.1.3, false",
        "GHSA-fp5r-v3w9-4333, log4j:log4j, 1.2.18, false",
        "GHSA-57j2-w4cx-62h2, com.fasterxml.jackson.core:jackson-databind, 2.13.2, true",
        "GHSA-57j2-w4cx-62h2, com.fasterxml.jackson.core:jackson-databind, 2.13.2.1, false",
        "GHSA-57j2-w4cx-62h2, com.fasterxml.jackson.core:jackson-databind, 2.12.6, true",
        "GHSA-57j2-w4cx-62h2, com.fasterxml.jackson.core:jackson-databind, 2.12.6.1, false",
        "GHSA-57j2-w4cx-62h2, com.fasterxml.jackson.core:jackson-databind, 2.12.7, false",
        "GHSA-jfh8-c2jp-5v3q, org.apache.logging.log4j:log4j-core, 2.14.1, true",
        "GHSA-jfh8-c2jp-5v3q, org.apache.logging.log4j:log4j-core, 2.12.2, false",
        "GHSA-jfh8-c2jp-5v3q, org.apache.logging.log4j:log4j-core, 2.12.1, true",
        "GHSA-jfh8-c2jp-5v3q, org.apache.logging.log4j:log4j-core, 2.3.1, false",
        "GHSA-jfh8-c2jp-5v3q, org.apache.logging.log4j:log4j-core, 2.3, true",
        "GHSA-jfh8-c2jp-5v3q, org.apache.logging.log4j:log4j-core, 2.15.0, false",
        "GHSA-c2qf-rxjj-qqgw, semver, 7.5.1, true",
        "GHSA-c2qf-rxjj-qqgw, semver, 7.5.2, false",
        "GHSA-c2qf-rxjj-qqgw, semver, 6.3.0, true",
        "GHSA-c2qf-rxjj-qqgw, semver, 6.3.1, false",
        "GHSA-c2qf-rxjj-qqgw, semver, 5.7.1, true",
        "GHSA-c2qf-rxjj-qqgw, semver, 5.7.2, false",
        "GHSA-c2qf-rxjj-qqgw, semver, 7.0.0-rc.1, false",
        "GHSA-xvch-5gv4-984h, minimist, 0.2.3, true",
        "GHSA-xvch-5gv4-984h, minimist, 0.2.4, false",
        "GHSA-xvch-5gv4-984h, minimist, 1.2.5, true",
        "GHSA-xvch-5gv4-984h, minimist, 1.2.6, false",
        "GHSA-735f-pc8j-v9w8, google-protobuf, 3.25.4, true",
        "GHSA-735f-pc8j-v9w8, google-protobuf, 3.25.5, false",
        "GHSA-735f-pc8j-v9w8, google-protobuf, 4.0.0.rc.1, true",
        "GHSA-735f-pc8j-v9w8, google-protobuf, 4.27.4, true",
        "GHSA-735f-pc8j-v9w8, google-protobuf, 4.27.5, false",
        "GHSA-735f-pc8j-v9w8, google-protobuf, 4.28.0.rc.2, true",
        "GHSA-735f-pc8j-v9w8, google-protobuf, 4.28.2, false",
        "GHSA-735f-pc8j-v9w8, com.google.protobuf:protobuf-java, 3.25.4, true",
        "GHSA-735f-pc8j-v9w8, com.google.protobuf:protobuf-java, 4.27.5, false",
        "GHSA-735f-pc8j-v9w8, com.google.protobuf:protobuf-java, 4.28.1, true",
    })
    void ghsaRecords(String id, String name, String version, boolean expected) {
        assertThat(affects("ghsa/" + id + ".json", name, version)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
        "GO-2020-0001, github.com/gin-gonic/gin, 1.5.0, true",
        "GO-2020-0001, github.com/gin-gonic/gin, v1.5.0, true",
        "GO-2020-0001, github.com/gin-gonic/gin, 1.6.0, false",
        "GO-2024-2963, stdlib, 1.19.8, true",
        "GO-2024-2963, stdlib, 1.21.12, false",
        "GO-2024-2963, stdlib, 1.22.0-rc.1, true",
        "GO-2024-2963, stdlib, 1.22.4, true",
        "GO-2024-2963, stdlib, 1.22.5, false",
        "PYSEC-2023-74, requests, 2.30.0, true",
        "PYSEC-2023-74, requests, 2.3.0, true",
        "PYSEC-2023-74, requests, 2.31.0, false",
        "PYSEC-2023-74, requests, 2.2.1, false",
        "MAL-2024-10238, 123bla, 0.0.1, true",
        "MAL-2024-10238, 123bla, 0.0.1.0, true",
        "MAL-2024-10238, 123bla, 0.0.2, false",
        "CVE-2018-5407, openssl, 1.0.2p-r0, true",
        "CVE-2018-5407, openssl, 1.0.2q-r0, false",
        "CVE-2018-5407, openssl, 1.0.2_rc1-r0, true",
    })
    void linterRecords(String id, String name, String version, boolean expected) {
        assertThat(affects("linter/" + id + ".json", name, version)).isEqualTo(expected);
    }

    @Test
    void gitRangesAreIgnoredAndBrokenRecordsAffectNothing() {
        // only GIT ranges, and one without any introduced event: no version can be judged affected
        for (String file : List.of("linter/CVE-2023-41045.json", "linter/nointroduced-CVE-2023-41045.json")) {
            for (AffectedPackage a : OsvRecords.affected(file)) {
                assertThat(new OsvRanges(VersionSchemes.require("generic")).evaluate(a, "1.0").affected()).as(file).isFalse();
            }
        }
    }

    @Test
    void versionsTheSchemeRejectsInTheListAreSkipped() {
        // Gradio's record lists the impossible 4.36.-1 beside 4.36.1
        AffectedPackage gradio = OsvRecords.affected("linter/GHSA-9v2f-6vcg-3hgv.json").getFirst();
        OsvRanges pypi = new OsvRanges(VersionSchemes.require("pypi"));
        assertThat(pypi.evaluate(gradio, "4.36.1").affected()).isTrue();
        assertThat(pypi.evaluate(gradio, "4.36.0").affected()).isFalse();
    }

    @Test
    void eventsAreSortedBeforeTheWalk() {
        OsvRanges semver = new OsvRanges(VersionSchemes.require("npm"));
        // fixed listed before introduced, ranges out of order
        List<Range> ranges = List.of(range(RangeType.ECOSYSTEM, fixed("2.0.0"), introduced("1.5.0"), fixed("1.2.0"), introduced("0")));
        assertThat(semver.evaluate(ranges, List.of(), null, "1.1.0").affected()).isTrue();
        assertThat(semver.evaluate(ranges, List.of(), null, "1.3.0").affected()).isFalse();
        assertThat(semver.evaluate(ranges, List.of(), null, "1.9.9").affected()).isTrue();
        assertThat(semver.evaluate(ranges, List.of(), null, "2.0.0").affected()).isFalse();
    }

    @Test
    void limitBoundsTheRange() {
        OsvRanges npm = new OsvRanges(VersionSchemes.require("npm"));
        List<Range> limited = List.of(range(RangeType.ECOSYSTEM, introduced("1.0.0"), new Event(EventKind.LIMIT, "1.5.0")));
        assertThat(npm.evaluate(limited, List.of(), null, "1.4.9").affected()).isTrue();
        assertThat(npm.evaluate(limited, List.of(), null, "1.5.0").affected()).isFalse();
        List<Range> star = List.of(range(RangeType.ECOSYSTEM, introduced("1.0.0"), new Event(EventKind.LIMIT, "*")));
        assertThat(npm.evaluate(star, List.of(), null, "99.0.0").affected()).isTrue();
    }

    @Test
    void equalVersionsMakeAnEmptyRange() {
        OsvRanges npm = new OsvRanges(VersionSchemes.require("npm"));
        List<Range> empty = List.of(range(RangeType.ECOSYSTEM, fixed("1.0.0"), introduced("1.0.0")));
        assertThat(npm.evaluate(empty, List.of(), null, "1.0.0").affected()).isFalse();
        assertThat(npm.evaluate(empty, List.of(), null, "2.0.0").affected()).isFalse();
    }

    @Test
    void lastKnownAffectedRangeAppliesOnlyWithoutAFix() {
        OsvRanges maven = new OsvRanges(VersionSchemes.require("maven"));
        List<Range> open = List.of(range(RangeType.ECOSYSTEM, introduced("1.0")));
        assertThat(maven.evaluate(open, List.of(), "< 1.5", "1.4").affected()).isTrue();
        assertThat(maven.evaluate(open, List.of(), "< 1.5", "1.5").affected()).isFalse();
        assertThat(maven.evaluate(open, List.of(), null, "1.5").affected()).isTrue();
        List<Range> fixedRange = List.of(range(RangeType.ECOSYSTEM, introduced("1.0"), fixed("2.0")));
        assertThat(maven.evaluate(fixedRange, List.of(), "<= 1.2", "1.9").affected()).isTrue();
        Verdict broken = maven.evaluate(open, List.of(), "<= ", "1.9");
        assertThat(broken.affected()).isTrue();
        assertThat(broken.problems()).singleElement().asString().contains("bad version range");
    }

    @Test
    void invalidEventVersionsSkipTheRangeAndSayWhy() {
        OsvRanges npm = new OsvRanges(VersionSchemes.require("npm"));
        List<Range> ranges = List.of(range(RangeType.ECOSYSTEM, introduced("0"), fixed("not-a-version")),
                range(RangeType.ECOSYSTEM, introduced("3.0.0"), fixed("3.1.0")));
        Verdict v = npm.evaluate(ranges, List.of(), null, "1.0.0");
        assertThat(v.affected()).isFalse();
        assertThat(v.problems()).singleElement().asString().contains("not-a-version");
        assertThat(npm.evaluate(ranges, List.of(), null, "3.0.5").affected()).isTrue();
        assertThatThrownBy(() -> npm.evaluate(ranges, List.of(), null, "x.y"))
                .isInstanceOf(InvalidVersionException.class).hasMessageContaining("x.y");
    }

    @Test
    void semverRangesUseSemVerWhateverTheEcosystem() {
        // Go: OSV writes 1.2.3, binaries report v1.2.3; +incompatible is build metadata
        OsvRanges go = new OsvRanges(VersionSchemes.require("golang"));
        List<Range> ranges = List.of(range(RangeType.SEMVER, introduced("0"), fixed("2.1.0")));
        assertThat(go.evaluate(ranges, List.of(), null, "v2.0.0+incompatible").affected()).isTrue();
        assertThat(go.evaluate(ranges, List.of(), null, "v2.1.0+incompatible").affected()).isFalse();
        assertThat(go.evaluate(ranges, List.of(), null, "v0.0.0-20200101000000-abcdefabcdef").affected()).isTrue();
    }

    @Test
    void fixedVersionsAreSortedByTheScheme() {
        OsvRanges maven = new OsvRanges(VersionSchemes.require("maven"));
        List<Range> ranges = OsvRecords.affected("ghsa/GHSA-jfh8-c2jp-5v3q.json").stream()
                .flatMap(a -> a.ranges().stream()).toList();
        assertThat(maven.fixedVersions(ranges)).containsExactly("2.3.1", "2.12.2", "2.15.0");
    }

    /**
     * Every Go record in the sample, judged at each event version and next to it, against an
     * independent reading of Go's ranges: sorted introduced/fixed pairs as half-open intervals.
     */
    @Test
    void goRecordsAgreeWithIntervalReading() throws Exception {
        VersionScheme semver = VersionSchemes.semver();
        OsvRanges go = new OsvRanges(VersionSchemes.require("golang"));
        int checked = 0;
        List<String> files;
        try (var in = getClass().getResourceAsStream("/osv/go/")) {
            files = new String(in.readAllBytes()).lines().filter(f -> f.endsWith(".json")).toList();
        }
        assertThat(files).hasSizeGreaterThan(100);
        for (String file : files) {
            for (AffectedPackage a : OsvRecords.affected("go/" + file)) {
                for (Range r : a.ranges()) {
                    for (Event e : r.events()) {
                        for (String candidate : neighbours(e.version())) {
                            boolean expected = inIntervals(semver, r, candidate);
                            boolean got = go.evaluate(List.of(r), List.of(), null, candidate).affected();
                            assertThat(got).as(file + " " + a.name() + " " + candidate).isEqualTo(expected);
                            checked++;
                        }
                    }
                }
            }
        }
        System.out.println("go ranges: " + checked + " verdicts agree with the interval reading");
        assertThat(checked).isGreaterThan(500);
    }

    private static List<String> neighbours(String v) {
        if (v.equals("0")) {
            return List.of("0.0.0", "0.0.1");
        }
        String core = v.contains("-") ? v.substring(0, v.indexOf('-')) : v;
        String[] p = core.split("\\.");
        int patch = Integer.parseInt(p[2]);
        return patch == 0 ? List.of(v, core, p[0] + "." + p[1] + ".1", core + "-0")
                : List.of(v, core, p[0] + "." + p[1] + "." + (patch - 1), p[0] + "." + p[1] + "." + (patch + 1));
    }

    /** Go's own shape: introduced/fixed alternate in ascending order; affected inside some [introduced, fixed). */
    private static boolean inIntervals(VersionScheme s, Range r, String v) {
        List<Event> events = r.events();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.kind() != EventKind.INTRODUCED) {
                continue;
            }
            boolean aboveStart = e.version().equals("0") || s.compare(v, e.version()) >= 0;
            Event next = i + 1 < events.size() ? events.get(i + 1) : null;
            boolean belowEnd = next == null || next.kind() != EventKind.FIXED || s.compare(v, next.version()) < 0;
            if (aboveStart && belowEnd) {
                return true;
            }
        }
        return false;
    }

    private static boolean affects(String resource, String name, String version) {
        List<AffectedPackage> entries = OsvRecords.affected(resource).stream().filter(a -> a.name().equals(name)).toList();
        assertThat(entries).as(resource + " " + name).isNotEmpty();
        boolean affected = false;
        for (AffectedPackage a : entries) {
            Verdict v = new OsvRanges(VersionSchemes.require(a.purlType())).evaluate(a, version);
            affected |= v.affected();
        }
        return affected;
    }

    private static Range range(RangeType type, Event... events) {
        return new Range(type, null, List.of(events));
    }

    private static Event introduced(String v) {
        return new Event(EventKind.INTRODUCED, v);
    }

    private static Event fixed(String v) {
        return new Event(EventKind.FIXED, v);
    }

}
