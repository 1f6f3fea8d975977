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
 * NuGet packages of a published .NET application: {@code APP.deps.json}, whose {@code libraries} object has one
 * {@code "Name/Version"} key per library. Only entries of type {@code package} are NuGet packages; {@code project}
 * (the application itself, its own projects) and {@code reference} entries are not. Purl
 * {@code pkg:nuget/Name@Version}; the package's {@code sha512} is kept as {@code nuget:sha512}. deps.json carries no
 * licences.
 */
public final class DotnetDepsCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "dotnet-deps";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().endsWith(".deps.json");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode json = Json.read(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path());
        JsonNode libraries = json.get("libraries");
        if (libraries == null || !libraries.isObject()) {
            throw new WardenException(entry.path() + ": no \"libraries\" object, not a .NET deps.json, skipped");
        }
        int skipped = 0;
        for (Map.Entry<String, JsonNode> library : libraries.properties()) {
            if (!"package".equals(Json.text(library.getValue(), "type"))) {
                continue;
            }
            String key = library.getKey();
            int slash = key.indexOf('/');
            if (slash <= 0 || slash == key.length() - 1 || key.indexOf('/', slash + 1) >= 0) {
                skipped++;
                continue;
            }
            String sha512 = Json.text(library.getValue(), "sha512");
            found.add(new LangPackages.Coordinates("nuget", null, key.substring(0, slash), key.substring(slash + 1)), List.of(),
                    sha512 == null ? Map.of() : Map.of(PackageProperties.NUGET_SHA512, sha512));
        }
        if (skipped > 0) {
            found.warn(entry.path() + ": " + skipped + " package entries not named Name/Version skipped");
        }
    }
}
