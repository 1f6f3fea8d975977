package dev.warden.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * The policy file's lifecycle under {@code /api/v1/policy}: publish (a new version; every stored image re-judged),
 * preview (which stored images a file would change, nothing stored), diffs between versions, rollback.
 */
final class PolicyApi {
    private final PolicyStore policies;
    private final PolicyDesk desk;
    private final Api api;
    private final ObjectMapper json;

    PolicyApi(PolicyStore policies, PolicyDesk desk, Api api, ObjectMapper json) {
        this.policies = policies;
        this.desk = desk;
        this.api = api;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                new Route(HandlerType.PUT, "/api/v1/policy", Role.SECURITY,
                        "Publish a new policy file version (YAML, validated as the CLI does); every stored image is re-judged with it", "object",
                        this::publish),
                new Route(HandlerType.POST, "/api/v1/policy/preview", Role.SECURITY,
                        "Which stored images a policy file (YAML, validated as for publishing) would change verdict, grade or score of; stores nothing",
                        "object", this::preview),
                new Route(HandlerType.GET, "/api/v1/policy/versions/{version}/diff", Role.VIEWER,
                        "Unified diff from version `from` (default: the version before) to this one", "text", this::diff),
                new Route(HandlerType.POST, "/api/v1/policy/versions/{version}/rollback", Role.SECURITY,
                        "Publish this old version's text again as a new version (audited as policy.rollback); every stored image is re-judged",
                        "object", this::rollback));
    }

    private void publish(Context ctx) {
        byte[] yaml = Api.readBody(ctx, ServerLimits.MAX_POLICY_BYTES);
        answerPublished(ctx, desk.publish(yaml, WardenServer.principal(ctx).name(), ctx.queryParam("comment")));
    }

    private void rollback(Context ctx) {
        long version = version(ctx.pathParam("version"), "version");
        answerPublished(ctx, desk.rollback(version, WardenServer.principal(ctx).name(), ctx.queryParam("comment")));
    }

    /** 201 with the new version, after every stored image has been judged with it. */
    private void answerPublished(Context ctx, PolicyDesk.Published published) {
        ObjectNode n = api.policyVersionNode(published.version());
        ObjectNode r = n.putObject("rejudged");
        r.put("images", published.rejudged().images().size());
        r.put("changed", published.rejudged().changed());
        api.sendJson(ctx, 201, n);
    }

    private void preview(Context ctx) {
        byte[] yaml = Api.readBody(ctx, ServerLimits.MAX_POLICY_BYTES);
        PolicyPreview.Preview p = desk.preview(yaml);
        ObjectNode n = json.createObjectNode();
        n.put("stored", p.stored());
        n.put("evaluated", p.evaluated());
        n.put("complete", p.complete());
        n.put("changed", p.changes().size());
        ArrayNode items = n.putArray("items");
        for (PolicyPreview.Change c : p.changes()) {
            ObjectNode item = items.addObject();
            item.put("digest", c.digest());
            item.put("repository", c.repository());
            item.set("tags", json.valueToTree(c.tags()));
            item.set("current", json.valueToTree(c.current()));
            item.set("proposed", json.valueToTree(c.proposed()));
            item.set("policies", json.valueToTree(c.policies()));
        }
        api.sendJson(ctx, 200, n);
    }

    private void diff(Context ctx) {
        long to = version(ctx.pathParam("version"), "version");
        String fromText = ctx.queryParam("from");
        long from = fromText == null ? to - 1 : version(fromText, "from");
        policies.version(to).orElseThrow(() -> ApiProblem.notFound("no policy version " + to));
        String diff = desk.diff(from, to).orElseThrow(() -> ApiProblem.notFound(fromText == null
                ? "policy version " + to + " is the first: there is no version before it to compare with" : "no policy version " + from));
        ctx.status(200).contentType("text/x-diff; charset=utf-8").header("X-Content-Type-Options", "nosniff").result(diff);
    }

    private static long version(String text, String name) {
        try {
            long v = Long.parseLong(text);
            if (v < 1) {
                throw ApiProblem.badRequest(name + " must be a version number (1 or more)");
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(name + " must be a number");
        }
    }
}
