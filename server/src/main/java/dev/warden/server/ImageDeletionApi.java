package dev.warden.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/** {@code DELETE /api/v1/images/{digest}}: an admin removes a stored image and the rows that are its alone ({@link ImageDeletion}). */
final class ImageDeletionApi {
    private final ImageDeletion deletion;
    private final Api api;
    private final ObjectMapper json;

    ImageDeletionApi(ImageDeletion deletion, Api api, ObjectMapper json) {
        this.deletion = deletion;
        this.api = api;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(new Route(HandlerType.DELETE, "/api/v1/images/{digest}", Role.ADMIN, "Delete a stored image: its tags, packages, match "
                + "index rows, findings and judgements (alerts and tag history stay); answers with what was removed", "object", this::delete));
    }

    private void delete(Context ctx) {
        String digest = Api.digest(ctx);
        ImageDeletion.Removed r = deletion.delete(digest, WardenServer.principal(ctx).name())
                .orElseThrow(() -> ApiProblem.notFound("no image " + digest + " is stored"));
        ObjectNode n = json.createObjectNode();
        n.put("digest", r.digest());
        n.put("repository", r.repository());
        n.set("tags", json.valueToTree(r.tags()));
        ObjectNode removed = n.putObject("removed");
        removed.put("packages", r.packages());
        removed.put("advisoryKeys", r.advisoryKeys());
        removed.put("matchPackages", r.matchPackages());
        removed.put("findings", r.findings());
        removed.put("judgements", r.judgements());
        api.sendJson(ctx, 200, n);
    }
}
