package dev.warden.server;

import dev.warden.vulndb.Bundles;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another process writing the advisory database a running server watches, as {@code warden db import} does (the CLI
 * module sits above this one, so its code path is called directly): {@code import HOME DB PATH} imports a feed file or
 * folder, {@code bundle HOME BUNDLE} installs a bundle over the SQLite file. DB is {@code -} for the home's SQLite file.
 */
public final class ExternalImport {
    private ExternalImport() {}

    public static void main(String[] args) throws IOException {
        Path home = Path.of(args[1]);
        String db = args[2].equals("-") ? null : args[2];
        VulnDb vulndb = VulnDb.of(home, db, true, notice -> { });
        switch (args[0]) {
            case "import" -> {
                try (AdvisoryStore store = vulndb.open(false)) {
                    vulndb.importSources(store, List.of(args[3]), null, null, false, null, VulnDb.Listener.NONE);
                }
            }
            case "bundle" -> Bundles.install(Path.of(args[3]), vulndb.sqliteFile());
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Runs it as a separate JVM on this test's class path; fails the test when it does not succeed. */
    static void run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ExternalImport.class.getName());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("warden-external-import-", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("external import " + String.join(" ", args) + " failed:\n" + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
