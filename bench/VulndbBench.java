import dev.warden.core.advisory.Advisory;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.ImportReport;
import dev.warden.vulndb.feed.FeedFormats;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.Database;
import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Advisory database benchmark: import of the whole Go and PyPA databases, import of N generated OSV
 * records (an all.zip made here, seeded, so every run sees the same data), then 5,000 package lookups.
 * Usage: java -cp CLASSPATH bench/VulndbBench.java GO_TAR_GZ PYPA_TAR_GZ N WORKDIR
 */
public class VulndbBench {
    static final String[] ECOSYSTEMS = {"PyPI", "npm", "Go", "Maven", "Debian:12", "Alpine:v3.19", "crates.io", "RubyGems"};

    public static void main(String[] args) throws Exception {
        Path go = Path.of(args[0]);
        Path pypa = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        Path work = Files.createDirectories(Path.of(args[3]));

        try (AdvisoryStore store = AdvisoryStore.open(Database.sqlite(fresh(work.resolve("real.db"))))) {
            long t0 = System.nanoTime();
            ImportReport g = load(store, "osv-Go", go);
            ImportReport p = load(store, "osv-PyPI", pypa);
            System.out.printf("import go+pypa: %d + %d records in %.2f s (go %.2f s, pypa %.2f s)%n", g.records(), p.records(),
                    (System.nanoTime() - t0) / 1e9, g.took().toMillis() / 1e3, p.took().toMillis() / 1e3);
        }

        Path zip = work.resolve("generated-all.zip");
        long tg = System.nanoTime();
        int names = generate(zip, n);
        System.out.printf("generated %d OSV records (%d package names) into %s (%d MB) in %.1f s%n", n, names, zip,
                Files.size(zip) >> 20, (System.nanoTime() - tg) / 1e9);
        Path db = fresh(work.resolve("generated.db"));
        try (AdvisoryStore store = AdvisoryStore.open(Database.sqlite(db))) {
            ImportReport r = load(store, "osv-generated", zip);
            System.out.printf("import generated: %d records in %.1f s (%.0f records/s), database %d MB%n", r.records(),
                    r.took().toMillis() / 1e3, r.records() / (r.took().toMillis() / 1e3), Files.size(db) >> 20);
            Random random = new Random(7);
            long found = 0;
            long tl = System.nanoTime();
            for (int i = 0; i < 5000; i++) {
                int k = random.nextInt(names);
                List<Advisory> hits = store.findByPackage(ECOSYSTEMS[k % ECOSYSTEMS.length], name(k));
                found += hits.size();
            }
            System.out.printf("5000 findByPackage lookups: %.3f s, %d advisories returned%n", (System.nanoTime() - tl) / 1e9, found);
            java.util.Map<String, List<String>> byEcosystem = new java.util.HashMap<>();
            Random again = new Random(7);
            for (int i = 0; i < 5000; i++) {
                int k = again.nextInt(names);
                byEcosystem.computeIfAbsent(ECOSYSTEMS[k % ECOSYSTEMS.length], e -> new java.util.ArrayList<>()).add(name(k));
            }
            long tb = System.nanoTime();
            long batchFound = 0;
            for (var e : byEcosystem.entrySet()) {
                batchFound += store.findByPackages(e.getKey(), e.getValue()).values().stream().mapToLong(List::size).sum();
            }
            System.out.printf("the same 5000 names with findByPackages: %.3f s, %d advisories returned%n", (System.nanoTime() - tb) / 1e9, batchFound);
        }
    }

    static ImportReport load(AdvisoryStore store, String feed, Path file) {
        return store.importFeed(feed, FeedKind.OSV, true, null, c -> {}, sink -> FeedFormats.reader(FeedKind.OSV).read(file, sink));
    }

    static Path fresh(Path p) throws Exception {
        Files.deleteIfExists(p);
        return p;
    }

    static String name(int k) {
        String eco = ECOSYSTEMS[k % ECOSYSTEMS.length];
        return switch (eco) {
            case "Maven" -> "org.example.g" + (k / 100) + ":artifact-" + k;
            case "Go" -> "github.com/example/mod" + k;
            default -> "pkg-" + k;
        };
    }

    /** N records over N/10 packages, 1-3 affected entries each, two ranges, a CVSS vector; returns the name count. */
    static int generate(Path zip, int n) throws Exception {
        Random random = new Random(42);
        int names = Math.max(1, n / 10);
        try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zip), 1 << 20))) {
            out.setLevel(1);
            for (int i = 0; i < n; i++) {
                String id = String.format("GEN-2099-%07d", i);
                StringBuilder affected = new StringBuilder();
                int count = 1 + random.nextInt(3);
                for (int a = 0; a < count; a++) {
                    int k = random.nextInt(names);
                    String eco = ECOSYSTEMS[k % ECOSYSTEMS.length];
                    int major = random.nextInt(10);
                    if (a > 0) {
                        affected.append(',');
                    }
                    affected.append("{\"package\":{\"ecosystem\":\"").append(eco).append("\",\"name\":\"").append(name(k))
                            .append("\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"")
                            .append(major).append(".2.").append(random.nextInt(20)).append("\"},{\"introduced\":\"").append(major + 1)
                            .append(".0.0\"},{\"fixed\":\"").append(major + 1).append(".0.").append(1 + random.nextInt(9))
                            .append("\"}]}],\"database_specific\":{\"source\":\"generated\"}}");
                }
                String json = "{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"2026-11-28T00:00:00Z\","
                        + "\"published\":\"2026-01-01T00:00:00Z\",\"aliases\":[\"CVE-2099-" + (100000 + i) + "\"],"
                        + "\"summary\":\"Generated advisory " + i + "\",\"details\":\"A generated record for benchmarking the import "
                        + "of many OSV records; the text is about as long as a typical GHSA description's first paragraph.\","
                        + "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
                        + "\"affected\":[" + affected + "],\"references\":[{\"type\":\"WEB\",\"url\":\"https://example.org/" + id + "\"}]}";
                out.putNextEntry(new ZipEntry(id + ".json"));
                out.write(json.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return names;
    }
}
