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
 * Poetry's {@code poetry.lock}: each {@code [[package]]}'s name and version. Development-only packages are marked from
 * {@code category = "dev"} (Poetry before 1.5) or a {@code groups} list without {@code main} (Poetry 2); Poetry 1.5-1.8
 * records neither, so their dev packages are not marked (the groups live in pyproject.toml).
 */
public final class PoetryLockCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "python-poetry-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("poetry.lock");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode packages = Declared.toml(content, entry.path()).path("package");
        if (!packages.isArray()) {
            throw new WardenException(entry.path() + ": no [[package]] tables, not a poetry.lock, skipped");
        }
        for (JsonNode p : packages) {
            String name = Json.text(p, "name");
            String version = Json.text(p, "version");
            if (name == null || version == null) {
                continue;
            }
            boolean dev = "dev".equals(Json.text(p, "category")) || PythonLocks.devOnlyGroups(p.get("groups"), "main");
            Map<String, String> props = Declared.of(null, null, dev);
            String source = Json.text(p.path("source"), "type");
            if (source != null) {
                props.put(PackageProperties.PYTHON_SOURCE, source);
            }
            found.add(new LangPackages.Coordinates("pypi", null, name, version), List.of(), props);
        }
    }
}
