package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.warden.server.ServerJson;
import dev.warden.server.client.ServerClient;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code warden vex list --server URL [--state S]}: the server's VEX statements (the desk's proposals and decisions), every page. */
final class ServerVexList {
    /** The API's largest page: fewest round trips. */
    private static final int PAGE = 500;

    private final String url;
    private final String state;
    private final String format;

    ServerVexList(String url, String state, String format) {
        this.url = url;
        this.state = state;
        this.format = format;
    }

    void print(PrintWriter out) throws java.io.IOException {
        ObjectMapper json = ServerJson.mapper();
        ServerClient client = new ServerClient(url, System.getenv("WARDEN_TOKEN"), json);
        ArrayNode all = json.createArrayNode();
        for (int offset = 0; offset >= 0; ) {
            String query = "?limit=" + PAGE + "&offset=" + offset + (state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
            JsonNode page = client.getJson("/api/v1/vex" + query, "list VEX statements");
            page.path("items").forEach(all::add);
            offset = page.path("next").isInt() ? page.path("next").asInt() : -1;
        }
        if (format.equals("json")) {
            out.println(json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all));
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "STATE", "VULNERABILITY", "STATUS", "PRODUCT", "REVIEW", "PROPOSED BY", "DECIDED BY"});
            for (JsonNode s : all) {
                String product = s.path("products").path(0).asText("");
                if (s.path("products").size() > 1) {
                    product += " (+" + (s.path("products").size() - 1) + ")";
                }
                if (s.path("subcomponents").size() > 0) {
                    product += " > " + s.path("subcomponents").path(0).asText("");
                }
                rows.add(new String[] {s.path("id").asText(), s.path("state").asText(), s.path("vulnerability").asText(), s.path("status").asText(),
                        product, text(s, "reviewDate"), text(s, "createdBy"), text(s, "decidedBy")});
            }
            Table.print(rows, out);
        }
        out.flush();
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isTextual() ? n.path(field).asText() : null;
    }
}
