package dev.warden.cli;

import dev.warden.attest.ArtifactStore;
import dev.warden.attest.ArtifactStores;
import dev.warden.attest.TrustedSigners;
import dev.warden.attest.VerificationKey;
import dev.warden.core.ImageInfo;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.image.SourceRef;
import dev.warden.pipeline.BackgroundStore;
import dev.warden.pipeline.ScanOptions;
import dev.warden.pipeline.ScanPipeline;
import dev.warden.pipeline.StartUpWork;
import dev.warden.policy.AttestationSignatures;
import dev.warden.policy.PolicyEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * One image scanned (advisories, VEX) and judged by a policy file, as policy, submit and intake need it: the scan,
 * the base image context, and the verdict.
 */
record JudgedScan(ScanResult scan, PolicyEngine.Context context, PolicyEngine.Verdict verdict) {
    /** {@code engine} is compiled by the caller before the (slow) scan, so that a bad policy file fails at once. */
    static JudgedScan of(SourceRef source, PolicyEngine engine, ScanPipeline pipeline, PolicyFileMixin policies, DbMixin db,
            VexMixin vex, BaseImageMixin baseImages, WardenCommand root, PrintWriter err) throws IOException {
        Map<String, VerificationKey> trustedKeys = policies.trustedKeys(engine);
        ScanResult scan;
        try (BackgroundStore store = StartUpWork.advisoryStore(db.vulnDb(root, err))) {
            scan = pipeline.scans(store, new ScanOptions(vex.inputs(), policies.needsSecrets()), root.quiet() ? null : err)
                    .scan(source);
        }
        PolicyEngine.Context context = pipeline.baseImages(db.offline(), err).context(scan, baseImages.candidates(policies))
                .withSignatures(signatures(source, scan, trustedKeys, pipeline));
        return new JudgedScan(scan, context, engine.evaluate(scan, context));
    }

    /**
     * Who signed the image's attestations, among the keys the policy file trusts: read where the signatures live
     * (a registry, an OCI layout), as {@code verify-attestation} reads them. Not checked (no data) when no policy
     * trusts a key or the source keeps no attestations; unreadable when reading them failed.
     */
    private static AttestationSignatures signatures(SourceRef source, ScanResult scan, Map<String, VerificationKey> keys,
            ScanPipeline pipeline) {
        if (keys.isEmpty()) {
            return AttestationSignatures.NOT_CHECKED;
        }
        ImageInfo image = scan.sbom().image();
        if (image == null || image.attestationState() != ImageInfo.AttestationState.SEARCHED) {
            return AttestationSignatures.NOT_CHECKED; // the policy says why from the image's own state
        }
        ArtifactStore store;
        try {
            store = ArtifactStores.open(source.text(), pipeline.access().options(false));
        } catch (WardenException e) {
            return new AttestationSignatures(AttestationSignatures.State.NOT_CHECKED, List.of(),
                    "signatures are checked in a registry or an OCI layout (oci-dir://), not in " + source.text());
        }
        try (store) {
            List<AttestationSignatures.Signed> signed = new TrustedSigners().check(store, keys).stream()
                    .map(s -> new AttestationSignatures.Signed(s.where(), s.predicateType(), s.signer(), s.reason())).toList();
            return new AttestationSignatures(AttestationSignatures.State.CHECKED, signed, "");
        } catch (IOException | WardenException e) {
            return new AttestationSignatures(AttestationSignatures.State.UNREADABLE, List.of(),
                    "the attestations' signatures could not be read: " + e.getMessage());
        }
    }
}
