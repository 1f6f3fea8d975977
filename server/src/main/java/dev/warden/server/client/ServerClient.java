package dev.warden.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The CLI's side of the server API ({@code warden push}, {@code --server}): bearer token from WARDEN_TOKEN, problem
 * details turned into one line naming the server. Plain java.net.http: no second HTTP stack in the jar.
 */
public final class ServerClient {
    /** Connecting is quick or the server is not there; a push waits for matching and judging, which takes longer. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    /** A response that was fetched: status, body, ETag. */
    public record Fetched(int status, byte[] body, String etag) {}

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json;

    public ServerClient(String url, String token, ObjectMapper json) {
        this.base = parse(url);
        this.token = token;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static URI parse(String url) {
        try {
            URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new WardenException("--server must be an http:// or https:// URL, got '" + url + "'");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new WardenException("--server must be an http:// or https:// URL, got '" + url + "'");
        }
    }

    public URI base() {
        return base;
    }

    /** POST /api/v1/images: the server's answer (digest, judgement). */
    public JsonNode push(byte[] body) {
        HttpResponse<byte[]> r = send(post(request("/api/v1/images").header("Content-Type", "application/json"), body));
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw failure("push", r);
        }
        return readJson(r.body());
    }

    /** POST a JSON body to an API route ({@code what} names it in errors): the server's JSON answer, 2xx only. */
    public JsonNode postJson(String path, byte[] body, String what) {
        HttpResponse<byte[]> r = send(post(request(path).header("Content-Type", "application/json"), body));
        if (r.statusCode() / 100 != 2) {
            throw failure(what, r);
        }
        return readJson(r.body());
    }

    /** GET an API route's JSON answer, 200 only. */
    public JsonNode getJson(String path, String what) {
        HttpResponse<byte[]> r = send(request(path).GET().build());
        if (r.statusCode() != 200) {
            throw failure(what, r);
        }
        return readJson(r.body());
    }

    /**
     * GET a document with the ETag known (null: none): 304 means unchanged; 404 is returned as such (no policy
     * published); anything else not 200 is an error.
     */
    public Fetched fetch(String path, String etag) {
        HttpRequest.Builder b = request(path).GET();
        if (etag != null) {
            b.header("If-None-Match", etag);
        }
        HttpResponse<byte[]> r = send(b.build());
        if (r.statusCode() != 200 && r.statusCode() != 304 && r.statusCode() != 404) {
            throw failure("GET " + path, r);
        }
        return new Fetched(r.statusCode(), r.body(), r.headers().firstValue("ETag").orElse(null));
    }

    /** Bodies above this wait for the server's 100 Continue: a refused body (413) is then an answer, not a reset connection. */
    public static final int EXPECT_CONTINUE_ABOVE_BYTES = 1024 * 1024;

    private static HttpRequest post(HttpRequest.Builder b, byte[] body) {
        return b.expectContinue(body.length > EXPECT_CONTINUE_ABOVE_BYTES).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest.Builder request(String path) {
        if (token == null || token.isBlank()) {
            throw new WardenException("no API token: set WARDEN_TOKEN (warden server token create makes one)");
        }
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/yaml, application/problem+json");
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ServerUnreachable("server " + base + " cannot be reached: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException("interrupted while talking to " + base, e);
        }
    }

    private WardenException failure(String what, HttpResponse<byte[]> r) {
        String detail = problemDetail(r.body()).orElse("HTTP " + r.statusCode());
        return new WardenException("server " + base + ": " + what + " failed (" + r.statusCode() + "): " + printable(detail));
    }

    private Optional<String> problemDetail(byte[] body) {
        try {
            JsonNode n = json.readTree(body);
            return n != null && n.has("detail") ? Optional.of(n.path("detail").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private JsonNode readJson(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new WardenException("server " + base + " answered with something that is not JSON");
        }
    }

    /** Text from the server never reaches the terminal with control characters. */
    public static String printable(String text) {
        return text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
    }

    /** The server did not answer at all (down, wrong address): callers with a cache may carry on with it. */
    public static final class ServerUnreachable extends WardenException {
        private static final long serialVersionUID = 1L;

        public ServerUnreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
