package dev.warden.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The routes of the VEX statements and the VEX desk under {@code /api/v1/vex}: listing by state, the approved-VEX
 * export laptops use, the security role's documents, proposals (developer) and their approval or rejection (security).
 */
final class VexDeskApi {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    /** A product is a purl or an image digest, as {@code warden vex create} takes it: anything else would match nothing. */
    private static final Pattern PRODUCT_DIGEST = Pattern.compile("sha(256:[0-9a-f]{64}|512:[0-9a-f]{128})");

    private final VexStore vex;
    private final VexDesk desk;
    private final ObjectMapper json;

    VexDeskApi(VexStore vex, VexDesk desk, ObjectMapper json) {
        this.vex = vex;
        this.desk = desk;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/api/v1/vex", Role.VIEWER,
                        "VEX statements, oldest first (later ones win); state: proposed, approved, rejected, expired", "page", this::list),
                new Route(HandlerType.POST, "/api/v1/vex", Role.SECURITY,
                        "Add the statements of an OpenVEX, CycloneDX VEX or CSAF document, approved; re-judges the stored images they match", "object",
                        this::create),
                new Route(HandlerType.GET, "/api/v1/vex/openvex", Role.VIEWER,
                        "Every statement that applies now (approved, review date not passed) as one OpenVEX document (ETag)", "document", this::export),
                new Route(HandlerType.POST, "/api/v1/vex/proposals", Role.DEVELOPER,
                        "Propose a statement {vulnerability, products, subcomponents, status, justification, impactStatement, actionStatement, "
                                + "reviewDate, image}: stored proposed, applies nowhere until approved", "object", this::propose),
                new Route(HandlerType.GET, "/api/v1/vex/statements/{id}", Role.VIEWER, "One statement with its state and decision", "object", this::one),
                new Route(HandlerType.POST, "/api/v1/vex/statements/{id}/approve", Role.SECURITY,
                        "Approve a proposal {comment, reviewDate}: it applies at once; the stored images it matches are re-judged", "object",
                        this::approve),
                new Route(HandlerType.POST, "/api/v1/vex/statements/{id}/reject", Role.SECURITY,
                        "Reject a proposal {comment} (the comment is required)", "object", this::reject));
    }

    private void list(Context ctx) {
        Api.Page page = Api.Page.of(ctx);
        String state = ctx.queryParam("state");
        if (state != null && !VexStore.STATES.contains(state)) {
            throw ApiProblem.badRequest("state must be one of " + String.join(", ", VexStore.STATES));
        }
        page.send(ctx, json, vex.list(state, Instant.now(), page.limit() + 1, page.offset()).stream().map(this::node).toList());
    }

    private void create(Context ctx) {
        byte[] body = Api.readBody(ctx, ServerLimits.MAX_VEX_BYTES);
        String actor = WardenServer.principal(ctx).name();
        VexDesk.Created decision = desk.create(body, actor);
        ObjectNode n = json.createObjectNode();
        ArrayNode items = n.putArray("items");
        decision.statements().forEach(s -> items.add(node(s)));
        n.set("rejudged", rejudged(decision.rejudged()));
        send(ctx, 201, n);
    }

    private void export(Context ctx) {
        byte[] doc = vex.export(Instant.now());
        String etag = "\"vex-" + Sha256.hex(doc).substring(0, 32) + "\"";
        ctx.header("ETag", etag);
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.status(200).contentType("application/json").result(doc);
    }

    private void propose(Context ctx) {
        JsonNode body = Api.readJson(ctx, ServerLimits.MAX_SMALL_BODY_BYTES, json);
        String vulnerability = requiredText(body, "vulnerability", ServerLimits.MAX_VULNERABILITY_ID_CHARS);
        List<String> products = list(body, "products", "product");
        if (products.isEmpty()) {
            throw ApiProblem.badRequest("products must name what the statement is about: the image's digest or a package purl");
        }
        List<String> subcomponents = list(body, "subcomponents", "subcomponent");
        for (String p : concat(products, subcomponents)) {
            if (!p.startsWith("pkg:") && !PRODUCT_DIGEST.matcher(p).matches()) {
                throw ApiProblem.badRequest("'" + p + "' is neither a purl (pkg:deb/debian/zlib1g) nor an image digest (sha256:<64 hex>)");
            }
        }
        String statusText = requiredText(body, "status", 64);
        VexStatus status = Arrays.stream(VexStatus.values()).filter(s -> s.id().equals(statusText)).findFirst()
                .orElseThrow(() -> ApiProblem.badRequest("status must be not_affected, affected, fixed or under_investigation"));
        String image = optionalText(body, "image", 80);
        if (image != null && !DIGEST.matcher(image).matches()) {
            throw ApiProblem.badRequest("image must be a stored image's digest: sha256: and 64 lower-case hex digits");
        }
        VexStatement statement = new VexStatement(vulnerability, List.of(), products, subcomponents, status,
                optionalText(body, "justification", 100), optionalText(body, "impactStatement", ServerLimits.MAX_VEX_TEXT_CHARS),
                optionalText(body, "actionStatement", ServerLimits.MAX_VEX_TEXT_CHARS), null, null);
        VexStore.Stored proposed = desk.propose(statement, image, reviewDate(body), WardenServer.principal(ctx).name());
        send(ctx, 201, node(proposed));
    }

    private void one(Context ctx) {
        String id = ctx.pathParam("id");
        send(ctx, 200, node(vex.get(id, Instant.now()).orElseThrow(() -> ApiProblem.notFound("no VEX statement " + id))));
    }

    private void approve(Context ctx) {
        String id = ctx.pathParam("id");
        JsonNode body = optionalBody(ctx);
        VexDesk.Decision d = desk.approve(id, optionalText(body, "comment", ServerLimits.MAX_VEX_TEXT_CHARS), reviewDate(body),
                WardenServer.principal(ctx).name());
        ObjectNode n = node(d.statement());
        n.set("rejudged", rejudged(d.rejudged()));
        send(ctx, 200, n);
    }

    private void reject(Context ctx) {
        String id = ctx.pathParam("id");
        JsonNode body = optionalBody(ctx);
        VexDesk.Decision d = desk.reject(id, optionalText(body, "comment", ServerLimits.MAX_VEX_TEXT_CHARS), WardenServer.principal(ctx).name());
        send(ctx, 200, node(d.statement()));
    }

    /** Approving takes no body at all, or a JSON object. */
    private JsonNode optionalBody(Context ctx) {
        byte[] body = Api.readBody(ctx, ServerLimits.MAX_SMALL_BODY_BYTES);
        if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return json.createObjectNode();
        }
        return Api.jsonObject(body, json);
    }

    ObjectNode node(VexStore.Stored s) {
        ObjectNode n = json.createObjectNode();
        n.put("id", s.id());
        n.put("state", s.state());
        n.put("createdAt", s.createdAt().toString());
        n.put("createdBy", s.createdBy());
        n.put("decidedAt", s.decidedAt() == null ? null : s.decidedAt().toString());
        n.put("decidedBy", s.decidedBy());
        n.put("comment", s.comment());
        n.put("reviewDate", s.reviewDate() == null ? null : s.reviewDate().toString());
        n.put("image", s.sourceDigest());
        VexStatement st = s.statement();
        n.put("vulnerability", st.vulnerability());
        n.set("aliases", json.valueToTree(st.aliases()));
        n.set("products", json.valueToTree(st.products()));
        n.set("subcomponents", json.valueToTree(st.subcomponents()));
        n.put("status", st.status().id());
        n.put("justification", st.justification());
        n.put("impactStatement", st.impactStatement());
        n.put("actionStatement", st.actionStatement());
        return n;
    }

    private ObjectNode rejudged(Rejudging.Result r) {
        ObjectNode n = json.createObjectNode();
        n.put("images", r.images().size());
        n.put("changed", r.changed());
        ArrayNode digests = n.putArray("digests");
        r.images().forEach(i -> digests.add(i.digest()));
        return n;
    }

    private static LocalDate reviewDate(JsonNode body) {
        String text = optionalText(body, "reviewDate", 32);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("reviewDate must be a date, YYYY-MM-DD; got '" + text + "'");
        }
    }

    private static String requiredText(JsonNode body, String field, int max) {
        String v = optionalText(body, field, max);
        if (v == null) {
            throw ApiProblem.badRequest(field + " is required");
        }
        return v;
    }

    /** A text field, stripped; null when absent or blank; refused when too long or holding control characters. */
    private static String optionalText(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiProblem.badRequest(field + " must be a string");
        }
        String text = v.asText().strip();
        if (text.length() > max) {
            throw ApiProblem.badRequest(field + " is longer than " + max + " characters");
        }
        // line breaks are fine in statements; other control characters and bidirectional overrides are not
        if (text.codePoints().anyMatch(cp -> (Character.isISOControl(cp) && cp != '\n' && cp != '\r' && cp != '\t')
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))) {
            throw ApiProblem.badRequest(field + " holds control characters");
        }
        return text.isEmpty() ? null : text;
    }

    /** A list field, also given as one string under its singular name. */
    private static List<String> list(JsonNode body, String plural, String singular) {
        List<String> out = new ArrayList<>();
        JsonNode many = body.get(plural);
        if (many != null && !many.isNull()) {
            if (!many.isArray() || many.size() > ServerLimits.MAX_VEX_PRODUCTS) {
                throw ApiProblem.badRequest(plural + " must be a list of at most " + ServerLimits.MAX_VEX_PRODUCTS + " strings");
            }
            for (JsonNode item : many) {
                if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > ServerLimits.MAX_NAME_CHARS * 4) {
                    throw ApiProblem.badRequest(plural + " must be a list of non-empty strings of at most " + ServerLimits.MAX_NAME_CHARS * 4
                            + " characters");
                }
                out.add(item.asText().strip());
            }
        }
        String one = optionalText(body, singular, ServerLimits.MAX_NAME_CHARS * 4);
        if (one != null) {
            out.add(one);
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private void send(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(value));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write a JSON answer", e);
        }
    }
}
