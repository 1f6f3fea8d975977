package dev.warden.server.console;

import dev.warden.server.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's few static files (one style sheet, one small script), read once from the jar; the CSP allows scripts
 * and styles from here only ({@code 'self'}), never inline.
 */
final class Assets {
    /** One file: its bytes, content type and ETag. */
    record Asset(byte[] bytes, String contentType, String etag) {}

    private static final Map<String, String> FILES = Map.of(
            "console.css", "text/css; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8");

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    Assets() {
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            try (InputStream in = Assets.class.getResourceAsStream("/console/static/" + e.getKey())) {
                if (in == null) {
                    throw new IllegalStateException("console/static/" + e.getKey() + " is missing from the jar");
                }
                byte[] bytes = in.readAllBytes();
                assets.put(e.getKey(), new Asset(bytes, e.getValue(), "\"" + Sha256.hex(bytes).substring(0, 24) + "\""));
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
    }

    /** Only the names above: a path parameter never reaches the class path. */
    Optional<Asset> get(String name) {
        return Optional.ofNullable(assets.get(name));
    }
}
