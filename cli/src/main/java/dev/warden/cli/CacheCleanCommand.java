package dev.warden.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code warden cache clean}: removes what Warden keeps under the cache folder ({@link CacheSurvey}'s parts). The
 * kept parts' folders stay (a run going on meanwhile writes into them); temporary files and scratch folders younger
 * than {@link CacheSurvey#IN_USE_GRACE} are left alone, since they may belong to a command running now.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden cache clean", "  warden cache clean --cache-dir /tmp/wc"},
        description = {"Empty the cache folder: the layer cache, the catalogue results, registry blobs, temporary files and "
                + "what older versions or killed runs left. The next analysis of an image reads (and downloads) its "
                + "layers again. Temporary files and scratch folders of the last day are kept: a command running now may "
                + "use them."})
final class CacheCleanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path cacheDir = ((WardenCommand) spec.root().userObject()).cacheDir();
        Instant youngest = Instant.now().minus(CacheSurvey.IN_USE_GRACE);
        long[] removed = new long[3]; // files, bytes, kept because young
        for (CacheSurvey.Part part : CacheSurvey.of(cacheDir)) {
            switch (part.kind()) {
                case KEPT -> remove(part.dir(), false, null, removed);
                case TEMPORARY -> remove(part.dir(), false, youngest, removed);
                case OLDER_FORMAT -> remove(part.dir(), true, null, removed);
                case SCRATCH -> remove(part.dir(), true, null, removed);
                case SCRATCH_IN_USE -> removed[2]++;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Removed " + String.format(java.util.Locale.ROOT, "%,d", removed[0]) + " files ("
                + ProgressLine.human(removed[1]) + ") from " + cacheDir.toAbsolutePath()
                + (removed[2] > 0 ? "; kept " + removed[2] + " temporary file(s) or scratch folder(s) of the last day: "
                        + "a command running now may use them" : ""));
        return 0;
    }

    /**
     * Removes the files under {@code dir} (and, when {@code whole}, its folders and itself); files modified after
     * {@code keepAfter} (when given) stay and are counted as kept.
     */
    private static void remove(Path dir, boolean whole, Instant keepAfter, long[] removed) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                FileTime modified = attrs.lastModifiedTime();
                if (keepAfter != null && modified.toInstant().isAfter(keepAfter)) {
                    removed[2]++;
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.delete(file);
                    removed[0]++;
                    removed[1] += attrs.size();
                } catch (NoSuchFileException gone) {
                    // a run's least-recently-used sweep took it meanwhile
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                if (whole) {
                    Files.deleteIfExists(d);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
