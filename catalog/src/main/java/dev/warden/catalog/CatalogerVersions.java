package dev.warden.catalog;

import dev.warden.catalog.sbom.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The version a cataloger's kept results are made by: Warden's release, the cataloger's own {@link Cataloger#version()},
 * and where its code came from: a jar's size and time, or for classes in a folder (a development build, tests) the
 * number of files and the newest time among them, so results of code since rebuilt are not used. A code source that
 * cannot be read gives null: nothing is kept for that cataloger.
 */
final class CatalogerVersions {
    private CatalogerVersions() {}

    /** {@code memo}: code locations already described in this run (one folder walk per run, not per cataloger). */
    static String of(Cataloger cataloger, Map<Path, String> memo) {
        Path code = codeOf(cataloger.getClass());
        if (code == null) {
            return null;
        }
        String where = memo.computeIfAbsent(code, CatalogerVersions::describe);
        return where == null ? null : Tool.warden().version() + "/" + cataloger.version() + "/" + where;
    }

    private static Path codeOf(Class<?> type) {
        try {
            CodeSource code = type.getProtectionDomain().getCodeSource();
            return code == null || code.getLocation() == null ? null : Path.of(code.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static String describe(Path code) {
        try {
            if (Files.isRegularFile(code)) {
                return "jar " + Files.size(code) + "@" + Files.getLastModifiedTime(code).toMillis();
            }
            if (Files.isDirectory(code)) {
                try (Stream<Path> all = Files.walk(code)) {
                    long[] countAndNewest = {0, 0};
                    all.filter(Files::isRegularFile).forEach(f -> {
                        countAndNewest[0]++;
                        try {
                            countAndNewest[1] = Math.max(countAndNewest[1], Files.getLastModifiedTime(f).toMillis());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    return "dir " + countAndNewest[0] + "@" + countAndNewest[1];
                }
            }
            return null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }
}
