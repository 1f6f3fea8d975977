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
 * Pipenv's {@code Pipfile.lock}: the {@code default} packages and the {@code develop} ones (marked development-only),
 * each pinned as {@code "version": "==1.2.3"}. Entries without a version (a git checkout, a local folder) name no
 * release and are counted in one warning.
 */
public final class PipfileLockCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "python-pipfile-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("Pipfile.lock");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode lock = Json.read(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path());
        if (!lock.path("default").isObject() && !lock.path("develop").isObject()) {
            throw new WardenException(entry.path() + ": neither \"default\" nor \"develop\" packages, not a Pipfile.lock, skipped");
        }
        int unversioned = 0;
        for (String section : List.of("default", "develop")) {
            for (Map.Entry<String, JsonNode> p : lock.path(section).properties()) {
                String version = Json.text(p.getValue(), "version");
                if (version == null || !version.startsWith("==")) {
                    unversioned++;
                    continue;
                }
                String exact = version.substring(version.startsWith("===") ? 3 : 2).strip();
                Map<String, String> props = Declared.of(null, null, section.equals("develop"));
                String markers = Json.text(p.getValue(), "markers");
                if (markers != null) {
                    props.put(PackageProperties.PYTHON_MARKER, markers);
                }
                found.add(new LangPackages.Coordinates("pypi", null, p.getKey(), exact), List.of(), props);
            }
        }
        if (unversioned > 0) {
            found.warn(entry.path() + ": " + unversioned + " entries without a pinned version (git, local folders) not listed");
        }
    }
}
