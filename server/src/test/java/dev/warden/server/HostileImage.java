package dev.warden.server;

import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.feed.OsvReader;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An image an attacker made, and an advisory an attacker wrote: package names, licences, the image reference and
 * its build history, and the advisory's summary, details and references hold script tags, event handlers,
 * {@code javascript:} links, a right-to-left override and terminal escapes. The advisory goes into the advisory
 * database through the real OSV reader, so the push matches it as it would any other.
 */
final class HostileImage {
    static final String DIGEST = "e".repeat(64);
    static final String EVIL_NAME = "<img src=x onerror=\"window.__pwned='name'\">";
    static final String RTL_NAME = "invoice\u202egpj.exe";
    static final String ESCAPE_LICENSE = "MIT\u001b[2J\u001b]8;;javascript:alert(1)\u0007";
    static final String SCRIPT_LICENSE = "<script>window.__pwned='licence'</script>";
    static final String EVIL_REFERENCE = "registry.example.com/evil:1<script>window.__pwned='ref'</script>";
    static final String EVIL_SUMMARY = "<svg onload=\"window.__pwned='summary'\"></svg> \u001b[31mred\u001b[0m";
    static final String ADVISORY = "WARDEN-TEST-0001";

    private HostileImage() {}

    /** Imports the hostile advisory into the advisory database the server judges with. */
    static void importAdvisory(Path home, Path dir) throws IOException {
        String record = """
                {"id": "%s", "modified": "2026-01-01T00:00:00Z", "published": "2026-01-01T00:00:00Z",
                 "summary": %s, "details": %s,
                 "affected": [{"package": {"ecosystem": "npm", "name": %s},
                               "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "2.0.0"}]}]}],
                 "references": [{"type": "WEB", "url": "javascript:window.__pwned='href'"}, {"type": "WEB", "url": "https://example.com/ok"}],
                 "database_specific": {"severity": "CRITICAL"}}
                """.formatted(ADVISORY, quote(EVIL_SUMMARY), quote("<script>window.__pwned='details'</script>"), quote(EVIL_NAME));
        Path file = dir.resolve("hostile-osv.json");
        Files.writeString(file, record);
        VulnDb db = VulnDb.of(home, null, true, n -> { });
        try (var store = db.open()) {
            store.importFeed("osv-npm", FeedKind.OSV, false, null, n -> { }, sink -> new OsvReader().read(file, sink));
        }
    }

    private static String quote(String text) {
        try {
            return ServerJson.mapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Sbom sbom() {
        ImageInfo.ImageConfig config = new ImageInfo.ImageConfig("", List.of(), List.of("/bin/sh", "-c", "<b>run</b>"), List.of(), "/", Map.of(),
                List.of(), "2026-01-01T00:00:00Z", List.of(new ImageInfo.HistoryEntry("2026-01-01T00:00:00Z",
                "RUN echo '<script>window.__pwned=\"history\"</script>' \u001b[2J", "", false)));
        ImageInfo image = new ImageInfo(EVIL_REFERENCE, "sha256:" + DIGEST, "sha256:" + "f".repeat(64), new ImageInfo.Platform("linux", "amd64", null),
                config, List.of(new ImageInfo.LayerInfo("sha256:bb22", TestImages.LAYER, "application/vnd.oci.image.layer.v1.tar+gzip", 1_000, 10)),
                Map.of());
        return new Sbom(image, null, List.of(npm(EVIL_NAME, "1.0.0", List.of(SCRIPT_LICENSE)), npm(RTL_NAME, "1.0.0", List.of(ESCAPE_LICENSE))),
                List.of());
    }

    private static Package npm(String name, String version, List<String> licenses) {
        String purl = "pkg:npm/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "@" + version;
        return new Package(purl, "npm", null, name, version, purl, licenses, List.of(new Location("/app/node_modules/x/package.json", TestImages.LAYER)),
                null, "npm", null, Map.of());
    }
}
