package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Installed npm packages: {@code node_modules/NAME/package.json} and {@code node_modules/@SCOPE/NAME/package.json}
 * at any depth. Other package.json files (a package's own test fixtures, the project root) are not
 * installed packages and are not read. A package installed under a {@code node_modules} whose project folder holds a
 * lock file ({@link NpmLockCataloger#LOCK_FILES}) is left to the lock, which lists it with its dev mark (issue 17's
 * rule, so that {@code fs://} of a checkout and the image built from it agree).
 */
public final class NpmPackageCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "npm-package";
    }

    /** Not when the outermost node_modules holding it sits beside a lock file, which then lists the project's packages. */
    @Override
    boolean keep(FileEntry entry, FileSystemView files) {
        int modules = entry.path().indexOf("/node_modules/");
        String project = entry.path().substring(0, modules);
        return NpmLockCataloger.LOCK_FILES.stream().noneMatch(lock -> files.entry(project + "/" + lock).map(FileEntry::isFile).orElse(false));
    }

    @Override
    boolean wants(FileEntry entry) {
        if (!entry.name().equals("package.json")) {
            return false;
        }
        String[] parts = entry.path().split("/");
        int n = parts.length;
        return n >= 4 && (parts[n - 3].equals("node_modules")
                || n >= 5 && parts[n - 3].startsWith("@") && parts[n - 4].equals("node_modules"));
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode json = Json.read(content, LangLimits.MAX_METADATA_BYTES, entry.path());
        String name = Json.text(json, "name");
        String version = Json.text(json, "version");
        if (name == null || version == null) {
            return; // a placeholder package.json, not an installed package
        }
        found.add(Npm.coordinates(name, version), licenses(json, found.licenses()), Map.of());
    }

    /** {@code license} (SPDX expression, or legacy {type}), else the legacy {@code licenses} array. */
    static List<String> licenses(JsonNode json, Licenses licenses) {
        List<String> out = new ArrayList<>();
        JsonNode license = json.get("license");
        if (license != null) {
            addLicense(license, out, licenses);
        }
        JsonNode legacy = json.get("licenses");
        if (out.isEmpty() && legacy != null) {
            if (legacy.isArray()) {
                legacy.forEach(l -> addLicense(l, out, licenses));
            } else {
                addLicense(legacy, out, licenses);
            }
        }
        return out;
    }

    private static void addLicense(JsonNode node, List<String> out, Licenses licenses) {
        String text = node.isTextual() ? node.asText() : node.isObject() ? Json.text(node, "type") : null;
        if (text != null) {
            licenses.of(text).stream().filter(l -> !out.contains(l)).forEach(out::add);
        }
    }
}
