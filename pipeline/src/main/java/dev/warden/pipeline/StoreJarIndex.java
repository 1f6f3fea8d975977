package dev.warden.pipeline;

import dev.warden.core.jar.JarCoordinates;
import dev.warden.core.jar.JarIndex;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.Database;
import dev.warden.vulndb.store.JarIndexStore;
import dev.warden.vulndb.store.SqliteNativeLibrary;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The advisory database's jar index as the catalog's {@link JarIndex}: opened when the catalog first asks (once per
 * run, after the layers were read), closed right after.
 */
public final class StoreJarIndex implements JarIndex {
    private final Callable<Database> database;

    private StoreJarIndex(Callable<Database> database) {
        this.database = database;
    }

    /** The index of the database {@code database} gives (a scan's store, opened meanwhile on its own thread). */
    public static JarIndex of(Callable<Database> database) {
        return new StoreJarIndex(database);
    }

    /**
     * The index of WARDEN_HOME's database for commands that do not match ({@code sbom}): none when that database does
     * not exist yet (a first run is not the moment to install the advisory snapshot for it).
     */
    public static JarIndex ofHome(java.nio.file.Path home) {
        VulnDb vulnDb = VulnDb.of(home, null, true, notice -> { });
        if (!Files.isRegularFile(vulnDb.sqliteFile())) {
            return JarIndex.NONE;
        }
        return new StoreJarIndex(() -> {
            SqliteNativeLibrary.useCopyUnder(home.resolve("native"));
            return vulnDb.database();
        });
    }

    @Override
    public Map<String, List<JarCoordinates>> find(Collection<String> sha1s) {
        Database db;
        try {
            db = database.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the advisory database did not open: " + e.getMessage(), e);
        }
        try (JarIndexStore store = JarIndexStore.open(db)) {
            return store.find(sha1s);
        }
    }
}
