package dev.warden.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the version Maven wrote into warden-version.properties. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/warden-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String[] {"warden " + p.getProperty("version", "unknown")
                + " (Java " + Runtime.version() + ", " + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")"};
    }
}
