package dev.warden.match.vex;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Debian and Ubuntu codenames to release numbers, from distro-info-data (resources beside this class). */
final class DistroReleases {
    private final Map<String, String> versionByCodename;

    private DistroReleases(Map<String, String> versionByCodename) {
        this.versionByCodename = Map.copyOf(versionByCodename);
    }

    static final DistroReleases INSTANCE = load();

    /** {@code bookworm} gives {@code 12}, {@code jammy} gives {@code 22.04}; null when unknown. */
    String version(String codename) {
        return codename == null ? null : versionByCodename.get(codename.toLowerCase(Locale.ROOT));
    }

    private static DistroReleases load() {
        Map<String, String> map = new HashMap<>();
        read("debian.csv", map);
        read("ubuntu.csv", map);
        return new DistroReleases(map);
    }

    private static void read(String resource, Map<String, String> map) {
        try (InputStream in = DistroReleases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine(); // header: version,codename,series,...
            for (String line; (line = reader.readLine()) != null; ) {
                String[] cols = line.split(",", -1);
                if (cols.length > 2 && !cols[0].isBlank()) {
                    map.put(cols[2].trim().toLowerCase(Locale.ROOT), cols[0].replace(" LTS", "").trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
