package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Dart and Flutter's {@code pubspec.lock}: each package's {@code version} and {@code dependency}
 * ({@code direct main}, {@code direct dev}, {@code direct overridden}, {@code transitive}); {@code direct dev} is
 * marked development-only. Packages from the SDK ({@code source: sdk}, e.g. {@code flutter}) come with the SDK and
 * have no pub.dev release of that version, so they are left out.
 */
public final class PubspecLockCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "dart-pubspec-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("pubspec.lock");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode packages = Declared.yaml(content, entry.path()).path("packages");
        if (!packages.isObject()) {
            throw new WardenException(entry.path() + ": no packages map, not a pubspec.lock, skipped");
        }
        for (Map.Entry<String, JsonNode> p : packages.properties()) {
            String version = Json.text(p.getValue(), "version");
            String dependency = Json.text(p.getValue(), "dependency");
            if (version == null || "sdk".equals(Json.text(p.getValue(), "source"))) {
                continue;
            }
            String relationship = dependency == null ? null : dependency.startsWith("direct") ? Declared.DIRECT : Declared.INDIRECT;
            found.add(new LangPackages.Coordinates("pub", null, p.getKey(), version), List.of(),
                    Declared.of(relationship, null, "direct dev".equals(dependency)));
        }
    }
}
