package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.PackageProperties;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Swift Package Manager's {@code Package.resolved}: version 1 ({@code object.pins[]} with {@code repositoryURL}) and
 * versions 2 and 3 ({@code pins[]} with {@code location}), each pin's {@code state.version}. The purl is
 * {@code pkg:swift/HOST/OWNER/NAME@VERSION} from the repository URL, as the purl specification's swift type says. A
 * pin to a branch or revision alone has no version and is counted in one warning.
 */
public final class SwiftPackageResolvedCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "swift-package-resolved";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("Package.resolved");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode resolved = Json.read(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path());
        JsonNode pins = resolved.has("pins") ? resolved.get("pins") : resolved.path("object").path("pins");
        if (!pins.isArray()) {
            throw new WardenException(entry.path() + ": no pins, not a Package.resolved, skipped");
        }
        int unversioned = 0;
        for (JsonNode pin : pins) {
            String url = Json.text(pin, pin.has("location") ? "location" : "repositoryURL");
            String version = Json.text(pin.path("state"), "version");
            String path = url == null ? null : repositoryPath(url);
            if (version == null || path == null) {
                unversioned++;
                continue;
            }
            int slash = path.lastIndexOf('/');
            Map<String, String> props = Declared.of(null, null, false);
            String revision = Json.text(pin.path("state"), "revision");
            if (revision != null) {
                props.put(PackageProperties.SWIFT_REVISION, revision);
            }
            found.add(new LangPackages.Coordinates("swift", slash < 0 ? null : path.substring(0, slash), path.substring(slash + 1), version),
                    List.of(), props);
        }
        if (unversioned > 0) {
            found.warn(entry.path() + ": " + unversioned + " pins without a released version (a branch or revision) not listed");
        }
    }

    /** "https://github.com/apple/swift-nio.git" and "git@github.com:apple/swift-nio.git" -> "github.com/apple/swift-nio". */
    static String repositoryPath(String url) {
        String s = url.strip();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        } else if (s.contains("@") && s.contains(":")) {
            s = s.substring(s.indexOf('@') + 1).replaceFirst(":", "/");
        }
        int at = s.indexOf('@');
        if (at >= 0 && at < s.indexOf('/')) {
            s = s.substring(at + 1); // user@host
        }
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith(".git")) {
            s = s.substring(0, s.length() - 4);
        }
        return s.isEmpty() || !s.contains("/") ? null : s;
    }
}
