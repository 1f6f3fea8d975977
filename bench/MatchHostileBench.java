import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.match.MatchResult;
import dev.warden.match.Matcher;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.feed.FeedFormats;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.Database;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Matching cost of one hostile OSV record (issue 16): a record whose N affected entries all name the package a
 * four-package SBOM holds. For N doubling from START to MAX, imports the record into a fresh SQLite store and
 * matches the SBOM RUNS times, printing the best time and its ratio to the previous N: about 2 means matching is
 * linear in what matches, about 4 quadratic (what the matcher was when it hashed the whole advisory per hit).
 * Usage: java -cp CLASSPATH bench/MatchHostileBench.java START MAX RUNS WORKDIR
 */
public class MatchHostileBench {

    public static void main(String[] args) throws Exception {
        int start = Integer.parseInt(args[0]);
        int max = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path work = Files.createDirectories(Path.of(args[3]));
        Sbom sbom = new Sbom(null, null, List.of(pkg("victim", "1.0"), pkg("bystander", "1.0"), pkg("other", "2.0"),
                pkg("victim-not", "1.0")), List.of());
        double previous = -1;
        System.out.printf("%10s %12s %12s %8s %10s%n", "entries", "import ms", "match ms", "ratio", "findings");
        for (int n = start; n <= max; n *= 2) {
            Path dir = Files.createDirectories(work.resolve("osv-" + n));
            record(dir.resolve("PYSEC-2099-0100.json"), n);
            Path db = work.resolve("bench-" + n + ".db");
            try (AdvisoryStore store = AdvisoryStore.open(Database.sqlite(db))) {
                long t0 = System.nanoTime();
                store.importFeed("osv-PyPI", FeedKind.OSV, true, null, x -> {}, sink -> FeedFormats.reader(FeedKind.OSV).read(dir, sink));
                double importMs = (System.nanoTime() - t0) / 1e6;
                double best = Double.MAX_VALUE;
                MatchResult result = null;
                for (int r = 0; r < runs; r++) {
                    long t = System.nanoTime();
                    result = new Matcher(store).match(sbom);
                    best = Math.min(best, (System.nanoTime() - t) / 1e6);
                }
                System.out.printf("%10d %12.0f %12.1f %8s %10d%n", n, importMs, best,
                        previous < 0 ? "-" : String.format("%.2f", best / previous), result.findings().size());
                previous = best;
            }
            Files.deleteIfExists(db);
        }
    }

    static Package pkg(String name, String version) {
        String purl = "pkg:pypi/" + name + "@" + version;
        return new Package(purl, "pypi", null, name, version, purl, List.of(), List.of(), null, "bench", null, Map.of());
    }

    static void record(Path file, int entries) throws Exception {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("{\"id\":\"PYSEC-2099-0100\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[\"CVE-2099-0100\"],\"affected\":[");
            for (int i = 0; i < entries; i++) {
                w.write((i == 0 ? "" : ",") + "{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"victim\"},"
                        + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0\"}]}]}");
            }
            w.write("]}");
        }
    }
}
