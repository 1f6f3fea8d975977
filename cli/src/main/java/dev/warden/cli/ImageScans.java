package dev.warden.cli;

import dev.warden.core.Sbom;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.match.MatchResult;
import dev.warden.match.Matcher;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The scan pipeline of every command that scans (scan, policy, quickview, compare, recommendations, vex list):
 * analyse, match, apply VEX; several images may be judged against one advisory store, which opens while the first
 * image is analysed.
 */
final class ImageScans {
    private final BackgroundStore store;
    private final SourceMixin sourceOptions;
    private final VexMixin vex;
    private final WardenCommand root;
    private final PrintWriter err;
    private final boolean secrets;

    /** {@code err} gets progress and warnings; null for none. */
    ImageScans(BackgroundStore store, SourceMixin sourceOptions, VexMixin vex, WardenCommand root, PrintWriter err) {
        this(store, sourceOptions, vex, root, err, false);
    }

    private ImageScans(BackgroundStore store, SourceMixin sourceOptions, VexMixin vex, WardenCommand root, PrintWriter err,
                       boolean secrets) {
        this.store = store;
        this.sourceOptions = sourceOptions;
        this.vex = vex;
        this.root = root;
        this.err = err;
        this.secrets = secrets;
    }

    /** These scans, also scanning the images' files for secrets when {@code secrets} (docs/secrets.md). */
    ImageScans withSecrets(boolean secrets) {
        return new ImageScans(store, sourceOptions, vex, root, err, secrets);
    }

    ScanResult scan(String source) throws IOException {
        if (err != null) {
            err.println("warden: scanning " + source);
            err.flush();
        }
        Sbom sbom = Analyzer.analyse(source, sourceOptions, root, secrets);
        List<String> warnings = new ArrayList<>(sbom.warnings());
        AdvisoryStore advisories = store.get(); // opened while the image was analysed
        MatchResult matched = new Matcher(advisories).match(sbom);
        warnings.addAll(matched.warnings());
        List<Finding> findings = vex == null ? matched.findings() : vex.apply(source, sbom, matched.findings(), err);
        return new ScanResult(sbom, findings, store.describe(), Instant.now(), warnings);
    }
}
