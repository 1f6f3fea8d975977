package dev.warden.cli;

import dev.warden.core.finding.ScanResult;
import dev.warden.policy.PolicyEngine;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * One image scanned (advisories, VEX) and judged by a policy file, as submit and intake need it: the scan, the base
 * image context, and the verdict.
 */
record JudgedScan(ScanResult scan, PolicyEngine.Context context, PolicyEngine.Verdict verdict) {
    /** {@code engine} is compiled by the caller before the (slow) scan, so that a bad policy file fails at once. */
    static JudgedScan of(String source, PolicyEngine engine, SourceMixin sourceOptions, PolicyFileMixin policies, DbMixin db,
            VexMixin vex, BaseImageMixin baseImages, WardenCommand root, PrintWriter err) throws IOException {
        ScanResult scan;
        try (BackgroundStore store = BackgroundStore.open(db.vulnDb(root, err))) {
            scan = new ImageScans(store, sourceOptions, vex, root, root.quiet() ? null : err)
                    .withSecrets(policies.needsSecrets()).scan(source);
        }
        PolicyEngine.Context context = new BaseImages(sourceOptions, root, db.offline(), err).context(scan, baseImages.candidates(policies));
        return new JudgedScan(scan, context, engine.evaluate(scan, context));
    }
}
