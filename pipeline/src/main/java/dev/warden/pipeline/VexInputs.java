package dev.warden.pipeline;

import dev.warden.core.Sbom;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.vex.VexStatement;
import dev.warden.image.SourceRef;
import dev.warden.match.vex.VexApplier;
import dev.warden.match.vex.VexDocuments;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The VEX a scan applies: OpenVEX, CycloneDX VEX and CSAF documents, or directories of them, read once; for an
 * {@code sbom://} source the VEX the SBOM itself carries (CycloneDX analysis) comes first, so the documents given win
 * ties. One instance serves one run (the documents are read on first use).
 */
public final class VexInputs {
    private final List<Path> inputs;
    private final IgnoreFile ignoreFile;
    private VexDocuments.Loaded loaded;

    public VexInputs(List<Path> inputs) {
        this(inputs, null);
    }

    /** VEX documents and a team's ignore file ({@code .wardenignore}, {@code .trivyignore}), or null for none. */
    public VexInputs(List<Path> inputs, IgnoreFile ignoreFile) {
        this.inputs = List.copyOf(inputs);
        this.ignoreFile = ignoreFile;
    }

    /**
     * The scan with the ignore file's entries applied after VEX: findings they name are suppressed as {@code ignored}
     * with their reason; expired entries are warnings of the result, which the commands print and every format carries.
     */
    public ScanResult setAside(ScanResult scan) {
        if (ignoreFile == null) {
            return scan;
        }
        IgnoreFile.Applied applied = ignoreFile.apply(scan.findings(), LocalDate.now(ZoneOffset.UTC));
        List<String> warnings = new ArrayList<>(scan.warnings());
        warnings.addAll(applied.warnings());
        return new ScanResult(scan.sbom(), applied.findings(), scan.database(), scan.scannedAt(), warnings);
    }

    /** The statements of every document given. */
    public List<VexStatement> statements() {
        return load().statements();
    }

    /** Problems that did not stop loading (products without purls...). */
    public List<String> warnings() {
        return load().warnings();
    }

    public List<Path> inputs() {
        return inputs;
    }

    /**
     * The statements for one scan: those embedded in an {@code sbom://} source, then those of the documents given.
     * Warnings go to {@code err} (null for none).
     */
    public List<VexStatement> statementsFor(SourceRef source, PrintWriter err) {
        List<VexStatement> all = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (source instanceof SourceRef.SbomFile sbom) {
            VexDocuments.Loaded embedded = VexDocuments.fromSbom(sbom.file());
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
    public List<Finding> apply(SourceRef source, Sbom sbom, List<Finding> findings, PrintWriter err) {
        List<VexStatement> statements = statementsFor(source, err);
        return statements.isEmpty() ? findings : new VexApplier(statements).apply(sbom, findings);
    }

    private VexDocuments.Loaded load() {
        if (loaded == null) {
            loaded = VexDocuments.read(inputs);
        }
        return loaded;
    }
}
