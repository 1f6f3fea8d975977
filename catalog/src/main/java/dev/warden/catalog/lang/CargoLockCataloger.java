package dev.warden.catalog.lang;

import dev.warden.core.PackageProperties;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rust crates pinned by a {@code Cargo.lock}: each {@code [[package]]} table's {@code name}, {@code version} and
 * {@code source}. Cargo writes the file itself in a fixed shape (one {@code key = "string"} per line, arrays
 * over several lines), so a line reader is enough; a TOML library would add a dependency for no gain.
 * Packages without a source are the workspace's own crates and path dependencies.
 */
public final class CargoLockCataloger extends FileParsingCataloger {
    /** {@code key = "basic string"}; cargo writes only these and arrays, which this does not match. */
    private static final Pattern STRING_KEY = Pattern.compile("([A-Za-z0-9_-]+)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");

    @Override
    public String name() {
        return "rust-cargo-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("Cargo.lock");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        String text = new String(Bounded.readAll(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path()), StandardCharsets.UTF_8);
        Map<String, String> current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                add(current, found);
                current = line.equals("[[package]]") ? new LinkedHashMap<>() : null;
                continue;
            }
            Matcher m = STRING_KEY.matcher(line);
            if (current != null && m.matches()) {
                current.putIfAbsent(m.group(1), unescape(m.group(2)));
            }
        }
        add(current, found);
    }

    private static void add(Map<String, String> pkg, Found found) {
        if (pkg == null || pkg.get("name") == null || pkg.get("version") == null) {
            return; // a table without the two keys cargo always writes names nothing
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put(PackageProperties.CARGO_SOURCE, pkg.getOrDefault("source", "local"));
        if (pkg.containsKey("checksum")) {
            props.put(PackageProperties.CARGO_CHECKSUM, pkg.get("checksum"));
        }
        found.add(new LangPackages.Coordinates("cargo", null, pkg.get("name"), pkg.get("version")), List.of(), props);
    }

    private static String unescape(String s) {
        return s.indexOf('\\') < 0 ? s : s.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
