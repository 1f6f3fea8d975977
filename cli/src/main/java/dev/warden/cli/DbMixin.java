package dev.warden.cli;

import dev.warden.vulndb.VulnDb;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --db} and {@code --offline}, for every command that reads the advisory database
 * ({@code warden db ...}, {@code warden scan}). Notices (snapshot age, staleness) go to stderr.
 */
public final class DbMixin {

    @Option(names = "--db", paramLabel = "LOCATION",
            description = "Advisory database: postgresql://USER:PASSWORD@HOST:PORT/DB, or a SQLite file "
                    + "(default: WARDEN_HOME/db/warden.db).")
    String location;

    @Option(names = "--offline", description = "Never touch the network.")
    boolean offline;

    /** The advisory database under the root command's WARDEN_HOME. */
    public VulnDb vulnDb(WardenCommand root, PrintWriter err) {
        return VulnDb.of(root.home(), location, offline, notice -> {
            if (!root.quiet()) { // --quiet: the reports themselves carry the sample/stale warning
                err.println("warden: warning: " + notice);
                err.flush();
            }
        });
    }

    public boolean offline() {
        return offline;
    }
}
