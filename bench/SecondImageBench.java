import dev.warden.catalog.sbom.SbomFormat;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Sbom;
import dev.warden.image.SourceRef;
import dev.warden.pipeline.ImageAccess;
import dev.warden.pipeline.ScanPipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The second image of a pair that shares a base, in ONE long-lived JVM: what a nightly job in {@code warden serve}
 * (watch runs, pushes) pays, where bench/second-image.sh measures a fresh CLI JVM per image.
 * Usage: java -cp WARDEN_JAR bench/SecondImageBench.java RUNS WARMUP_SOURCE NAME FIRST SECOND [NAME FIRST SECOND]...
 * An analysis is what the server's watch job does with an image (WatchRunner's analyse): ScanPipeline.analyse with
 * the cache folder as --cache-dir (layer cache and catalogue results cache), no secrets, then the CycloneDX JSON
 * document written (to memory). Before anything is timed, WARMUP_SOURCE (an image unrelated to the pairs) is analysed
 * into a fresh cache and again from it, so class loading and the JIT's work are paid for both paths; and each pair's
 * SECOND is analysed once into a throw-away cache (page cache, its own catalogers' classes). Then, RUNS times:
 *   cold:   SECOND with an empty cache;
 *   second: SECOND right after FIRST was analysed (not timed) into a fresh cache;
 *   again:  SECOND once more with that cache.
 * Every run's SBOM must have as many packages as the cold one's (a cache that lost packages would look fast).
 * Prints best and median per column and the ratios second/cold and again/cold of the bests (goal: below 0.10).
 */
public class SecondImageBench {
    public static void main(String[] args) throws Exception {
        if (args.length < 5 || (args.length - 2) % 3 != 0) {
            System.err.println("usage: SecondImageBench RUNS WARMUP_SOURCE NAME FIRST SECOND [NAME FIRST SECOND]...");
            System.exit(2);
        }
        int runs = Integer.parseInt(args[0]);
        Path work = Files.createTempDirectory("warden-second-warm");
        try {
            Path warm = work.resolve("warm-up");
            System.out.printf("warm-up %s: cold %.3f s, again %.3f s (not counted)%n", args[1],
                    analyse(args[1], warm).seconds(), analyse(args[1], warm).seconds());
            delete(warm);
            for (int p = 2; p < args.length; p += 3) {
                pair(args[p], args[p + 1], args[p + 2], runs, work);
            }
        } finally {
            delete(work);
        }
    }

    private static void pair(String name, String first, String second, int runs, Path work) throws IOException {
        System.out.printf("== %s: first %s, second %s (load average %s at the start)%n", name, first, second, loadAverage());
        Path cache = work.resolve(name);
        int packages = analyse(second, cache).packages();  // page cache, classes; not timed
        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        List<Double> again = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            delete(cache);
            cold.add(checked(analyse(second, cache), packages, "cold").seconds());
            delete(cache);
            analyse(first, cache);
            warm.add(checked(analyse(second, cache), packages, "second").seconds());
            again.add(checked(analyse(second, cache), packages, "again").seconds());
            System.err.printf("%s run %d: cold %.3f second %.3f again %.3f%n", name, i, cold.getLast(), warm.getLast(), again.getLast());
        }
        delete(cache);
        System.out.println("packages: " + packages);
        System.out.println("cold:   " + stats(cold));
        System.out.println("second: " + stats(warm));
        System.out.println("again:  " + stats(again));
        System.out.printf("%s: second/cold (best) %.2f; again/cold %.2f (load average %s at the end)%n", name,
                best(warm) / best(cold), best(again) / best(cold), loadAverage());
    }

    private record Analysis(double seconds, int packages) {}

    /** One analysis as the server's watch job does it: catalogue the image, write its CycloneDX document. */
    private static Analysis analyse(String source, Path cache) throws IOException {
        long start = System.nanoTime();
        ScanPipeline pipeline = new ScanPipeline(ImageAccess.defaults(cache));
        Sbom sbom = pipeline.analyse(SourceRef.parse(source), false);
        ByteArrayOutputStream cycloneDx = new ByteArrayOutputStream();
        SbomFormat.CYCLONEDX_JSON.writer(Tool.warden()).write(sbom, cycloneDx);
        return new Analysis((System.nanoTime() - start) / 1e9, sbom.packages().size());
    }

    private static Analysis checked(Analysis analysis, int packages, String what) {
        if (analysis.packages() != packages) {
            throw new IllegalStateException(what + ": " + analysis.packages() + " packages, the first analysis had " + packages);
        }
        return analysis;
    }

    private static String stats(List<Double> seconds) {
        List<Double> sorted = seconds.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format("best %.3f s, median %.3f s", sorted.getFirst(), median);
    }

    private static double best(List<Double> seconds) {
        return seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
