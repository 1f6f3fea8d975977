package dev.warden.cli;

import dev.warden.core.Sbom;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.match.MatchResult;
import dev.warden.match.Matcher;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.FeedState;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scan pipeline for commands that judge several images against one open advisory store ({@code compare},
 * {@code recommendations}): analyse, match, apply VEX.
 */
final class ImageScans {
    private final AdvisoryStore store;
    private final SourceMixin sourceOptions;
    private final VexMixin vex;
    private final WardenCommand root;
    private final PrintWriter err;
    private final boolean secrets;

    /** {@code err} gets progress and warnings; null for none. */
    ImageScans(AdvisoryStore store, SourceMixin sourceOptions, VexMixin vex, WardenCommand root, PrintWriter err) {
        this(store, sourceOptions, vex, root, err, false);
    }

    private ImageScans(AdvisoryStore store, SourceMixin sourceOptions, VexMixin vex, WardenCommand root, PrintWriter err,
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
        MatchResult matched = new Matcher(store).match(sbom);
        warnings.addAll(matched.warnings());
        List<Finding> findings = vex == null ? matched.findings() : vex.apply(source, sbom, matched.findings(), err);
        return new ScanResult(sbom, findings, databaseInfo(store), Instant.now(), warnings);
    }

    static ScanResult.DatabaseInfo databaseInfo(AdvisoryStore store) {
        Map<String, Long> feeds = new LinkedHashMap<>();
        Instant newest = null;
        for (FeedState s : store.feedStates()) {
            feeds.put(s.feed(), s.records());
            if (s.importedAt() != null && (newest == null || s.importedAt().isAfter(newest))) {
                newest = s.importedAt();
            }
        }
        return new ScanResult.DatabaseInfo(store.database().describe(), newest, feeds);
    }
}
