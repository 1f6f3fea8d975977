package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gradle version catalogs ({@code gradle/libs.versions.toml} and other {@code *.versions.toml}): the
 * {@code [libraries]} a build may use, in each of the catalog's notations ({@code "group:name:version"},
 * {@code module} or {@code group}/{@code name}, a {@code version} string, table or {@code version.ref} into
 * {@code [versions]}). Only concrete versions count: a library without a version (a platform or BOM sets it), or with
 * a range, a dynamic version ({@code 1.+}, {@code latest.release}) or only {@code reject}, is one warning for the file,
 * not a package with a guessed version. A catalog names what a build may use, not what it resolved:
 * {@code gradle.lockfile} says that, when the build locks.
 */
public final class GradleVersionCatalogCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "gradle-version-catalog";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().endsWith(".versions.toml");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode catalog = Declared.toml(content, entry.path());
        JsonNode versions = catalog.path("versions");
        JsonNode libraries = catalog.path("libraries");
        if (!libraries.isObject()) {
            return;
        }
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, JsonNode> library : libraries.properties()) {
            JsonNode spec = library.getValue();
            String group;
            String name;
            String version;
            if (spec.isTextual()) {
                String[] parts = spec.asText().split(":");
                group = parts[0];
                name = parts.length > 1 ? parts[1] : null;
                version = parts.length > 2 ? parts[2] : null;
            } else {
                String module = Json.text(spec, "module");
                group = module != null ? module.substring(0, Math.max(0, module.indexOf(':'))) : Json.text(spec, "group");
                name = module != null ? module.substring(module.indexOf(':') + 1) : Json.text(spec, "name");
                version = version(spec.get("version"), versions);
            }
            if (group == null || group.isBlank() || name == null || name.isBlank()) {
                throw new WardenException(entry.path() + ": library '" + library.getKey() + "' names no group and module");
            }
            if (!concrete(version)) {
                skipped.add(library.getKey());
                continue;
            }
            found.add(new LangPackages.Coordinates("maven", group, name, version), List.of(), Declared.of(Declared.DIRECT, null, false));
        }
        if (!skipped.isEmpty()) {
            found.warn(entry.path() + ": " + skipped.size() + " libraries without a concrete version not listed ("
                    + String.join(", ", skipped.stream().limit(5).toList()) + (skipped.size() > 5 ? ", ..." : "") + ")");
        }
    }

    /** A version given as a string, a {@code {ref = ...}} reference or a rich-version table; its strict or required form. */
    private static String version(JsonNode v, JsonNode versions) {
        if (v == null) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        String ref = Json.text(v, "ref");
        if (ref != null) {
            return version(versions.get(ref), versions);
        }
        String strictly = Json.text(v, "strictly");
        return strictly != null ? strictly : Json.text(v, "require");
    }

    private static boolean concrete(String version) {
        return version != null && !version.isBlank() && !version.contains("+") && !version.startsWith("latest.")
                && !version.startsWith("[") && !version.startsWith("(") && !version.startsWith("]") && !version.contains(",");
    }
}
