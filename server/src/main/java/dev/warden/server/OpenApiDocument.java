package dev.warden.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the API, built from the same route table the server registers, so it cannot list a
 * route that is not served; a test checks the other direction against the routes Jetty actually answers.
 */
public final class OpenApiDocument {
    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");

    private OpenApiDocument() {}

    public static ObjectNode build(List<Route> routes, String version, ObjectMapper json) {
        ObjectNode doc = json.createObjectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Warden repository server");
        info.put("version", version);
        info.put("description", "Stored images, their SBOMs, findings and verdicts; the organisation's policy file and VEX; "
                + "the audit log. Errors are RFC 9457 problem details (application/problem+json).");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        ObjectNode bearer = schemes.putObject("bearer");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        bearer.put("description", "An API token (warden server token create); roles viewer < developer < security < admin");
        ObjectNode schemas = components.putObject("schemas");
        ObjectNode problem = schemas.putObject("Problem");
        problem.put("type", "object");
        ObjectNode props = problem.putObject("properties");
        for (String p : List.of("type", "title", "detail", "instance")) {
            props.putObject(p).put("type", "string");
        }
        props.putObject("status").put("type", "integer");
        ObjectNode page = schemas.putObject("Page");
        page.put("type", "object");
        ObjectNode pageProps = page.putObject("properties");
        pageProps.putObject("items").put("type", "array");
        pageProps.putObject("limit").put("type", "integer");
        pageProps.putObject("offset").put("type", "integer");
        pageProps.putObject("next").set("type", json.createArrayNode().add("integer").add("null"));

        ObjectNode paths = doc.putObject("paths");
        for (Route r : routes) {
            ObjectNode path = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
            ObjectNode op = path.putObject(r.method().name().toLowerCase(Locale.ROOT));
            op.put("summary", r.summary());
            op.put("operationId", operationId(r));
            op.put("x-warden-role", r.role() == null ? "none" : r.role().id());
            if (r.role() != null) {
                op.putArray("security").addObject().putArray("bearer");
            } else {
                op.putArray("security");
            }
            Matcher m = PARAM.matcher(r.path());
            ArrayNode params = null;
            while (m.find()) {
                if (params == null) {
                    params = op.putArray("parameters");
                }
                ObjectNode p = params.addObject();
                p.put("name", m.group(1));
                p.put("in", "path");
                p.put("required", true);
                p.putObject("schema").put("type", "string");
            }
            if (r.summary().contains("filters") || "page".equals(r.responseType())) {
                if (params == null) {
                    params = op.putArray("parameters");
                }
                for (String q : List.of("limit", "offset")) {
                    ObjectNode p = params.addObject();
                    p.put("name", q);
                    p.put("in", "query");
                    p.putObject("schema").put("type", "integer");
                }
            }
            ObjectNode responses = op.putObject("responses");
            ObjectNode ok = responses.putObject(okStatus(r));
            ok.put("description", r.summary());
            if (!"none".equals(r.responseType())) {
                ObjectNode content = ok.putObject("content");
                switch (r.responseType()) {
                    case "page" -> content.putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Page");
                    case "yaml" -> content.putObject("application/yaml").putObject("schema").put("type", "string");
                    case "text" -> content.putObject("text/plain").putObject("schema").put("type", "string");
                    default -> content.putObject("application/json").putObject("schema").put("type", "object");
                }
            }
            for (String status : errorStatuses(r)) {
                ObjectNode e = responses.putObject(status);
                e.put("description", switch (status) {
                    case "400" -> "bad input (problem details name what is wrong)";
                    case "401" -> "no token, or an unknown or revoked one";
                    case "403" -> "the token's role is below " + (r.role() == null ? "" : r.role().id());
                    case "404" -> "no such object";
                    case "413" -> "the body is larger than the limit";
                    default -> "the database is not available now; retry";
                });
                e.putObject("content").putObject("application/problem+json").putObject("schema").put("$ref", "#/components/schemas/Problem");
            }
        }
        return doc;
    }

    private static String okStatus(Route r) {
        return switch (r.method().name()) {
            case "POST", "PUT" -> "201";
            case "DELETE" -> "204";
            default -> "200";
        };
    }

    private static List<String> errorStatuses(Route r) {
        if (r.role() == null) {
            return List.of("503");
        }
        boolean body = r.method().name().equals("POST") || r.method().name().equals("PUT");
        return body ? List.of("400", "401", "403", "413", "503") : List.of("400", "401", "403", "404", "503");
    }

    private static String operationId(Route r) {
        StringBuilder b = new StringBuilder(r.method().name().toLowerCase(Locale.ROOT));
        for (String part : r.path().split("/")) {
            if (part.isEmpty() || part.equals("api") || part.equals("v1")) {
                continue;
            }
            String word = part.replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]", "");
            if (part.startsWith("{")) {
                word = "By" + Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            b.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return b.toString();
    }
}
