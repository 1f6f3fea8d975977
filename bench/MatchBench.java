import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.advisory.NvdEntry;
import dev.warden.core.advisory.Range;
import dev.warden.match.MatchResult;
import dev.warden.match.Matcher;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.RecordSink;
import dev.warden.vulndb.feed.FeedFormats;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matching benchmark: the whole Go and PyPA databases imported into a fresh SQLite store, then an SBOM of
 * N components matched against it. Every Go module and PyPI package the databases name is in the SBOM
 * once, at a version just below one of its fixes (so most components have findings: a worst case for
 * matching); the rest of the N are names no advisory mentions. Matching runs RUNS times in one JVM; the
 * first run includes class loading and JIT warm-up, the others are "after start-up".
 * Usage: java -cp CLASSPATH bench/MatchBench.java GO_TAR_GZ PYPA_TAR_GZ N RUNS WORKDIR
 */
public class MatchBench {

    public static void main(String[] args) throws Exception {
        Path go = Path.of(args[0]);
        Path pypa = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        Path work = Files.createDirectories(Path.of(args[4]));
        Path db = work.resolve("match-bench.db");
        Files.deleteIfExists(db);

        // name -> a version below one of its fixes, read from the same archives
        Map<String, String> goNames = new LinkedHashMap<>();
        Map<String, String> pypiNames = new LinkedHashMap<>();
        collect(go, goNames);
        collect(pypa, pypiNames);

        List<Package> named = new ArrayList<>();
        goNames.forEach((name, version) -> {
            int slash = name.lastIndexOf('/');
            named.add(pkg("golang", slash < 0 ? null : name.substring(0, slash), slash < 0 ? name : name.substring(slash + 1), version));
        });
        pypiNames.forEach((name, version) -> named.add(pkg("pypi", null, name, version)));
        System.out.printf("advisory names: %d Go modules (incl. stdlib), %d PyPI packages%n", goNames.size(), pypiNames.size());

        try (AdvisoryStore store = AdvisoryStore.open(Database.sqlite(db))) {
            long t0 = System.nanoTime();
            load(store, "osv-Go", go);
            load(store, "osv-PyPI", pypa);
            System.out.printf("import go+pypa: %.2f s%n", (System.nanoTime() - t0) / 1e9);
            // worst case: every name any advisory uses, each vulnerable; typical: 250 vulnerable among n
            run(store, "worst case", sbom(named, named.size(), n), runs);
            run(store, "typical", sbom(named, 250, n), runs);
        }
    }

    static Sbom sbom(List<Package> named, int vulnerable, int n) {
        List<Package> packages = new ArrayList<>();
        for (int i = 0; i < Math.min(vulnerable, named.size()); i++) {
            packages.add(named.get(i * Math.max(1, named.size() / vulnerable) % named.size()));
        }
        packages = new ArrayList<>(new java.util.LinkedHashSet<>(packages));
        for (int i = 0; packages.size() < n; i++) {
            packages.add(i % 2 == 0 ? pkg("pypi", null, "bench-unlisted-" + i, "1.0." + i)
                    : pkg("golang", "example.com/bench", "unlisted" + i, "v1.0." + i));
        }
        return new Sbom(null, null, packages, List.of());
    }

    /** Wall time and the matching thread's CPU time (the machine is shared: CPU time is what an idle core would take). */
    static void run(AdvisoryStore store, String label, Sbom sbom, int runs) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int r = 0; r < runs; r++) {
            long c = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            MatchResult result = new Matcher(store).match(sbom);
            wall[r] = (System.nanoTime() - t) / 1e9;
            cpu[r] = (threads.getCurrentThreadCpuTime() - c) / 1e9;
            System.out.printf("%s run %d: %d components, %d findings; wall %.3f s, cpu %.3f s%n", label, r + 1,
                    sbom.packages().size(), result.findings().size(), wall[r], cpu[r]);
        }
        double[] w = Arrays.copyOfRange(wall, Math.min(1, runs - 1), runs);
        double[] c = Arrays.copyOfRange(cpu, Math.min(1, runs - 1), runs);
        Arrays.sort(w);
        Arrays.sort(c);
        System.out.printf("%s after start-up (runs 2..%d): wall best %.3f s median %.3f s; cpu best %.3f s median %.3f s; first run wall %.3f s%n",
                label, runs, w[0], w[w.length / 2], c[0], c[c.length / 2], wall[0]);
    }

    static Package pkg(String type, String namespace, String name, String version) {
        String purl = "pkg:" + type + "/" + (namespace == null ? "" : namespace + "/") + name + "@" + version;
        return new Package(purl, type, namespace, name, version, purl, List.of(), List.of(), null, "bench", null, Map.of());
    }

    static void load(AdvisoryStore store, String feed, Path file) {
        store.importFeed(feed, FeedKind.OSV, false, null, n -> {}, sink -> FeedFormats.reader(FeedKind.OSV).read(file, sink));
    }

    /** First name of each package and a version just under its first fix ("1.2.3" -> "1.2.2"), else its introduced version. */
    static void collect(Path archive, Map<String, String> out) throws Exception {
        FeedFormats.reader(FeedKind.OSV).read(archive, new RecordSink() {
            @Override
            public void advisory(Advisory a, String origin) {
                for (AffectedPackage p : a.affected()) {
                    if (out.containsKey(p.name())) {
                        continue;
                    }
                    for (Range r : p.ranges()) {
                        for (Range.Event e : r.events()) {
                            if (e.kind() == Range.EventKind.FIXED) {
                                String below = below(e.version());
                                if (below != null) {
                                    out.put(p.name(), p.name().equals("stdlib") ? "go" + below : below);
                                    return;
                                }
                            }
                        }
                    }
                }
            }

            @Override public void kev(KevEntry e) {}
            @Override public void epss(EpssEntry e) {}
            @Override public void nvd(NvdEntry e) {}
            @Override public void warn(String message) {}
        });
    }

    /** "1.2.3" gives "1.2.2", "2.0" gives "1.9999"; null when the version has no trailing number to lower. */
    static String below(String version) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+(?:\\.\\d+)*)$").matcher(version.replaceFirst("^v", ""));
        if (!m.matches()) {
            return null;
        }
        String[] parts = m.group(1).split("\\.");
        for (int i = parts.length - 1; i >= 0; i--) {
            long v = Long.parseLong(parts[i]);
            if (v > 0) {
                parts[i] = String.valueOf(v - 1);
                for (int j = i + 1; j < parts.length; j++) {
                    parts[j] = "9999";
                }
                String s = String.join(".", parts);
                return parts.length < 3 && version.startsWith("v") ? null : s;
            }
        }
        return null;
    }
}
