package dev.warden.cli;

import dev.warden.pipeline.IgnoreFile;
import dev.warden.pipeline.VexInputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --vex FILE|DIR} (repeatable) for every command that judges findings: OpenVEX, CycloneDX VEX and CSAF
 * documents, or directories of them. For an {@code sbom://} source the VEX the SBOM itself carries (CycloneDX
 * analysis) is applied too, before the files given, so the files win ties ({@link VexInputs}).
 */
public final class VexMixin {

    @Option(names = "--vex", paramLabel = "FILE|DIR",
            description = "VEX document (OpenVEX, CycloneDX VEX, CSAF) or directory of them (*.json). Repeatable; "
                    + "later statements win.")
    List<Path> vex = new ArrayList<>();

    @Option(names = "--ignorefile", paramLabel = "FILE",
            description = "Findings to set aside, with reasons and expiry dates, for teams without VEX: .wardenignore "
                    + "(YAML), Trivy's .trivyignore (ids, exp:YYYY-MM-DD) or .trivyignore.yaml (default: the first of "
                    + ".wardenignore, .wardenignore.yaml, .trivyignore.yaml, .trivyignore in the working directory; "
                    + "--ignorefile none reads none).")
    Path ignoreFile;

    /** The ignore file, read once on first use (null inside: none); the --vex list may still grow (--server adds to it). */
    private java.util.Optional<IgnoreFile> ignore;

    /** The documents given, as the list stands now, and the ignore file. */
    public VexInputs inputs() {
        return new VexInputs(vex, ignore().orElse(null));
    }

    private java.util.Optional<IgnoreFile> ignore() {
        if (ignore == null) {
            ignore = ignoreFile().map(IgnoreFile::read);
        }
        return ignore;
    }

    /** The ignore file given, else the working directory's; none for {@code --ignorefile none}. */
    private java.util.Optional<Path> ignoreFile() {
        if (ignoreFile == null) {
            return IgnoreFile.findIn(Path.of(""));
        }
        return ignoreFile.toString().equals(NO_IGNORE_FILE) ? java.util.Optional.empty() : java.util.Optional.of(ignoreFile);
    }

    /** {@code --ignorefile none}: do not read the working directory's ignore file. */
    private static final String NO_IGNORE_FILE = "none";

    /**
     * Fails now, naming the file, when a --vex path does not exist or the ignore file is missing or malformed: before
     * the analysis, not after it.
     */
    static void checkReadable(VexMixin mixin) {
        if (mixin == null) {
            return;
        }
        mixin.ignore();
        for (Path p : mixin.vex) {
            if (!java.nio.file.Files.exists(p)) {
                throw new dev.warden.core.WardenException("--vex " + p + ": no such file or directory (relative to "
                        + Path.of("").toAbsolutePath() + ")");
            }
            if (!java.nio.file.Files.isReadable(p)) {
                throw new dev.warden.core.WardenException("--vex " + p + ": permission denied");
            }
        }
    }
}
