import dev.warden.core.ImageInfo.LayerInfo;
import dev.warden.image.FileSystemView;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times Warden reading every layer of an image: pass 1 (decompress, verify blob digest and diff_id,
 * walk every tar entry, build the final index) and, separately, pass 2 reading every file's content.
 * Usage: java -cp CLASSPATH bench/LayerBench.java SOURCE RUNS
 * Prints "warden-index SECONDS" and "warden-read SECONDS" (best of RUNS, after one warm-up).
 */
public class LayerBench {
    public static void main(String[] args) throws Exception {
        String source = args[0];
        int runs = Integer.parseInt(args[1]);
        Path cache = Files.createTempDirectory("warden-bench-cache");
        SourceOptions options = SourceOptions.defaults(cache);
        double bestIndex = Double.MAX_VALUE;
        double bestRead = Double.MAX_VALUE;
        long entries = 0;
        for (int i = 0; i <= runs; i++) {
            long t0 = System.nanoTime();
            try (ImageSource image = ImageSources.open(source, options)) {
                FileSystemView files = image.files();
                long t1 = System.nanoTime();
                long[] bytes = {0};
                byte[] buffer = new byte[1 << 16];
                files.read(e -> true, (e, in) -> {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        bytes[0] += n;
                    }
                });
                long t2 = System.nanoTime();
                entries = image.info().layers().stream().mapToLong(LayerInfo::entryCount).sum();
                System.err.printf("run %d: index %.3f read %.3f%n", i, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
                if (i > 0) { // run 0 warms the JIT up
                    bestIndex = Math.min(bestIndex, (t1 - t0) / 1e9);
                    bestRead = Math.min(bestRead, (t2 - t1) / 1e9);
                }
            }
        }
        System.out.printf("warden-index %.3f%n", bestIndex);
        System.out.printf("warden-read %.3f%n", bestRead);
        System.out.printf("entries %d%n", entries);
    }
}
