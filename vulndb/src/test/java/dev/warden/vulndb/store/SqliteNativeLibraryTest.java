package dev.warden.vulndb.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {
    private String savedPath;
    private String savedName;

    @BeforeEach
    void clearProperties() {
        savedPath = System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
        savedName = System.clearProperty(SqliteNativeLibrary.NAME_PROPERTY);
    }

    @AfterEach
    void restoreProperties() {
        restore(SqliteNativeLibrary.PATH_PROPERTY, savedPath);
        restore(SqliteNativeLibrary.NAME_PROPERTY, savedName);
    }

    @Test
    void copiesTheDriversOwnBuildOnceAndNamesItToTheDriver(@TempDir Path home) throws Exception {
        Path root = home.resolve("native");
        SqliteNativeLibrary.useCopyUnder(root);

        List<Path> libraries;
        try (Stream<Path> files = Files.walk(root)) {
            libraries = files.filter(Files::isRegularFile).toList();
        }
        assertThat(libraries).hasSize(1); // no partial file left beside it
        Path library = libraries.get(0);
        try (InputStream original = SqliteNativeLibrary.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            assertThat(Files.readAllBytes(library)).isEqualTo(original.readAllBytes());
        }
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo(library.getParent().toString());
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isEqualTo(library.getFileName().toString());

        // a later run finds it there and does not copy it again
        FileTime earlier = FileTime.fromMillis(Files.getLastModifiedTime(library).toMillis() - 60_000);
        Files.setLastModifiedTime(library, earlier);
        System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
        System.clearProperty(SqliteNativeLibrary.NAME_PROPERTY);
        SqliteNativeLibrary.useCopyUnder(root);
        assertThat(Files.getLastModifiedTime(library)).isEqualTo(earlier);
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo(library.getParent().toString());

        // and the driver works
        try (Connection c = Database.sqlite(home.resolve("t.db")).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("3.");
        }
    }

    @Test
    void leavesTheUsersOwnChoiceAlone(@TempDir Path home) {
        System.setProperty(SqliteNativeLibrary.PATH_PROPERTY, "/opt/sqlite");
        SqliteNativeLibrary.useCopyUnder(home.resolve("native"));
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isEqualTo("/opt/sqlite");
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isNull();
        assertThat(home.resolve("native")).doesNotExist();
    }

    @Test
    void aFolderThatCannotBeMadeLeavesTheDriverToItsOwnWay(@TempDir Path home) throws Exception {
        Path file = Files.writeString(home.resolve("file"), "not a folder");
        SqliteNativeLibrary.useCopyUnder(file.resolve("native")); // under a regular file: unwritable even for root
        assertThat(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY)).isNull();
        assertThat(System.getProperty(SqliteNativeLibrary.NAME_PROPERTY)).isNull();
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
