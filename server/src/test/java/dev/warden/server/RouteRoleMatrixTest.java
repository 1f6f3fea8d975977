package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the server serves, called without a token, with a wrong one and with a token of every role: 401, 403
 * below the route's role, never 401/403 at or above it, and never a 500. And the OpenAPI document lists exactly the
 * routes Javalin registered (from its own handler events), with the roles the server enforces.
 */
class RouteRoleMatrixTest {
    @TempDir
    Path home;
    ServerFixture f;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);

    @BeforeEach
    void start() {
        f = new ServerFixture(home, null);
        for (Role r : Role.values()) {
            tokens.put(r, f.token(r));
        }
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void everyRouteTimesEveryRole() throws Exception {
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Route route : f.server.routes()) {
            String path = route.path().replace("{digest}", "sha256:" + "c".repeat(64)).replace("{version}", "1").replace("{id}", "no-such-token")
                    .replace("{run}", "no-such-run");
            byte[] body = body(route);
            // no token, and a token that does not exist
            for (String token : new String[] {null, "wdn_" + "x".repeat(43)}) {
                HttpResponse<String> r = f.send(route.method().name(), path, token, body, "application/json");
                calls++;
                int expected = route.role() == null ? -1 : 401;
                if (expected == 401 && r.statusCode() != 401) {
                    failures.add(route.method() + " " + route.path() + " without a valid token: " + r.statusCode());
                }
                if (r.statusCode() >= 500 && !route.path().equals("/readyz")) {
                    failures.add(route.method() + " " + route.path() + " without a valid token: " + r.statusCode() + " " + r.body());
                }
            }
            for (Role role : Role.values()) {
                HttpResponse<String> r = f.send(route.method().name(), path, tokens.get(role), body(route), "application/json");
                calls++;
                boolean allowed = route.role() == null || role.atLeast(route.role());
                if (!allowed && r.statusCode() != 403) {
                    failures.add(route.method() + " " + route.path() + " as " + role.id() + ": expected 403, got " + r.statusCode());
                }
                if (allowed && (r.statusCode() == 401 || r.statusCode() == 403)) {
                    failures.add(route.method() + " " + route.path() + " as " + role.id() + ": refused with " + r.statusCode());
                }
                if (r.statusCode() >= 500) {
                    failures.add(route.method() + " " + route.path() + " as " + role.id() + ": " + r.statusCode() + " " + r.body());
                }
                if (r.statusCode() >= 400) {
                    assertThat(r.headers().firstValue("Content-Type").orElse("")).as(route.path()).startsWith("application/problem+json");
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(calls).isEqualTo(f.server.routes().size() * (2 + Role.values().length));
    }

    /** A plausible body for routes that take one (bad enough content is fine: it must give 4xx, not 5xx). */
    private static byte[] body(Route route) {
        return switch (route.method().name() + " " + route.path()) {
            case "POST /api/v1/tokens" -> "{\"name\":\"matrix\",\"role\":\"viewer\"}".getBytes(StandardCharsets.UTF_8);
            case "PUT /api/v1/policy" -> "version: 1\npolicies:\n  - id: x\n    type: vulnerabilities\n    severities: [critical]\n"
                    .getBytes(StandardCharsets.UTF_8);
            case "POST /api/v1/images", "POST /api/v1/vex" -> "{}".getBytes(StandardCharsets.UTF_8);
            default -> null;
        };
    }

    @Test
    void openApiDocumentListsExactlyTheRoutesServed() throws Exception {
        HttpResponse<String> response = f.get("/api/v1/openapi.json", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = f.json(response);
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        Set<String> documented = new TreeSet<>();
        Map<String, String> roles = new java.util.HashMap<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String key = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
            documented.add(key);
            roles.put(key, op.getValue().path("x-warden-role").asText());
        }));
        Set<String> served = new TreeSet<>(f.server.servedRoutes());
        assertThat(served).isNotEmpty();
        assertThat(documented).isEqualTo(served);
        for (Route r : f.server.routes()) {
            assertThat(roles.get(r.method().name() + " " + r.path())).isEqualTo(r.role() == null ? "none" : r.role().id());
        }
        // and each documented operation answers (not 404 for the route itself) over HTTP
        for (String op : documented) {
            String[] parts = op.split(" ", 2);
            String path = parts[1].replace("{digest}", "sha256:" + "c".repeat(64)).replace("{version}", "1").replace("{id}", "x").replace("{run}", "x");
            HttpResponse<String> r = f.send(parts[0], path, tokens.get(Role.ADMIN), parts[0].equals("GET") || parts[0].equals("DELETE") ? null
                    : "{}".getBytes(StandardCharsets.UTF_8), "application/json");
            if (r.statusCode() == 404) {
                assertThat(f.json(r).path("detail").asText()).as(op).doesNotStartWith("no such route");
            }
            assertThat(r.statusCode()).as(op).isNotEqualTo(405);
        }
    }
}
