package dev.warden.catalog;

import dev.warden.catalog.sbom.Tool;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * The version a cataloger's kept results are made by: Warden's release, the cataloger's own {@link Cataloger#version()},
 * and the size and time of the jar its code came from, so a rebuilt development jar does not reuse results of the old
 * code. Classes from a folder (tests) have only the first two.
 */
final class CatalogerVersions {
    private CatalogerVersions() {}

    static String of(Cataloger cataloger) {
        return Tool.warden().version() + "/" + cataloger.version() + "/" + codeOf(cataloger.getClass());
    }

    private static String codeOf(Class<?> type) {
        try {
            CodeSource code = type.getProtectionDomain().getCodeSource();
            if (code == null || code.getLocation() == null) {
                return "";
            }
            Path file = Path.of(code.getLocation().toURI());
            return Files.isRegularFile(file) ? Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis() : "";
        } catch (URISyntaxException | java.io.IOException | RuntimeException e) {
            return "";
        }
    }
}
