package dev.warden.cli;

import dev.warden.catalog.sbom.SbomReader;
import dev.warden.core.Sbom;
import dev.warden.core.finding.Finding;
import dev.warden.core.vex.VexStatement;
import dev.warden.match.vex.VexApplier;
import dev.warden.match.vex.VexDocuments;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --vex FILE|DIR} (repeatable) for every command that judges findings: OpenVEX, CycloneDX VEX and CSAF
 * documents, or directories of them. For an {@code sbom://} source the VEX the SBOM itself carries (CycloneDX
 * analysis) is applied too, before the files given, so the files win ties.
 */
public final class VexMixin {

    @Option(names = "--vex", paramLabel = "FILE|DIR",
            description = "VEX document (OpenVEX, CycloneDX VEX, CSAF) or directory of them (*.json). Repeatable; "
                    + "later statements win.")
    List<Path> vex = new ArrayList<>();

    private VexDocuments.Loaded loaded;

    /** The statements of every --vex given, loaded once. */
    public List<VexStatement> statements() {
        return load().statements();
    }

    /** Problems that did not stop loading (products without purls...). */
    public List<String> warnings() {
        return load().warnings();
    }

    /** Fails now, naming the file, when a --vex path does not exist: before the analysis, not after it. */
    static void checkReadable(VexMixin mixin) {
        if (mixin == null) {
            return;
        }
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

    public List<Path> inputs() {
        return List.copyOf(vex);
    }

    /**
     * The statements for one scan: those embedded in an {@code sbom://} source, then those of --vex. Warnings
     * go to {@code err} (null for none).
     */
    public List<VexStatement> statementsFor(String source, PrintWriter err) {
        List<VexStatement> all = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (SbomReader.isSbomSource(source)) {
            String rest = source.substring(SbomReader.SCHEME.length());
            VexDocuments.Loaded embedded = VexDocuments.fromSbom(Path.of(rest.startsWith("//") ? rest.substring(2) : rest));
            all.addAll(embedded.statements());
            warnings.addAll(embedded.warnings());
        }
        all.addAll(statements());
        warnings.addAll(warnings());
        if (err != null) {
            warnings.forEach(w -> err.println("warden: warning: " + w));
            err.flush();
        }
        return all;
    }

    /** Matching's findings with VEX applied (suppressed ones stay, with their statement). */
    public List<Finding> apply(String source, Sbom sbom, List<Finding> findings, PrintWriter err) {
        List<VexStatement> statements = statementsFor(source, err);
        return statements.isEmpty() ? findings : new VexApplier(statements).apply(sbom, findings);
    }

    private VexDocuments.Loaded load() {
        if (loaded == null) {
            loaded = VexDocuments.read(vex);
        }
        return loaded;
    }
}
