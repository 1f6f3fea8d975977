package dev.warden.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.vulndb.VulnDb;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

/** A real server on a loopback port over a real database (SQLite under a temp WARDEN_HOME, or PostgreSQL), and a client. */
final class ServerFixture implements AutoCloseable {
    final Path home;
    final ServerDatabase database;
    final WardenServer server;
    final ObjectMapper json = ServerJson.mapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Tokens tokens;

    ServerFixture(Path home, String dbLocation) {
        this(home, dbLocation, Monitor.Timings.DEFAULT, WebhookSender.Timings.DEFAULT);
    }

    /** {@code jobs}: how the server runs its jobs. */
    ServerFixture(Path home, String dbLocation, JobSettings jobs) {
        this(home, dbLocation, Monitor.Timings.DEFAULT, WebhookSender.Timings.DEFAULT, jobs);
    }

    ServerFixture(Path home, String dbLocation, Monitor.Timings monitor, WebhookSender.Timings webhooks) {
        this(home, dbLocation, monitor, webhooks, null);
    }

    /** {@code jobs} null for the defaults. */
    ServerFixture(Path home, String dbLocation, Monitor.Timings monitor, WebhookSender.Timings webhooks, JobSettings jobs) {
        this.home = home;
        VulnDb advisories = VulnDb.of(home, dbLocation, true, notice -> { });
        this.database = ServerDatabase.open(advisories);
        WardenServer.Config config = jobs == null ? new WardenServer.Config("127.0.0.1", 0, advisories)
                : new WardenServer.Config("127.0.0.1", 0, advisories, jobs);
        this.server = WardenServer.start(config, database, new PrintStream(System.err, true), monitor, webhooks);
        this.tokens = new Tokens(new Transactions(database), new SecureRandom(), json);
    }

    String token(Role role) {
        return tokens.create("test-" + role.id() + "-" + System.nanoTime(), role, "test").token();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> send(String method, String path, String token, byte[] body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                // as ServerClient does: a large body waits for 100 Continue, so a 413 arrives instead of a reset connection
                .expectContinue(body != null && body.length > dev.warden.server.client.ServerClient.EXPECT_CONTINUE_ABOVE_BYTES);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token, null, null);
    }

    /** Pushes {@link TestImages#debian} (sope 5.8.0-1, chromium 97) under {@code sha256:digestHex}, tagged 1.0; fails unless stored new. */
    void pushDebian(String token, String digestHex, String repository) throws IOException, InterruptedException {
        HttpResponse<String> pushed = send("POST", "/api/v1/images", token,
                TestImages.pushBody(TestImages.debian(digestHex, "5.8.0-1", null), repository, java.util.List.of("1.0"), json), "application/json");
        if (pushed.statusCode() != 201) {
            throw new AssertionError("push of " + digestHex + ": " + pushed.statusCode() + " " + pushed.body());
        }
    }

    JsonNode json(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    @Override
    public void close() {
        server.close();
        database.close();
    }
}
