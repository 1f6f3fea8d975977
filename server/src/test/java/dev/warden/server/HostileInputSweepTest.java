package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the server serves, called by an admin (so the role never decides) with bad input: bodies that are not
 * JSON, not an object, objects whose every known field has the wrong type or an impossible value, path parameters
 * that name nothing or cannot be parsed, and query parameters out of range. Each answer is a 4xx
 * {@code application/problem+json} with a one-line detail, never a 500 (and never a stack trace).
 */
class HostileInputSweepTest {
    /** Field names any route's body reads, each given a value of the wrong type. */
    private static final String WRONG_TYPES = "{\"name\": 7, \"role\": [], \"url\": {}, \"secret\": 12, \"format\": true, \"kinds\": \"all\","
            + " \"active\": \"yes\", \"description\": [], \"alertThreshold\": 3, \"registry\": [], \"repository\": 1, \"tagPattern\": {},"
            + " \"schedule\": 5, \"credentials\": 9, \"insecure\": \"no\", \"enabled\": 2, \"vulnerability\": 1, \"products\": \"p\","
            + " \"subcomponents\": 4, \"status\": [], \"justification\": 3, \"impactStatement\": {}, \"actionStatement\": [],"
            + " \"reviewDate\": 5, \"image\": [], \"comment\": {}, \"sbom\": \"x\", \"facts\": [], \"tags\": \"1.0\"}";
    /** The same fields with strings that are the right type but impossible values. */
    private static final String BAD_VALUES = "{\"name\": \"\", \"role\": \"root\", \"url\": \"file:///etc/passwd\", \"secret\": \"short\","
            + " \"format\": \"teams\", \"kinds\": [\"everything\"], \"alertThreshold\": \"severe\", \"registry\": \"bad host/x\","
            + " \"repository\": \"../../etc\", \"tagPattern\": \"[\", \"schedule\": \"every day\", \"credentials\": \"user:pass\","
            + " \"vulnerability\": \"\", \"products\": [\"\"], \"status\": \"maybe\", \"reviewDate\": \"tomorrow\", \"image\": \"sha256:zz\","
            + " \"comment\": \"\", \"tags\": [\"\\u0000\"]}";
    private static final List<String> BODIES = List.of("not json", "[]", "null", "\"text\"", "{\"a\":", "[".repeat(5000) + "]".repeat(5000),
            "{}", WRONG_TYPES, BAD_VALUES);
    private static final List<String> PATH_VALUES = List.of("sha256:zz", "sha256:" + "c".repeat(64), "..%2F..%2Fetc", "-1",
            "99999999999999999999", "%00", "00000000-0000-0000-0000-000000000000");
    private static final List<String> QUERIES = List.of("limit=abc", "limit=0", "limit=99999999999", "offset=-5", "offset=1e3",
            "since=yesterday", "since=", "image=sha256:zz", "kind=everything", "state=sleeping", "format=pdf", "severity=awful",
            "resolved=maybe", "from=abc", "from=-1", "type=all", "verdict=perhaps", "grade=Z", "repository=" + enc("\u0000"),
            "tag=" + enc("a\nb"), "showSuppressed=2", "comment=" + enc("x".repeat(5000)));

    @TempDir
    Path home;
    ServerFixture f;
    String admin;

    @BeforeEach
    void start() {
        f = new ServerFixture(home, null);
        admin = f.token(Role.ADMIN);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void badInputIsAProblemDocumentNeverA500() throws Exception {
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Route route : f.server.routes()) {
            if (route.role() == null) {
                continue;
            }
            String method = route.method().name();
            boolean takesBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
            for (String value : PATH_VALUES) {
                if (!route.path().contains("{")) {
                    break;
                }
                String path = route.path().replaceAll("\\{[a-z]+}", value);
                for (String body : takesBody ? BODIES : java.util.Collections.<String>singletonList(null)) {
                    calls++;
                    check(failures, method, path, body);
                }
            }
            if (!route.path().contains("{")) {
                if (takesBody) {
                    for (String body : BODIES) {
                        calls++;
                        check(failures, method, route.path(), body);
                    }
                }
                for (String query : QUERIES) {
                    calls++;
                    check(failures, method, route.path() + "?" + query, takesBody ? "{}" : null);
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(calls).isGreaterThan(500);
        // what Jetty refuses before routing says what to look at
        HttpResponse<String> nul = f.send("GET", "/api/v1/images/%00", admin, null, null);
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(nul.headers().firstValue("Connection").orElse("")).isEqualToIgnoringCase("close");
        assertThat(f.json(nul).path("detail").asText()).startsWith("the request could not be read").contains("%00");
    }

    private void check(List<String> failures, String method, String path, String body) throws Exception {
        String what = method + " " + path + (body == null ? "" : " with " + abbreviate(body));
        HttpResponse<String> r;
        try {
            r = f.send(method, path, admin, body == null ? null : body.getBytes(StandardCharsets.UTF_8), "application/json");
        } catch (java.io.IOException e) {
            failures.add(what + ": no answer (" + e.getMessage() + ")");
            return;
        }
        if (r.statusCode() >= 500) {
            failures.add(what + ": " + r.statusCode() + " " + abbreviate(r.body()));
            return;
        }
        if (r.statusCode() >= 400) {
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json")) {
                failures.add(what + ": " + r.statusCode() + " with Content-Type " + type);
                return;
            }
            String detail = f.json(r).path("detail").asText();
            if (f.json(r).path("instance").asText().equals("/badMessage")) {
                failures.add(what + ": instance is Jetty's stand-in path /badMessage, not the request's");
            }
            if (detail.isBlank() || detail.contains("\n") || detail.contains("Exception") || detail.contains("\tat ")) {
                failures.add(what + ": detail is not one plain line: " + abbreviate(detail));
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
