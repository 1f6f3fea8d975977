package dev.warden.cli;

import dev.warden.image.SourceRef;
import dev.warden.pipeline.TagVersions;
import dev.warden.pipeline.ScanPipeline;
import dev.warden.pipeline.ScanOptions;
import dev.warden.pipeline.ImageScans;
import dev.warden.pipeline.BaseImageRef;
import dev.warden.pipeline.BackgroundStore;
import dev.warden.pipeline.StartUpWork;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.core.ImageInfo;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.Score;
import dev.warden.image.ImageSource;
import dev.warden.image.registry.RegistryTags;
import dev.warden.policy.BaseImage;
import dev.warden.policy.BaseTagState;
import dev.warden.policy.PolicyEngine;
import dev.warden.report.Summary;
import dev.warden.vulndb.VulnDb;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warden recommendations SOURCE}: for the image's base image (annotations, else layer matching against the
 * {@code --base-image} candidates), the same tag's newer digest (refresh) and the repository's newer tags of the same
 * line (update), each scanned against the advisory database and graded by the default policies, best first.
 */
@Command(name = "recommendations", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden recommendations alpine:3.18",
                  "  warden recommendations oci-dir://target/demo/oci:bookworm --format json"},
        description = "Suggest a refreshed or newer base image, each scanned for vulnerabilities and graded, best first.")
