package dev.warden.cli;

import dev.warden.image.CacheParts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Prints a command's warnings on stderr, the first few in full and the rest counted. */
final class Warnings {
    /** Warnings shown before the rest are only counted; all of them stay in the command's document. */
    static final int MAX_SHOWN = 20;

    private Warnings() {}

    /** {@code whereAll} names the document that keeps every warning: "the SBOM's warnings". */
    static void print(List<String> warnings, PrintWriter err, String whereAll) {
        print(warnings, err, whereAll, null);
    }

    /**
     * As above, a cache's warnings naming its files by this machine's path under {@code cacheDir}: the document says
     * {@code CACHE/...} (it may leave this machine), the user here needs the file.
     */
    static void print(List<String> warnings, PrintWriter err, String whereAll, Path cacheDir) {
        warnings.stream().limit(MAX_SHOWN).forEach(w -> err.println("warden: warning: " + CacheParts.onHost(cacheDir, w)));
        if (warnings.size() > MAX_SHOWN) {
            err.println("warden: warning: ... and " + (warnings.size() - MAX_SHOWN) + " more (all are in " + whereAll + ")");
        }
        err.flush();
    }
}
