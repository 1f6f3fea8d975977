import dev.warden.catalog.Catalog;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Times Warden's SBOM of a source (open, index the layers, catalogue), each run with an empty cache folder so no
 * layer cache helps. Usage: java -cp CLASSPATH bench/SbomBench.java SOURCE RUNS [READ_LIST [BASE_SOURCE]]
 * Prints "warden-sbom SECONDS" (best of RUNS after one warm-up; RUNS=0: the single cold run), "type T N" per
 * package type, "bytes-read N" (file contents handed to catalogers; their paths go to READ_LIST if given) and,
 * with BASE_SOURCE, "warden-sbom-shared SECONDS": SOURCE scanned after BASE_SOURCE filled the layer cache.
 */
public class SbomBench {
    public static void main(String[] args) throws Exception {
        String source = args[0];
        int runs = Integer.parseInt(args[1]);
        Path readList = args.length > 2 && !args[2].equals("-") ? Path.of(args[2]) : null;
        String base = args.length > 3 ? args[3] : null;
        double best = Double.MAX_VALUE;
        Sbom sbom = null;
        List<String> read = Collections.synchronizedList(new ArrayList<>());
        long[] bytes = {0};
        for (int i = 0; i <= runs; i++) {
            read.clear();
            bytes[0] = 0;
            Path cache = Files.createTempDirectory("warden-bench-cache");
            long t0 = System.nanoTime();
            sbom = scan(source, cache, read, bytes);
            double t = (System.nanoTime() - t0) / 1e9;
            System.err.printf("run %d: %.3f s%n", i, t);
            if (i > 0 || runs == 0) { // run 0 warms the JIT up
                best = Math.min(best, t);
            }
            delete(cache);
        }
        System.out.printf("warden-sbom %.3f%n", best);
        Map<String, Integer> types = new TreeMap<>();
        for (Package p : sbom.packages()) {
            types.merge(p.type(), 1, Integer::sum);
        }
        types.forEach((t, n) -> System.out.printf("type %s %d%n", t, n));
        System.out.printf("bytes-read %d%n", bytes[0]);
        if (readList != null) {
            Files.write(readList, read);
        }
        if (base != null) {
            double shared = Double.MAX_VALUE;
            for (int i = 0; i < Math.max(runs, 1); i++) {
                Path cache = Files.createTempDirectory("warden-bench-cache");
                scan(base, cache, new ArrayList<>(), new long[1]);
                long t0 = System.nanoTime();
                scan(source, cache, new ArrayList<>(), new long[1]);
                shared = Math.min(shared, (System.nanoTime() - t0) / 1e9);
                delete(cache);
            }
            System.out.printf("warden-sbom-shared %.3f%n", shared);
        }
    }

    private static Sbom scan(String source, Path cache, List<String> read, long[] bytes) throws IOException {
        try (ImageSource image = ImageSources.open(source, SourceOptions.defaults(cache))) {
            return Catalog.withDefaults(cache.resolve("scratch")).run(image.info(), new Recording(image.files(), read, bytes));
        }
    }

    /** The view, noting which files' contents were read and how many bytes. */
    record Recording(FileSystemView files, List<String> read, long[] bytes) implements FileSystemView {
        public List<FileEntry> entries() { return files.entries(); }
        public Optional<FileEntry> entry(String path) { return files.entry(path); }
        public Optional<FileEntry> resolve(String path) { return files.resolve(path); }
        public void read(Predicate<FileEntry> wanted, ContentVisitor visitor) throws IOException {
            files.read(wanted, (e, in) -> {
                read.add(e.path());
                synchronized (bytes) {
                    bytes[0] += e.size();
                }
                visitor.visit(e, in);
            });
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
