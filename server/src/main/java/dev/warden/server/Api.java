package dev.warden.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.catalog.sbom.SbomFormat;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.WardenException;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.Score;
import dev.warden.report.Report;
import dev.warden.report.ReportFormat;
import dev.warden.report.ReportFormats;
import dev.warden.report.ReportOptions;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The routes of {@code /api/v1} and what each does; {@link WardenServer} serves them. */
public final class Api {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    /** Repository names as OCI distribution allows them (lower case path components), plus a host with a port. */
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+|__)*(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final String YAML = "application/yaml";

    private final VulnDb advisories;
    private final ImageStore images;
    private final PolicyStore policies;
    private final VexStore vex;
    private final Tokens tokens;
    private final Transactions tx;
    private final ObjectMapper json;
    private final Tool tool;

    public Api(VulnDb advisories, ImageStore images, PolicyStore policies, VexStore vex, Tokens tokens, Transactions tx, ObjectMapper json,
               Tool tool) {
        this.advisories = advisories;
        this.images = images;
        this.policies = policies;
        this.vex = vex;
        this.tokens = tokens;
        this.tx = tx;
        this.json = json;
        this.tool = tool;
    }

    /** Every route under {@code /api/v1}. */
    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/api/v1/images", Role.VIEWER,
                        "Stored images, newest push first; filters: repository, tag, grade, verdict (compliant, violated, no_data)", "page", this::listImages),
                new Route(HandlerType.POST, "/api/v1/images", Role.DEVELOPER,
                        "Push an image: its CycloneDX SBOM and facts; the server matches, judges, stores and answers with the verdict", "verdict", this::push),
                new Route(HandlerType.GET, "/api/v1/images/{digest}", Role.VIEWER, "One image: tags, facts, current verdict and policy results; selection says whether its SBOM is partial "
                        + "(partial, catalogers, skipDirs, skipFiles, warning: PARTIAL SBOM ..., as in the scan JSON)", "object", this::image),
                new Route(HandlerType.GET, "/api/v1/images/{digest}/findings", Role.VIEWER,
                        "Findings of an image (open ones; resolved=true adds resolved ones; severity filters)", "page", this::findings),
                new Route(HandlerType.GET, "/api/v1/images/{digest}/history", Role.VIEWER, "Every judgement of an image, newest first", "page", this::history),
                new Route(HandlerType.GET, "/api/v1/images/{digest}/sbom", Role.VIEWER, "The SBOM: format=cyclonedx-json (default) or spdx-json", "document", this::sbom),
                new Route(HandlerType.GET, "/api/v1/images/{digest}/report", Role.VIEWER,
                        "The stored verdict as a report: format=" + String.join("|", ReportFormats.ids()), "document", this::report),
                new Route(HandlerType.GET, "/api/v1/policy", Role.VIEWER, "The active policy file (YAML) with its version as ETag", "yaml", this::policy),
                new Route(HandlerType.GET, "/api/v1/policy/versions", Role.VIEWER, "Published policy versions, newest first", "page", this::policyVersions),
                new Route(HandlerType.GET, "/api/v1/policy/versions/{version}", Role.VIEWER, "One policy version (YAML)", "yaml", this::policyVersion),
                new Route(HandlerType.GET, "/api/v1/audit", Role.SECURITY, "The audit log, newest first (type: policy, vex, token, watch, image)", "page", this::audit),
                new Route(HandlerType.GET, "/api/v1/tokens", Role.ADMIN, "API tokens (never the tokens themselves)", "page", this::listTokens),
                new Route(HandlerType.POST, "/api/v1/tokens", Role.ADMIN, "Make a token: {name, role}; the token is in this answer only", "object", this::createToken),
                new Route(HandlerType.DELETE, "/api/v1/tokens/{id}", Role.ADMIN, "Revoke a token", "none", this::revokeToken));
    }

    // ---- images

    private void listImages(Context ctx) {
        Page page = Page.of(ctx);
        String repository = ctx.queryParam("repository");
        String grade = ctx.queryParam("grade");
        String verdict = ctx.queryParam("verdict");
        if (grade != null && !grade.matches("[A-F]")) {
            throw ApiProblem.badRequest("grade must be one of A, B, C, D, E, F");
        }
        if (verdict != null && !List.of("compliant", "violated", "no_data").contains(verdict)) {
            throw ApiProblem.badRequest("verdict must be compliant, violated or no_data");
        }
        var found = images.list(new ImageStore.Filter(repository, ctx.queryParam("tag"), grade, verdict), page.limit() + 1, page.offset());
        page.send(ctx, json, found.stream().map(this::imageItem).toList());
    }

    private ObjectNode imageItem(ImageStore.ImageSummary s) {
        ObjectNode n = json.createObjectNode();
        n.put("digest", s.digest());
        n.put("repository", s.repository());
        n.set("tags", json.valueToTree(s.tags()));
        n.put("grade", s.grade());
        if (s.score() == null) {
            n.putNull("score");
        } else {
            n.put("score", s.score());
        }
        n.put("verdict", s.verdict());
        n.put("packages", s.packages());
        n.put("firstPushed", s.firstPushed().toString());
        n.put("lastPushed", s.lastPushed().toString());
        return n;
    }

    /** The {@code digest} path parameter, checked: a 400 problem unless sha256: and 64 lower-case hex digits. */
    static String digest(Context ctx) {
        String digest = ctx.pathParam("digest");
        if (!DIGEST.matcher(digest).matches()) {
            throw ApiProblem.badRequest("digest must be sha256: and 64 lower-case hex digits");
        }
        return digest;
    }

    private ImageStore.ImageSummary stored(String digest) {
        return images.summary(digest).orElseThrow(() -> ApiProblem.notFound("no image " + digest + " is stored"));
    }

    private void image(Context ctx) throws IOException {
        String digest = digest(ctx);
        ObjectNode n = imageItem(stored(digest));
        n.set("facts", json.readTree(images.facts(digest).orElse("{}")));
        images.currentJudgement(digest).ifPresent(j -> n.set("judgement", judgement(j)));
        n.set("tagHistory", json.valueToTree(images.tagHistory(n.get("repository").asText(), 100)));
        n.set("selection", selection(images.sbom(digest).map(s -> new SbomReader().read(s, "stored SBOM of " + digest).selection())));
        sendJson(ctx, 200, n);
    }

    /**
     * What the stored SBOM's cataloguing left out (--catalogers/--skip-dirs/--skip-files), as the scan JSON says it: a
     * partial SBOM's clean verdict does not cover the packages left out. {@code partial} is null when no SBOM is stored.
     */
    private ObjectNode selection(java.util.Optional<dev.warden.core.SbomSelection> stored) {
        ObjectNode n = json.createObjectNode();
        if (stored.isEmpty()) {
            n.putNull("partial");
            n.putNull("warning");
            return n;
        }
        dev.warden.core.SbomSelection selection = stored.get();
        n.put("partial", selection.partial());
        selection.catalogers().forEach(n.putArray("catalogers")::add);
        selection.skipDirs().forEach(n.putArray("skipDirs")::add);
        selection.skipFiles().forEach(n.putArray("skipFiles")::add);
        n.put("warning", selection.caveat().orElse(null));
        return n;
    }

    private ObjectNode judgement(ImageStore.Judgement j) {
        ObjectNode n = json.createObjectNode();
        n.put("id", j.id());
        n.put("judgedAt", j.judgedAt().toString());
        n.put("cause", j.cause());
        if (j.policyVersion() == null) {
            n.putNull("policyVersion");
        } else {
            n.put("policyVersion", j.policyVersion());
        }
        n.put("vexRevision", j.vexRevision());
        n.put("verdict", j.verdict());
        n.put("grade", j.grade());
        n.put("score", j.score());
        n.put("points", j.points());
        n.put("maximum", j.maximum());
        try {
            n.set("results", json.readTree(j.results()));
            n.set("summary", json.readTree(j.summary()));
            n.set("database", json.readTree(j.dbState()));
            n.set("causeDetail", j.causeDetail() == null ? json.nullNode() : json.readTree(j.causeDetail()));
        } catch (IOException e) {
            throw new IllegalStateException("stored judgement " + j.id() + " cannot be read", e);
        }
        return n;
    }

    private void history(Context ctx) {
        String digest = digest(ctx);
        stored(digest);
        Page page = Page.of(ctx);
        page.send(ctx, json, images.history(digest, page.limit() + 1, page.offset()).stream().map(this::judgement).toList());
    }

    private void findings(Context ctx) {
        String digest = digest(ctx);
        stored(digest);
        Page page = Page.of(ctx);
        String severity = ctx.queryParam("severity");
        if (severity != null && !List.of("critical", "high", "medium", "low", "negligible", "unknown").contains(severity)) {
            throw ApiProblem.badRequest("severity must be critical, high, medium, low, negligible or unknown");
        }
        boolean resolved = "true".equals(ctx.queryParam("resolved"));
        List<ObjectNode> items = new ArrayList<>();
        for (ImageStore.StoredFinding f : images.findings(digest, resolved, severity, page.limit() + 1, page.offset())) {
            Finding finding = images.finding(f);
            ObjectNode n = json.createObjectNode();
            n.put("id", finding.id());
            n.set("aliases", json.valueToTree(finding.aliases()));
            n.put("package", finding.pkg().name());
            n.put("version", finding.pkg().version());
            n.put("purl", finding.pkg().purl());
            n.put("severity", finding.severity().level().id());
            n.set("fixedVersions", json.valueToTree(finding.fixedVersions()));
            n.put("kev", finding.kev() != null);
            // the score the judgement used: EPSS imports re-judge the images they move (cause epss)
            n.set("epss", finding.epss() == null ? json.nullNode()
                    : json.createObjectNode().put("score", finding.epss().score()).put("percentile", finding.epss().percentile()));
            n.put("suppressed", f.suppressed());
            n.put("vexStatus", finding.vex() == null ? null : finding.vex().statement().status().name().toLowerCase(Locale.ROOT));
            n.put("title", finding.title());
            n.put("firstSeen", f.firstSeen().toString());
            n.put("resolvedAt", f.resolvedAt() == null ? null : f.resolvedAt().toString());
            items.add(n);
        }
        page.send(ctx, json, items);
    }

    /** GET .../sbom; the console's download link uses it too. */
    public void sbom(Context ctx) throws IOException {
        String digest = digest(ctx);
        byte[] cdx = images.sbom(digest).orElseThrow(() -> ApiProblem.notFound("no image " + digest + " is stored"));
        String format = ctx.queryParamAsClass("format", String.class).getOrDefault("cyclonedx-json");
        switch (format) {
            case "cyclonedx-json" -> {
                ctx.status(200).contentType("application/vnd.cyclonedx+json").result(cdx);
            }
            case "spdx-json" -> {
                Sbom sbom = storedSbom(digest, cdx);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                SbomFormat.SPDX_JSON.writer(tool).write(sbom, out);
                ctx.status(200).contentType("application/spdx+json").result(out.toByteArray());
            }
            default -> throw ApiProblem.badRequest("format must be cyclonedx-json or spdx-json");
        }
    }

    private Sbom storedSbom(String digest, byte[] cdx) throws IOException {
        Sbom read = new SbomReader().read(cdx, "stored SBOM of " + digest);
        ImageFactsDocument facts = json.readValue(images.facts(digest).orElse("{}"), ImageFactsDocument.class);
        return facts.applyTo(read);
    }

    /** GET .../report; the console's download link uses it too. */
    public void report(Context ctx) throws IOException {
        String digest = digest(ctx);
        String format = ctx.queryParamAsClass("format", String.class).getOrDefault("json");
        if (!ReportFormats.ids().contains(format)) {
            throw ApiProblem.badRequest("format must be one of " + String.join(", ", ReportFormats.ids()));
        }
        ReportFormat reportFormat = ReportFormats.byId(format);
        byte[] cdx = images.sbom(digest).orElseThrow(() -> ApiProblem.notFound("no image " + digest + " is stored"));
        ImageStore.Judgement j = images.currentJudgement(digest).orElseThrow(() -> ApiProblem.notFound("image " + digest + " has no judgement yet"));
        Sbom sbom = storedSbom(digest, cdx);
        List<Finding> findings = images.findings(digest, false, null, Integer.MAX_VALUE, 0).stream().map(images::finding).toList();
        ScanResult scan = new ScanResult(sbom, findings, images.databaseInfo(j), j.judgedAt(), List.of());
        Score score = new Score(j.points(), j.maximum(), j.score(), j.grade().charAt(0));
        Report report = new Report(scan, images.results(j), score, new ReportOptions("true".equals(ctx.queryParam("showSuppressed")), false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reportFormat.write(report, out);
        String type = switch (format) {
            case "html" -> "text/html; charset=utf-8";
            case "markdown" -> "text/markdown; charset=utf-8";
            case "table" -> "text/plain; charset=utf-8";
            default -> "application/json";
        };
        ctx.status(200).contentType(type).header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
                .header("X-Content-Type-Options", "nosniff").result(out.toByteArray());
    }

    private void push(Context ctx) {
        Tokens.Principal who = WardenServer.principal(ctx);
        JsonNode body = readJson(ctx, ServerLimits.MAX_PUSH_BYTES);
        String repository = text(body, "repository");
        if (repository == null || repository.length() > ServerLimits.MAX_NAME_CHARS || !REPOSITORY.matcher(repository).matches()) {
            throw ApiProblem.badRequest("repository must be an OCI repository name (lower case, / separated, at most "
                    + ServerLimits.MAX_NAME_CHARS + " characters)");
        }
        List<String> tags = new ArrayList<>();
        JsonNode tagNode = body.get("tags");
        if (tagNode != null && !tagNode.isNull()) {
            if (!tagNode.isArray() || tagNode.size() > ServerLimits.MAX_TAGS_PER_PUSH) {
                throw ApiProblem.badRequest("tags must be a list of at most " + ServerLimits.MAX_TAGS_PER_PUSH + " tags");
            }
            for (JsonNode t : tagNode) {
                if (!t.isTextual() || !TAG.matcher(t.asText()).matches()) {
                    throw ApiProblem.badRequest("each tag must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127} (OCI's tag grammar)");
                }
                tags.add(t.asText());
            }
        }
        JsonNode sbomNode = body.get("sbom");
        if (sbomNode == null || !sbomNode.isObject() || !"CycloneDX".equals(text(sbomNode, "bomFormat"))) {
            throw ApiProblem.badRequest("sbom must be a CycloneDX JSON document (bomFormat CycloneDX)");
        }
        byte[] cdx;
        try {
            cdx = json.writeValueAsBytes(sbomNode);
        } catch (IOException e) {
            throw ApiProblem.badRequest("sbom cannot be written back as JSON");
        }
        Sbom read = new SbomReader().read(cdx, "pushed SBOM");
        ImageFactsDocument facts = ImageFactsDocument.read(body.get("facts"), json);
        Sbom sbom = facts.applyTo(read);
        String manifestDigest = sbom.image() == null ? null : sbom.image().manifestDigest();
        String digest;
        String kind;
        if (manifestDigest != null && !manifestDigest.isBlank()) {
            if (!DIGEST.matcher(manifestDigest).matches()) {
                throw ApiProblem.badRequest("facts.image.manifestDigest must be sha256: and 64 lower-case hex digits");
            }
            digest = manifestDigest;
            kind = "manifest";
        } else {
            digest = contentDigest(sbom);
            kind = "content";
        }
        PushedImage pushed = new PushedImage(digest, kind, repository, tags, sbom, cdx, facts.write(json), facts.context());
        PolicyStore.Active active = policies.activeSet();
        long vexRevision = vex.revision();
        var statements = vex.approved(Instant.now());
        Judge.Outcome outcome;
        try (AdvisoryStore store = advisories.open()) {
            outcome = Judge.judge(sbom, pushed.context(), active.set(), statements, store, advisories.describe(store), Instant.now());
        }
        ImageStore.Stored stored = images.store(pushed, outcome, active.version(), vexRevision, who.name(), "push");
        ObjectNode n = json.createObjectNode();
        n.put("digest", digest);
        n.put("digestKind", kind);
        n.put("repository", repository);
        n.set("tags", json.valueToTree(tags));
        n.put("newImage", stored.newImage());
        n.put("newFindings", stored.newFindings());
        n.put("resolvedFindings", stored.resolvedFindings());
        n.set("judgement", judgement(stored.judgement()));
        sendJson(ctx, stored.newImage() ? 201 : 200, n);
    }

    /** A digest for an image without a manifest (a root filesystem, an SBOM): of its sorted package URLs. */
    static String contentDigest(Sbom sbom) {
        List<String> purls = sbom.packages().stream().map(p -> p.purl() == null ? p.name() + "@" + p.version() : p.purl()).sorted().toList();
        return "sha256:" + Sha256.hex(String.join("\n", purls).getBytes(StandardCharsets.UTF_8));
    }

    // ---- policy

    private void policy(Context ctx) {
        var active = policies.active().orElseThrow(() -> new ApiProblem(404, "no-policy", "No Policy Published",
                "no policy file has been published: the server judges with Docker Scout's default set"));
        String etag = "\"policy-" + active.version() + "-" + active.sha256().substring(0, 16) + "\"";
        ctx.header("ETag", etag).header("X-Warden-Policy-Version", Long.toString(active.version()));
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.status(200).contentType(YAML).result(active.yaml());
    }

    ObjectNode policyVersionNode(PolicyStore.PolicyVersion v) {
        ObjectNode n = json.createObjectNode();
        n.put("version", v.version());
        n.put("sha256", v.sha256());
        n.put("createdAt", v.createdAt().toString());
        n.put("createdBy", v.createdBy());
        n.put("comment", v.comment());
        return n;
    }

    private void policyVersions(Context ctx) {
        Page page = Page.of(ctx);
        page.send(ctx, json, policies.versions(page.limit() + 1, page.offset()).stream().map(this::policyVersionNode).toList());
    }

    private void policyVersion(Context ctx) {
        long version;
        try {
            version = Long.parseLong(ctx.pathParam("version"));
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("version must be a number");
        }
        var v = policies.version(version).orElseThrow(() -> ApiProblem.notFound("no policy version " + version));
        ctx.status(200).contentType(YAML).header("X-Warden-Policy-Version", Long.toString(v.version())).result(v.yaml());
    }

    // ---- audit, tokens

    private void audit(Context ctx) {
        Page page = Page.of(ctx);
        String type = ctx.queryParam("type");
        if (type != null && !List.of("policy", "vex", "token", "watch", "image").contains(type)) {
            throw ApiProblem.badRequest("type must be policy, vex, token, watch or image");
        }
        List<AuditLog.Entry> entries = tx.read(c -> AuditLog.list(c, type, page.limit() + 1, page.offset()));
        List<ObjectNode> items = new ArrayList<>();
        for (AuditLog.Entry e : entries) {
            ObjectNode n = json.createObjectNode();
            n.put("id", e.id());
            n.put("at", e.at().toString());
            n.put("actor", e.actor());
            n.put("action", e.action());
            n.put("objectType", e.objectType());
            n.put("objectId", e.objectId());
            n.set("before", document(e.before()));
            n.set("after", document(e.after()));
            items.add(n);
        }
        page.send(ctx, json, items);
    }

    private JsonNode document(String text) {
        if (text == null) {
            return json.nullNode();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private void listTokens(Context ctx) {
        Page page = Page.of(ctx);
        var all = tokens.list();
        List<ObjectNode> items = all.stream().skip(page.offset()).limit(page.limit() + 1L).map(t -> (ObjectNode) json.valueToTree(t)).toList();
        page.send(ctx, json, items);
    }

    private void createToken(Context ctx) {
        JsonNode body = readJson(ctx, ServerLimits.MAX_SMALL_BODY_BYTES);
        String name = text(body, "name");
        String role = text(body, "role");
        if (name == null || role == null) {
            throw ApiProblem.badRequest("the body must be {\"name\": ..., \"role\": viewer|developer|security|admin}");
        }
        var created = tokens.create(name, Role.parse(role), WardenServer.principal(ctx).name());
        ObjectNode n = json.valueToTree(created.info());
        n.put("token", created.token());
        ctx.header("Cache-Control", "no-store");
        sendJson(ctx, 201, n);
    }

    private void revokeToken(Context ctx) {
        if (!tokens.revoke(ctx.pathParam("id"), WardenServer.principal(ctx).name())) {
            throw ApiProblem.notFound("no token with id " + ctx.pathParam("id"));
        }
        ctx.status(204);
    }

    // ---- plumbing

    static byte[] readBody(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        byte[] body;
        try (var in = ctx.req().getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw ApiProblem.badRequest("the request body could not be read: " + e.getMessage());
        }
        if (body.length > limit) {
            throw tooLarge(limit);
        }
        return body;
    }

    static ApiProblem tooLarge(long limit) {
        return new ApiProblem(413, "body-too-large", "Content Too Large", "the request body is larger than the limit of " + limit + " bytes");
    }

    JsonNode readJson(Context ctx, long limit) {
        return readJson(ctx, limit, json);
    }

    static JsonNode readJson(Context ctx, long limit, ObjectMapper json) {
        return jsonObject(readBody(ctx, limit), json);
    }

    /** A request body that must be one JSON object: 400 naming what is wrong otherwise. */
    static JsonNode jsonObject(byte[] body, ObjectMapper json) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiProblem.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    void sendJson(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON answer", e);
        }
    }

    /** limit/offset of a listing request, checked. */
    record Page(int limit, int offset) {
        static Page of(Context ctx) {
            int limit = number(ctx, "limit", ServerLimits.DEFAULT_PAGE_SIZE);
            int offset = number(ctx, "offset", 0);
            if (limit < 1 || limit > ServerLimits.MAX_PAGE_SIZE) {
                throw ApiProblem.badRequest("limit must be 1 to " + ServerLimits.MAX_PAGE_SIZE);
            }
            if (offset < 0) {
                throw ApiProblem.badRequest("offset must not be negative");
            }
            return new Page(limit, offset);
        }

        private static int number(Context ctx, String name, int fallback) {
            String text = ctx.queryParam(name);
            if (text == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest(name + " must be a whole number");
            }
        }

        /** {"items": [...], "limit", "offset", "next"}: {@code fetched} holds up to limit + 1 items. */
        void send(Context ctx, ObjectMapper json, List<? extends JsonNode> fetched) {
            ObjectNode n = json.createObjectNode();
            ArrayNode items = n.putArray("items");
            fetched.stream().limit(limit).forEach(items::add);
            n.put("limit", limit);
            n.put("offset", offset);
            if (fetched.size() > limit) {
                n.put("next", offset + limit);
            } else {
                n.putNull("next");
            }
            try {
                ctx.status(200).contentType("application/json").result(json.writeValueAsBytes(n));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write a JSON answer", e);
            }
        }
    }


}
