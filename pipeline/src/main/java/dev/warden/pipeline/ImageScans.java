package dev.warden.pipeline;

import dev.warden.catalog.CatalogSelection;
import dev.warden.catalog.secret.SecretRuleSet;
import dev.warden.core.Sbom;
import dev.warden.core.advisory.AdvisoryLookup;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.progress.Phase;
import dev.warden.core.progress.WorkProgress;
import dev.warden.image.SourceRef;
import dev.warden.match.MatchResult;
import dev.warden.match.Matcher;
import dev.warden.match.vex.VexApplier;
import dev.warden.core.vex.VexStatement;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Analyse, match, apply VEX: the scan of every command that scans (scan, policy, quickview, compare, recommendations,
 * vex list); several images may be judged against one advisory store, which opens while the first image is analysed.
 * Made by {@link ScanPipeline#scans}.
 */
public final class ImageScans {
    private final BackgroundStore store;
    private final ImageAccess access;
    private final CatalogSelection selection;
    private final ScanOptions options;
    private final PrintWriter err;
    private final SecretRuleSet secretRules;

    ImageScans(BackgroundStore store, ImageAccess access, CatalogSelection selection, ScanOptions options, PrintWriter err,
            SecretRuleSet secretRules) {
        this.secretRules = secretRules;
        this.store = store;
        this.access = access;
        this.selection = selection;
        this.options = options;
        this.err = err;
    }

    public ScanResult scan(SourceRef source) throws IOException {
        if (err != null) {
            err.println("warden: scanning " + source.text());
            err.flush();
        }
        Sbom sbom = Analyzer.analyse(source, access, selection, options.secrets() ? secretRules : null, StoreJarIndex.of(() -> store.get().database()));
        AdvisoryStore advisories = store.get(); // opened while the image was analysed
        List<VexStatement> statements = options.vex() == null ? List.of() : options.vex().statementsFor(source, err);
        ScanResult result = match(sbom, statements, advisories, store.describe(), Instant.now(), access.progress());
        return options.vex() == null ? result : options.vex().setAside(result);
    }

    public static ScanResult match(Sbom sbom, List<VexStatement> statements, AdvisoryLookup advisories,
            ScanResult.DatabaseInfo database, Instant scannedAt) {
        return match(sbom, statements, advisories, database, scannedAt, WorkProgress.NONE);
    }

    /**
     * Match and VEX for an SBOM already made (the server judges the SBOMs pushed to it this way): the findings with
     * {@code statements} applied (later ones win), and {@code database}, what the reports say of the data they were
     * judged against ({@code VulnDb.describe}: its date, whether it is the shipped sample).
     */
    public static ScanResult match(Sbom sbom, List<VexStatement> statements, AdvisoryLookup advisories,
            ScanResult.DatabaseInfo database, Instant scannedAt, WorkProgress progress) {
        List<String> warnings = new ArrayList<>(sbom.warnings());
        // a scan's warnings go to stderr and into every report: a gate on a partial SBOM does not pass silently
        sbom.selection().caveat().ifPresent(warnings::add);
        progress.phase(Phase.MATCH);
        MatchResult matched = new Matcher(advisories, progress).match(sbom);
        warnings.addAll(matched.warnings());
        progress.phase(Phase.JUDGE);
        List<Finding> findings = statements.isEmpty() ? matched.findings() : new VexApplier(statements).apply(sbom, matched.findings());
        return new ScanResult(sbom, findings, database, scannedAt, warnings);
    }
}
