package dev.warden.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.vex.VexStatement;
import dev.warden.match.vex.OpenVexWriter;
import dev.warden.server.Api;
import dev.warden.server.ImageFactsDocument;
import dev.warden.server.ImageStore;
import dev.warden.server.Role;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One stored image ({@code /images/{digest}}): its facts, layers and base image, each policy with why it is violated,
 * the score's history, its findings (filtered by severity, fixability and ecosystem through query parameters), the
 * VEX statements applied, its packages with licences, and downloads made by the API's own handlers.
 */
public final class ImagePage {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final List<String> FIXABLE = List.of("yes", "no");

    public record Fact(String label, String value) {}

    public record Layer(int index, String digest, String diffId, long size, long packages, String createdBy) {}

    public record PolicyView(String id, String name, String status, int weight, List<PolicyResult.Violation> violations, String missingData) {}

    public record FindingView(String id, String aliases, String severity, boolean kev, String pkg, String version, String ecosystem,
                              String fixedIn, String title, boolean suppressed, String vexStatus, Instant firstSeen, String proposeHref) {}

    public record VexView(String vulnerability, String pkg, String status, String justification, String impact, String action,
                          String matchedOn) {}

    public record PackageView(String name, String version, String type, String licenses, String layer) {}

    public record Judged(Instant at, String cause, String verdict, String grade, int score, Long policyVersion) {}

    public record Download(String label, String href) {}

    public record Option(String value, String label, boolean selected) {}

    public record Model(Frame frame, ImageStore.ImageSummary image, String digestHref, List<Fact> facts, List<Layer> layers, List<Fact> base,
                        String verdict, List<PolicyView> policies, LineChart history, List<Judged> judgements, List<FindingView> findings,
                        int findingsTotal, boolean findingsTruncated, List<Option> severities, List<Option> fixable, List<Option> ecosystems,
                        boolean showSuppressed, List<VexView> vex, List<PackageView> packages, int packagesTotal, List<Download> downloads,
                        String partialSbom, String dataCaveat) {}

    private final ImageStore images;
    private final Api api;
    private final ObjectMapper json;
    private final Views views;
    private final Clock clock;

    public ImagePage(ImageStore images, Api api, ObjectMapper json, Views views, Clock clock) {
        this.images = images;
        this.api = api;
        this.json = json;
        this.views = views;
        this.clock = clock;
    }

    public List<ConsoleRoute> routes() {
        return List.of(
                new ConsoleRoute(HandlerType.GET, "/images/{digest}", Role.VIEWER, this::show),
                new ConsoleRoute(HandlerType.GET, "/images/{digest}/sbom", Role.VIEWER, r -> download(r, "sbom")),
                new ConsoleRoute(HandlerType.GET, "/images/{digest}/report", Role.VIEWER, r -> download(r, "report")),
                new ConsoleRoute(HandlerType.GET, "/images/{digest}/openvex", Role.VIEWER, this::openVex));
    }

    private String digest(ConsoleRequest r) {
        String digest = r.ctx().pathParam("digest");
        if (!DIGEST.matcher(digest).matches()) {
            throw ConsoleProblem.notFound("An image digest is sha256: and 64 lower-case hex digits.");
        }
        return digest;
    }

    private ImageStore.ImageSummary stored(String digest) {
        return images.summary(digest).orElseThrow(() -> ConsoleProblem.notFound("No image " + digest + " is stored."));
    }

