package dev.warden.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** docs/api.md, written from the OpenAPI document (ApiDocTest keeps the file equal to what this writes). */
public final class ApiMarkdown {
    private ApiMarkdown() {}

    public static String render(JsonNode openApi) {
        StringBuilder b = new StringBuilder();
        b.append("# Warden server API\n\n");
        b.append("<!-- generated from /api/v1/openapi.json by ApiMarkdown; ApiDocTest fails when this file is out of date "
                + "(rewrite it with -Dwarden.updateDocs=true) -->\n\n");
        b.append(openApi.path("info").path("description").asText()).append("\n\n");
        b.append("Every route under `/api/v1` needs `Authorization: Bearer TOKEN` (a token from `warden server token create`);"
                + " the role column is the least role that may call it (viewer < developer < security < admin). Without a"
                + " token: 401; below the role: 403. Lists answer `{\"items\": [...], \"limit\", \"offset\", \"next\"}`"
                + " (`limit` 1 to " + ServerLimits.MAX_PAGE_SIZE + ", default " + ServerLimits.DEFAULT_PAGE_SIZE + "; `next` is the"
                + " offset of the next page, null at the end).\n\n");
        b.append("| method | path | role | what it does |\n|---|---|---|---|\n");
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : openApi.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                rows.add(new String[] {op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue().path("x-warden-role").asText(),
                        op.getValue().path("summary").asText()});
            }
        }
        for (String[] r : rows) {
            b.append("| ").append(r[0]).append(" | `").append(r[1]).append("` | ").append(r[2]).append(" | ")
                    .append(r[3].replace("|", "\\|")).append(" |\n");
        }
        b.append("\n## Errors\n\nErrors are RFC 9457 problem details (`application/problem+json`): `type` (`about:blank` for plain HTTP "
                + "statuses, else `urn:warden:problem:NAME`), `title`, `status`, `detail` (one line naming what was wrong), `instance` "
                + "(the path). 400 bad input, 401 no or unknown token, 403 role too low, 404 no such object or route, 405 method not "
                + "served on that route, 413 body over its limit, 503 the database is not available now (with `Retry-After`). Never "
                + "a stack trace.\n\n## Limits\n\n| body | limit |\n|---|---|\n")
                .append("| push (`POST /api/v1/images`) | ").append(ServerLimits.MAX_PUSH_BYTES).append(" bytes |\n")
                .append("| policy file (`PUT /api/v1/policy`) | ").append(ServerLimits.MAX_POLICY_BYTES).append(" bytes |\n")
                .append("| VEX document (`POST /api/v1/vex`) | ").append(ServerLimits.MAX_VEX_BYTES).append(" bytes |\n")
                .append("| other bodies | ").append(ServerLimits.MAX_SMALL_BODY_BYTES).append(" bytes |\n");
        return b.toString();
    }
}
