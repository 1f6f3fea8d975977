package dev.warden.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code warden cache status}: each part of the cache folder, its files, size and the size it is kept under. */
@Command(name = "status", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden cache status", "  warden cache status --cache-dir /tmp/wc"},
        description = {"Show what the cache folder holds: the layer cache, the catalogue results, registry blobs and "
                + "temporary files, each with the size Warden keeps it under, and what older versions or killed runs "
                + "left behind (warden cache clean removes it)."})
final class CacheStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static String keptUnder(CacheSurvey.Part part) {
        return switch (part.kind()) {
            case OLDER_FORMAT, SCRATCH -> "left over";
            case SCRATCH_IN_USE -> "a run of the last day's";
            case KEPT, TEMPORARY -> part.maxBytes() > 0 ? ProgressLine.human(part.maxBytes()) : "-";
        };
    }

    @Override
    public Integer call() throws Exception {
        Path cacheDir = ((WardenCommand) spec.root().userObject()).cacheDir();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Cache folder: " + cacheDir.toAbsolutePath());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PART", "FOLDER", "FILES", "SIZE", "KEPT UNDER"});
        long total = 0;
        boolean leftOver = false;
        for (CacheSurvey.Part part : CacheSurvey.of(cacheDir)) {
            total += part.bytes();
            leftOver |= part.leftOver();
            rows.add(new String[] {part.what(), part.dir().getFileName().toString(), String.format(java.util.Locale.ROOT, "%,d", part.files()),
                    ProgressLine.human(part.bytes()),
                    keptUnder(part)});
        }
        Table.print(rows, out);
        out.println("Total: " + ProgressLine.human(total)
                + (leftOver ? "; what is left over is not used any more: warden cache clean removes it" : ""));
        return 0;
    }
}
