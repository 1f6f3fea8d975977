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
        Sbom sbom = Analyzer.analyse(source, sourceOptions, root, secrets, StoreJarIndex.of(() -> store.get().database()));
        List<String> warnings = new ArrayList<>(sbom.warnings());
        AdvisoryStore advisories = store.get(); // opened while the image was analysed
        MatchResult matched = new Matcher(advisories).match(sbom);
        warnings.addAll(matched.warnings());
        List<Finding> findings = vex == null ? matched.findings() : vex.apply(source, sbom, matched.findings(), err);
        return new ScanResult(sbom, findings, databaseInfo(advisories), Instant.now(), warnings);
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
