package dev.warden.catalog.lang;

import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Gradle dependency locking: {@code gradle.lockfile} (and the per-configuration {@code *.lockfile} files under
 * {@code gradle/dependency-locks/} of Gradle before 7), one {@code group:name:version=configuration,...} line per
 * resolved module. The configurations are kept as the scope; a module only test configurations need
 * ({@code testCompileClasspath}, {@code testRuntimeClasspath}, ...) is marked development-only. {@code empty=} lines
 * name configurations that resolved nothing.
 */
public final class GradleLockfileCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "gradle-lockfile";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("gradle.lockfile")
                || entry.name().endsWith(".lockfile") && entry.path().contains("/gradle/dependency-locks/");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        String text = Declared.text(content, entry.path());
        int bad = 0;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("empty=")) {
                continue;
            }
            int equals = line.indexOf('=');
            String module = equals < 0 ? line : line.substring(0, equals);
            String[] gav = module.split(":");
            if (gav.length != 3 || gav[0].isBlank() || gav[1].isBlank() || gav[2].isBlank()) {
                bad++;
                continue;
            }
            List<String> configurations = equals < 0 ? List.of()
                    : Arrays.stream(line.substring(equals + 1).split(",")).map(String::strip).filter(c -> !c.isEmpty()).toList();
            boolean testOnly = !configurations.isEmpty() && configurations.stream().allMatch(c -> c.startsWith("test"));
            found.add(new LangPackages.Coordinates("maven", gav[0], gav[1], gav[2]), List.of(),
                    Declared.of(null, String.join(",", configurations), testOnly));
        }
        if (bad > 0) {
            throw new WardenException(entry.path() + ": " + bad + " lines not of the form group:name:version=configurations, skipped");
        }
    }
}
