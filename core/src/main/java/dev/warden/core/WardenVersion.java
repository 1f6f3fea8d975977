package dev.warden.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Warden's version, from the one file the build writes it into ({@code dev/warden/core/version.properties}, filtered by
 * Maven): {@code --version}, {@code warden version} and every document's tool field (CycloneDX, SPDX, SARIF, JSON,
 * GitLab, OpenVEX, the server's API) read it here, so they cannot disagree.
 */
public final class WardenVersion {
    private static final String VERSION = read();

    private WardenVersion() {}

    /** {@code 0.1.0-SNAPSHOT}; {@code unknown} when the classes were not built by Maven (the file is unfiltered). */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = WardenVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String v = p.getProperty("version", "");
        return v.isBlank() || v.contains("${") ? "unknown" : v.strip();
    }
}
