package dev.warden.cli;

import dev.warden.core.finding.ScanResult;
import dev.warden.image.SourceRef;
import dev.warden.pipeline.BackgroundStore;
import dev.warden.pipeline.ScanOptions;
import dev.warden.pipeline.ScanPipeline;
import dev.warden.policy.PolicyEngine;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * One image scanned (advisories, VEX) and judged by a policy file, as policy, submit and intake need it: the scan,
 * the base image context, and the verdict.
 */
record JudgedScan(ScanResult scan, PolicyEngine.Context context, PolicyEngine.Verdict verdict) {
    /** {@code engine} is compiled by the caller before the (slow) scan, so that a bad policy file fails at once. */
    static JudgedScan of(SourceRef source, PolicyEngine engine, ScanPipeline pipeline, PolicyFileMixin policies, DbMixin db,
            VexMixin vex, BaseImageMixin baseImages, WardenCommand root, PrintWriter err) throws IOException {
        ScanResult scan;
        try (BackgroundStore store = BackgroundStore.open(db.vulnDb(root, err))) {
            scan = pipeline.scans(store, new ScanOptions(vex.inputs(), policies.needsSecrets()), root.quiet() ? null : err)
                    .scan(source);
        }
        PolicyEngine.Context context = pipeline.baseImages(db.offline(), err).context(scan, baseImages.candidates(policies));
        return new JudgedScan(scan, context, engine.evaluate(scan, context));
    }
}