    private void show(ConsoleRequest r) throws IOException {
        String digest = digest(r);
        ImageStore.ImageSummary image = stored(digest);
        ImageFactsDocument facts = json.readValue(images.facts(digest).orElse("{}"), ImageFactsDocument.class);
        Sbom sbom = facts.applyTo(new SbomReader().read(images.sbom(digest).orElseThrow(), "stored SBOM of " + digest));
        String severity = r.query("severity");
        String fixable = r.query("fixable");
        String ecosystem = r.query("ecosystem");
        boolean showSuppressed = "1".equals(r.query("suppressed"));
        if (severity != null && java.util.Arrays.stream(SeverityLevel.values()).noneMatch(l -> l.id().equals(severity))
                || fixable != null && !FIXABLE.contains(fixable)) {
            throw ConsoleProblem.badRequest("severity must be a severity and fixable yes or no.");
        }

        var judgement = images.currentJudgement(digest);
        List<PolicyView> policies = new ArrayList<>();
        judgement.ifPresent(j -> images.results(j).forEach(p -> policies.add(new PolicyView(p.policyId(), p.name(), p.status().id(), p.weight(),
                p.violations(), p.missingData()))));

        List<ImageStore.StoredFinding> stored = images.findings(digest, false, null, ConsoleLimits.MAX_FINDINGS_SHOWN + 1, 0);
        boolean findingsTruncated = stored.size() > ConsoleLimits.MAX_FINDINGS_SHOWN;
        List<Finding> all = stored.stream().limit(ConsoleLimits.MAX_FINDINGS_SHOWN).map(images::finding).toList();
        Set<String> ecosystems = new TreeSet<>();
        all.forEach(f -> ecosystems.add(ecosystem(f)));
        List<FindingView> findings = new ArrayList<>();
        List<VexView> vex = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Finding f = all.get(i);
            if (f.vex() != null) {
                VexStatement s = f.vex().statement();
                vex.add(new VexView(f.id(), f.pkg().name() + " " + f.pkg().version(), s.status().name().toLowerCase(Locale.ROOT), s.justification(),
                        s.impactStatement(), s.actionStatement(), f.vex().matchedOn()));
            }
            if (f.suppressed() && !showSuppressed || severity != null && !f.severity().level().id().equals(severity)
                    || "yes".equals(fixable) && f.fixedVersions().isEmpty() || "no".equals(fixable) && !f.fixedVersions().isEmpty()
                    || ecosystem != null && !ecosystem(f).equals(ecosystem)) {
                continue;
            }
            findings.add(new FindingView(f.id(), String.join(", ", f.aliases()), f.severity().level().id(), f.kev() != null, f.pkg().name(),
                    f.pkg().version(), ecosystem(f), String.join(", ", f.fixedVersions()), f.title(), f.suppressed(),
                    f.vex() == null ? null : f.vex().statement().status().name().toLowerCase(Locale.ROOT), stored.get(i).firstSeen(),
                    VexDeskPage.proposeHref(digest, f.id(), f.pkg().purl())));
        }

        List<Option> severities = new ArrayList<>(List.of(new Option("", "any", severity == null)));
        for (SeverityLevel l : SeverityLevel.values()) {
            severities.add(new Option(l.id(), l.id(), l.id().equals(severity)));
        }
        List<Option> fixableOptions = List.of(new Option("", "any", fixable == null), new Option("yes", "fixable", "yes".equals(fixable)),
                new Option("no", "not fixable", "no".equals(fixable)));
        List<Option> ecosystemOptions = new ArrayList<>(List.of(new Option("", "any", ecosystem == null)));
        ecosystems.forEach(e -> ecosystemOptions.add(new Option(e, e, e.equals(ecosystem))));

        List<ImageStore.Judgement> history = new ArrayList<>(images.history(digest, ConsoleLimits.HISTORY_POINTS, 0));
        history.sort(Comparator.comparing(ImageStore.Judgement::judgedAt));
        List<Judged> judged = history.stream().map(j -> new Judged(j.judgedAt(), j.cause(), j.verdict(), j.grade(), j.score(), j.policyVersion()))
                .toList().reversed();
        LineChart chart = LineChart.of(history.stream().map(j -> j.judgedAt().toString().substring(5, 10)).toList(),
                List.of(new LineChart.Input("score %", "line-score", history.stream().map(j -> (long) j.score()).toList())),
                history.isEmpty() ? "Not judged yet." : "Score over the last " + history.size() + " judgements: from "
                        + history.get(0).score() + "% (" + history.get(0).grade() + ") to " + history.get(history.size() - 1).score() + "% ("
                        + history.get(history.size() - 1).grade() + ").");

