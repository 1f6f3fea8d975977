package dev.warden.vulndb.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Keeps sqlite-jdbc's native library in a folder of Warden's own, so that each run loads it directly. Left to itself,
 * the driver copies the library out of its jar into the temporary folder on every start (after running a program to
 * tell glibc from musl), then compares the copy with the original: about a tenth of a second of every scan.
 *
 * <p>The library is copied once per driver version, operating system and architecture into
 * {@code WARDEN_HOME/native/}, a folder only the user writes (never a shared temporary folder, where another user
 * could plant a library), and named to the driver through its documented system properties {@code org.sqlite.lib.path}
 * and {@code org.sqlite.lib.name}. Those are process-wide, as the driver's loader is; they are left alone when the
 * user has set them. If the copy cannot be made or loaded, the driver falls back to its own way.
 */
public final class SqliteNativeLibrary {
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteNativeLibrary() {}

    /** Points the driver at its library under {@code nativeRoot}, copying it there first if it is not there yet. */
    public static synchronized void useCopyUnder(Path nativeRoot) {
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return;
        }
        String name = LibraryLoaderUtil.getNativeLibName();
        Path folder = nativeRoot.resolve(("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-" + System.getProperty("os.name")
                + "-" + System.getProperty("os.arch")).replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT));
        Path library = folder.resolve(name);
        try {
            if (!Files.isRegularFile(library)) {
                // the driver's own choice of build (glibc or musl, architecture), looked up once
                String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name; // "/org/sqlite/native/OS/ARCH"
                try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        return; // no build for this platform in the jar: the driver will say so
                    }
                    Files.createDirectories(folder);
                    Path partial = folder.resolve(name + "." + ProcessHandle.current().pid() + ".partial");
                    try {
                        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } finally {
                        Files.deleteIfExists(partial);
                    }
                }
            }
        } catch (IOException e) {
            return; // a read-only home, say: the driver extracts to the temporary folder as it always does
        }
        System.setProperty(PATH_PROPERTY, folder.toString());
        System.setProperty(NAME_PROPERTY, name);
    }
}
