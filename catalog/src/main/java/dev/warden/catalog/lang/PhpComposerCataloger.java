package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.PackageProperties;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PHP packages Composer installed: {@code vendor/composer/installed.json}, which Composer 1 writes as an array of
 * packages and Composer 2 as {@code {"packages": [...], "dev-package-names": [...]}}. Purl
 * {@code pkg:composer/VENDOR/NAME@VERSION}; licences from each package's {@code license} (string or array of
 * SPDX ids); packages installed only for development get {@code composer:dev=true}. Where a {@code composer.lock}
 * sits beside the {@code vendor} folder, the lock speaks for it ({@link ComposerLockCataloger}), as an npm lock
 * speaks for its node_modules.
 */
public final class PhpComposerCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "php-composer";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.path().endsWith("/vendor/composer/installed.json");
    }

    @Override
    boolean keep(FileEntry entry, FileSystemView files) {
        String project = entry.path().substring(0, entry.path().length() - "/vendor/composer/installed.json".length());
        return files.entry(project + "/composer.lock").map(e -> !e.isFile()).orElse(true);
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode json = Json.read(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path());
        JsonNode packages = json.isArray() ? json : json.path("packages");
        if (!packages.isArray()) {
            throw new WardenException(entry.path() + ": neither a Composer 1 array nor a Composer 2 \"packages\" list, skipped");
        }
        Set<String> dev = new HashSet<>();
        json.path("dev-package-names").forEach(n -> dev.add(n.asText()));
        int skipped = 0;
        for (JsonNode p : packages) {
            String name = Json.text(p, "name");
            String version = Json.text(p, "version");
            int slash = name == null ? -1 : name.indexOf('/');
            if (version == null || slash <= 0 || slash == name.length() - 1) {
                skipped++; // Composer names are always vendor/name
                continue;
            }
            found.add(new LangPackages.Coordinates("composer", name.substring(0, slash), name.substring(slash + 1), version),
                    licenses(p.get("license"), found.licenses()), dev.contains(name) ? Map.of(PackageProperties.COMPOSER_DEV, "true") : Map.of());
        }
        if (skipped > 0) {
            found.warn(entry.path() + ": " + skipped + " entries without a vendor/name and version skipped");
        }
    }

    /** Composer's licence array lists alternatives (dual licensing), so several become one OR expression. */
    static List<String> licenses(JsonNode license, Licenses licenses) {
        List<String> names = new ArrayList<>();
        if (license != null && license.isArray()) {
            license.forEach(v -> addText(v, names));
        } else if (license != null) {
            addText(license, names);
        }
        if (names.size() == 1) {
            return licenses.of(names.getFirst());
        }
        return names.isEmpty() ? List.of() : licenses.of(String.join(" OR ", names.stream().map(n -> n.contains(" ") ? "(" + n + ")" : n).toList()));
    }

    private static void addText(JsonNode v, List<String> names) {
        if (v.isTextual() && !v.asText().isBlank()) {
            names.add(v.asText().strip());
        }
    }
}