final class RecommendationsCommand implements Callable<Integer> {
    /** Each candidate is pulled and scanned: a handful keeps the command to minutes on a large base. */
    static final int DEFAULT_MAX_UPDATES = 5;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = SourceRef.FORMS)
    String source;

    @Mixin
    BaseImageMixin baseImages;

    @Mixin
    PolicyFileMixin policies;

    @Option(names = "--max-updates", paramLabel = "N", description = "Newer tags to scan, newest first (default ${DEFAULT-VALUE}).")
    int maxUpdates = DEFAULT_MAX_UPDATES;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table or json (default ${DEFAULT-VALUE}).")
    String format = "table";

    @Mixin
    SourceMixin sourceOptions;

    @Mixin
    CatalogMixin catalog;

    @Mixin
    DbMixin db;

    /** One base image considered: what it is to the image, where it is, its findings and its policy score. */
    record Candidate(String kind, String reference, String digest, Summary summary, Score score) {}

    @Override
    public Integer call() throws Exception {
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("table") && !format.equals("json")) {
            throw new WardenException("unknown format '" + format + "': expected table or json");
        }
        if (maxUpdates < 0) {
            throw new WardenException("--max-updates must be 0 or more");
        }
        PolicyEngine engine = policies.engine(); // a bad policy file fails before any lookup
        PrintWriter progress = root.quiet() ? null : err;
        ScanPipeline pipeline = sourceOptions.pipeline(root, catalog.selection());
        BaseImageRef base = pipeline.baseImages(true, err).detect(pipeline.imageInfo(SourceRef.parse(source)), baseImages.candidates(policies))
                .map(BaseImageRef::of).orElseThrow(() -> new WardenException(source + ": no base image known: the image has no "
                        + BaseImage.NAME_ANNOTATION + " annotation and no --base-image candidate's layers begin the image's layers; "
                        + "name candidates with --base-image HOST/REPO:TAG"));
        if (progress != null) {
            progress.println("warden: base image " + base.reference() + (base.digest() == null ? "" : " @ " + base.digest())
                    + " (from " + base.from() + ")");
        }
        List<Candidate> candidates = new ArrayList<>();
        VulnDb vulnDb = db.vulnDb(root, err);
        try (BackgroundStore store = StartUpWork.advisoryStore(vulnDb)) {
            ImageScans scans = pipeline.scans(store, new ScanOptions(null, policies.needsSecrets()), progress);
            String tagRef = base.repository() + ":" + base.tag();
            ScanResult now = scans.scan(SourceRef.parse("registry://" + tagRef));
            String nowDigest = now.sbom().image().manifestDigest();
            if (base.digest() != null && !base.digest().equals(nowDigest)) {
                String built = base.repository() + "@" + base.digest();
                candidates.add(candidate(engine, "current", built, scans.scan(SourceRef.parse("registry://" + built))));
                candidates.add(candidate(engine, "refresh", tagRef, now));
            } else {
                candidates.add(candidate(engine, "current", tagRef, now));
            }
            List<String> tags = pipeline.tags(tagRef, RegistryTags.DEFAULT_MAX_TAGS);
            for (String tag : TagVersions.newer(base.tag(), tags, maxUpdates)) {
                candidates.add(candidate(engine, "update", base.repository() + ":" + tag, scans.scan(SourceRef.parse("registry://" + base.repository() + ":" + tag))));
            }
        }
        List<Candidate> ranked = rank(candidates);
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(json(base, ranked));
        } else {
            table(base, ranked, out);
        }
        out.flush();
        return 0;
    }

    /** A base image's own base is not judged here: its policies see its annotations only, and no registry lookup. */
    private static final PolicyEngine.Context CANDIDATE_CONTEXT =
            new PolicyEngine.Context(null, BaseTagState.unavailable("not looked up for a candidate base image"));

    private static Candidate candidate(PolicyEngine engine, String kind, String reference, ScanResult scan) {
        Score score = engine.evaluate(scan, CANDIDATE_CONTEXT).score();
        return new Candidate(kind, reference, scan.sbom().image().manifestDigest(), Summary.of(scan.findings()), score);
    }

    /**
     * Best grade first (the default policies run on each candidate), then fewest critical, high, medium, low, then
     * fewest in all; ties keep current before refresh before update.
     */
    static List<Candidate> rank(List<Candidate> candidates) {
        Comparator<Candidate> order = Comparator.comparingInt((Candidate c) -> c.score().grade());
        order = order.thenComparingInt(c -> c.summary().count(SeverityLevel.CRITICAL));
        for (SeverityLevel level : List.of(SeverityLevel.HIGH, SeverityLevel.MEDIUM, SeverityLevel.LOW)) {
            order = order.thenComparingInt(c -> c.summary().count(level));
        }
        order = order.thenComparingInt(c -> c.summary().total());
        return candidates.stream().sorted(order).toList();
    }

    private static void table(BaseImageRef base, List<Candidate> ranked, PrintWriter out) {
        out.println("Base image: " + base.reference() + (base.digest() == null ? "" : " @ " + base.digest()) + " (from " + base.from() + ")");
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RANK", "KIND", "IMAGE", "DIGEST", "GRADE", "CRITICAL", "HIGH", "MEDIUM", "LOW", "TOTAL", "FIXABLE"});
        int rank = 1;
        for (Candidate c : ranked) {
            Summary s = c.summary();
            rows.add(new String[] {String.valueOf(rank++), c.kind(), c.reference(), shortDigest(c.digest()),
                    c.score().grade() + " (" + c.score().percent() + "%)", String.valueOf(s.count(SeverityLevel.CRITICAL)), String.valueOf(s.count(SeverityLevel.HIGH)),
                    String.valueOf(s.count(SeverityLevel.MEDIUM)), String.valueOf(s.count(SeverityLevel.LOW)),
                    String.valueOf(s.total()), String.valueOf(s.fixable())});
        }
        Table.print(rows, out);
        Candidate best = ranked.get(0);
        out.println();
        out.println(best.kind().equals("current") ? "The current base image is the best of these."
                : "Recommended: " + best.reference() + " (" + best.kind() + ")");
    }

    private static String json(BaseImageRef base, List<Candidate> ranked) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode doc = mapper.createObjectNode();
        ObjectNode b = doc.putObject("baseImage");
        b.put("reference", base.reference().toString());
        b.put("digest", base.digest());
        b.put("from", base.from());
        ArrayNode list = doc.putArray("candidates");
        for (Candidate c : ranked) {
            ObjectNode n = list.addObject();
            n.put("kind", c.kind());
            n.put("reference", c.reference());
            n.put("digest", c.digest());
            n.put("grade", String.valueOf(c.score().grade()));
            n.put("percent", c.score().percent());
            ObjectNode counts = n.putObject("counts");
            for (SeverityLevel level : SeverityLevel.values()) {
                counts.put(level.id(), c.summary().count(level));
            }
            n.put("total", c.summary().total());
            n.put("fixable", c.summary().fixable());
        }
        return mapper.writeValueAsString(doc);
    }

    private static String shortDigest(String digest) {
        return digest == null ? "-" : digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
