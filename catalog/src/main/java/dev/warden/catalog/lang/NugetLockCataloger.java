package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NuGet's {@code packages.lock.json} (written with {@code RestorePackagesWithLockFile}): for each target framework,
 * the packages restore resolved, {@code Direct} or {@code Transitive}, at their {@code resolved} version. A package
 * locked for several frameworks is one package, direct if any framework names it directly; {@code Project} entries are
 * the solution's own projects.
 */
public final class NugetLockCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "dotnet-packages-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("packages.lock.json");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode frameworks = Json.read(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path()).path("dependencies");
        if (!frameworks.isObject()) {
            throw new WardenException(entry.path() + ": no \"dependencies\" by framework, not a packages.lock.json, skipped");
        }
        Map<String, Boolean> direct = new LinkedHashMap<>();
        for (JsonNode framework : frameworks) {
            for (Map.Entry<String, JsonNode> p : framework.properties()) {
                String type = Json.text(p.getValue(), "type");
                String version = Json.text(p.getValue(), "resolved");
                if (version == null || "Project".equals(type)) {
                    continue;
                }
                direct.merge(p.getKey() + "/" + version, "Direct".equals(type), Boolean::logicalOr);
            }
        }
        direct.forEach((key, isDirect) -> {
            int slash = key.lastIndexOf('/');
            found.add(new LangPackages.Coordinates("nuget", null, key.substring(0, slash), key.substring(slash + 1)), List.of(),
                    Declared.of(isDirect ? Declared.DIRECT : Declared.INDIRECT, null, false));
        });
    }
}
