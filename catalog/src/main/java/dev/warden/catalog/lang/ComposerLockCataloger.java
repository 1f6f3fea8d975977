package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Composer's {@code composer.lock}: {@code packages} and {@code packages-dev} (marked development-only), each
 * {@code vendor/name} at its locked version. A lock beside an installed {@code vendor/composer/installed.json} is read
 * too: the lock is what the project pins, and it lists the dev packages a production install leaves out.
 */
public final class ComposerLockCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "php-composer-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("composer.lock") && !entry.path().contains("/vendor/");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode lock = Json.read(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path());
        if (!lock.path("packages").isArray()) {
            throw new WardenException(entry.path() + ": no \"packages\" list, not a composer.lock, skipped");
        }
        int skipped = 0;
        for (String section : List.of("packages", "packages-dev")) {
            for (JsonNode p : lock.path(section)) {
                String name = Json.text(p, "name");
                String version = Json.text(p, "version");
                int slash = name == null ? -1 : name.indexOf('/');
                if (version == null || slash <= 0 || slash == name.length() - 1) {
                    skipped++;
                    continue;
                }
                found.add(new LangPackages.Coordinates("composer", name.substring(0, slash), name.substring(slash + 1), version),
                        PhpComposerCataloger.licenses(p.get("license"), found.licenses()),
                        Declared.of(null, null, section.equals("packages-dev")));
            }
        }
        if (skipped > 0) {
            found.warn(entry.path() + ": " + skipped + " entries without a vendor/name and version skipped");
        }
    }
}