        String href = OverviewPage.imageHref(digest);
        List<Download> downloads = List.of(
                new Download("SBOM, CycloneDX", href + "/sbom?format=cyclonedx-json"),
                new Download("SBOM, SPDX", href + "/sbom?format=spdx-json"),
                new Download("Findings, SARIF", href + "/report?format=sarif"),
                new Download("Report, HTML", href + "/report?format=html"),
                new Download("Report, JSON", href + "/report?format=json"),
                new Download("VEX applied, OpenVEX", href + "/openvex"));

        List<Package> sorted = sbom.packages().stream().sorted(Comparator.comparing((Package p) -> String.valueOf(p.name()))
                .thenComparing(p -> String.valueOf(p.version()))).toList();
        Map<String, Integer> layerIndex = new LinkedHashMap<>();
        List<ImageInfo.LayerInfo> layerInfos = sbom.image() == null ? List.of() : sbom.image().layers();
        for (int i = 0; i < layerInfos.size(); i++) {
            layerIndex.putIfAbsent(layerInfos.get(i).diffId(), i + 1);
        }
        List<PackageView> packages = sorted.stream().limit(ConsoleLimits.MAX_PACKAGES_SHOWN).map(p -> new PackageView(p.name(), p.version(), p.type(),
                String.join(", ", p.licenses()), layerOf(p, layerIndex))).toList();

