package dev.warden.image.registry.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Pushes single blobs and manifests to an anonymous registry over the distribution API (monolithic upload:
 * {@code POST /blobs/uploads/} then {@code PUT ?digest=}; {@code PUT /manifests/REF}), for what skopeo cannot push:
 * artifact manifests under referrers and cosign tags.
 */
public record RegistryUpload(String host) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public void blob(String repo, byte[] content) throws IOException {
        HttpResponse<String> start = send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repo + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        String location = start.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no upload location"));
        URI upload = URI.create("http://" + host + "/").resolve(location);
        String sep = upload.getQuery() == null ? "?" : "&";
        send(HttpRequest.newBuilder(URI.create(upload + sep + "digest=" + sha256(content)))
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    public void manifest(String repo, String reference, String mediaType, byte[] content) throws IOException {
        send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repo + "/manifests/" + reference))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
