package dev.warden.cli;

import dev.warden.core.WardenVersion;
import picocli.CommandLine;

/** {@code --version} and {@code warden version}: the one version every document names ({@link WardenVersion}), and the JVM. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"warden " + WardenVersion.get()
                + " (Java " + Runtime.version() + ", " + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")"};
    }
}
