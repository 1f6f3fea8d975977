package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * PDM's {@code pdm.lock}: each {@code [[package]]}'s name and version; a package whose {@code groups} do not include
 * {@code default} only development groups need, and is marked so. Locks older than PDM 2.8 carry no groups per
 * package, so nothing is marked in them.
 */
public final class PdmLockCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "python-pdm-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("pdm.lock");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode packages = Declared.toml(content, entry.path()).path("package");
        if (!packages.isArray()) {
            throw new WardenException(entry.path() + ": no [[package]] tables, not a pdm.lock, skipped");
        }
        for (JsonNode p : packages) {
            String name = Json.text(p, "name");
            String version = Json.text(p, "version");
            if (name != null && version != null) {
                found.add(new LangPackages.Coordinates("pypi", null, name, version), List.of(),
                        Declared.of(null, null, PythonLocks.devOnlyGroups(p.get("groups"), "default")));
            }
        }
    }
}