        Model model = new Model(new Frame(image.repository() + " · image", "images", r.session()), image, href, facts(sbom, digest),
                layers(sbom, layerIndex), base(facts), judgement.map(ImageStore.Judgement::verdict).orElse(null), policies, chart, judged,
                findings, all.size(), findingsTruncated, severities, fixableOptions, ecosystemOptions, showSuppressed, vex, packages,
                sorted.size(), downloads, sbom.selection().caveat().orElse(""),
                // what the verdict rests on, as every report says it: sample data (for which ecosystems) or stale data
                judgement.flatMap(j -> images.databaseInfo(j).caveat(j.judgedAt())).orElse(null));
        views.render(r.ctx(), 200, "image.jte", model);
    }

    private static String ecosystem(Finding f) {
        return f.ecosystem() != null && !f.ecosystem().isBlank() ? f.ecosystem() : String.valueOf(f.pkg().type());
    }

    private static String layerOf(Package p, Map<String, Integer> layerIndex) {
        Set<String> layers = new LinkedHashSet<>();
        for (Location l : p.locations()) {
            Integer i = layerIndex.get(l.layerDiffId());
            if (i != null) {
                layers.add(Integer.toString(i));
            }
        }
        return String.join(", ", layers);
    }

    private static List<Fact> facts(Sbom sbom, String digest) {
        List<Fact> out = new ArrayList<>();
        out.add(new Fact("Digest", digest));
        ImageInfo image = sbom.image();
        if (image != null) {
            out.add(new Fact("Reference", image.reference()));
            out.add(new Fact("Config digest", image.configDigest()));
            if (image.platform() != null) {
                ImageInfo.Platform p = image.platform();
                out.add(new Fact("Platform", p.os() + "/" + p.architecture() + (p.variant() == null || p.variant().isBlank() ? "" : "/" + p.variant())));
            }
            ImageInfo.ImageConfig c = image.config();
            if (c != null) {
                out.add(new Fact("User", c.user() == null || c.user().isBlank() ? "(none: runs as root)" : c.user()));
                out.add(new Fact("Entrypoint", String.join(" ", c.entrypoint())));
                out.add(new Fact("Command", String.join(" ", c.cmd())));
                out.add(new Fact("Working directory", c.workingDir()));
                out.add(new Fact("Exposed ports", String.join(", ", c.exposedPorts())));
                out.add(new Fact("Created", c.created()));
            }
        }
        if (sbom.distro() != null) {
            out.add(new Fact("Distribution", sbom.distro().prettyName() != null ? sbom.distro().prettyName() : sbom.distro().id() + " " + sbom.distro().versionId()));
        }
        out.add(new Fact("Packages", Integer.toString(sbom.packages().size())));
        return out.stream().filter(f -> f.value() != null && !f.value().isBlank()).toList();
    }

    private static List<Layer> layers(Sbom sbom, Map<String, Integer> layerIndex) {
        if (sbom.image() == null) {
            return List.of();
        }
        List<ImageInfo.HistoryEntry> history = sbom.image().config() == null ? List.of()
                : sbom.image().config().history().stream().filter(h -> !h.emptyLayer()).toList();
        Map<Integer, Long> counts = new LinkedHashMap<>();
        for (Package p : sbom.packages()) {
            for (Location l : p.locations()) {
                Integer i = layerIndex.get(l.layerDiffId());
                if (i != null) {
                    counts.merge(i, 1L, Long::sum);
                    break;
                }
            }
        }
        List<Layer> out = new ArrayList<>();
        List<ImageInfo.LayerInfo> layers = sbom.image().layers();
        for (int i = 0; i < layers.size(); i++) {
            ImageInfo.LayerInfo l = layers.get(i);
            String createdBy = i < history.size() ? history.get(i).createdBy() : null;
            out.add(new Layer(i + 1, l.digest(), l.diffId(), l.size(), counts.getOrDefault(i + 1, 0L), createdBy));
        }
        return out;
    }

    private static List<Fact> base(ImageFactsDocument facts) {
        List<Fact> out = new ArrayList<>();
        if (facts.base() != null) {
            out.add(new Fact("Base image", facts.base().name()));
            out.add(new Fact("Base digest", facts.base().digest()));
            out.add(new Fact("Found by", facts.base().method() == null ? null : facts.base().method().toString().toLowerCase(Locale.ROOT).replace('_', ' ')));
            out.add(new Fact("Detail", facts.base().detail()));
        }
        if (facts.baseTag() != null) {
            out.add(new Fact("Base tag", facts.baseTag().reference()));
            out.add(new Fact("Tag points to", String.join(", ", facts.baseTag().digests())));
            out.add(new Fact("Tag not read", facts.baseTag().unavailable()));
        }
        return out.stream().filter(f -> f.value() != null && !f.value().isBlank()).toList();
    }

    /** The API's SBOM and report handlers, as downloads: the same bytes {@code /api/v1} gives. */
    private void download(ConsoleRequest r, String kind) throws IOException {
        String digest = digest(r);
        ImageStore.ImageSummary image = stored(digest);
        Context ctx = r.ctx();
        String format = ctx.queryParam("format");
        String extension = switch (String.valueOf(format)) {
            case "spdx-json" -> ".spdx.json";
            case "sarif" -> ".sarif";
            case "html" -> ".html";
            case "json" -> ".json";
            case "markdown" -> ".md";
            case "table" -> ".txt";
            default -> kind.equals("sbom") ? ".cdx.json" : ".json";
        };
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName(image, digest) + (kind.equals("sbom") ? "-sbom" : "-report") + extension + "\"");
        if (kind.equals("sbom")) {
            api.sbom(ctx);
        } else {
            api.report(ctx);
        }
    }

    /** The VEX statements that decided this image's findings, as one OpenVEX document. */
    private void openVex(ConsoleRequest r) {
        String digest = digest(r);
        ImageStore.ImageSummary image = stored(digest);
        Map<String, VexStatement> statements = new LinkedHashMap<>();
        for (ImageStore.StoredFinding s : images.findings(digest, false, null, Integer.MAX_VALUE, 0)) {
            Finding f = images.finding(s);
            if (f.vex() != null) {
                VexStatement st = f.vex().statement();
                statements.putIfAbsent(st.vulnerability() + "|" + st.products() + "|" + st.status(), st);
            }
        }
        byte[] doc = new OpenVexWriter("Warden server", "Warden").write(List.copyOf(statements.values()), clock.instant());
        r.ctx().header("Content-Disposition", "attachment; filename=\"" + fileName(image, digest) + "-vex.openvex.json\"");
        r.ctx().status(200).contentType("application/json").result(doc);
    }

    /** A file name from our own values: the repository's last part (its grammar is [a-z0-9._-]) and the digest. */
    private static String fileName(ImageStore.ImageSummary image, String digest) {
        String repo = image.repository();
        String last = repo.substring(repo.lastIndexOf('/') + 1).replaceAll("[^a-z0-9._-]", "_");
        return last + "-" + digest.substring(7, 19);
    }
}
