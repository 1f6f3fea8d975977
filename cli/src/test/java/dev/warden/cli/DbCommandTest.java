package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden db ...} run in-process on a private WARDEN_HOME. */
class DbCommandTest {

    @TempDir
    Path tmp;

    private Path resource(String name) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/" + name)) {
            Path target = tmp.resolve(name);
            Files.copy(in, target);
            return target;
        }
    }

    @Test
    void snapshotImportBuildAndInstall() throws IOException {
        InProcessWarden warden = new InProcessWarden(tmp.resolve("cache"));
        String home = tmp.resolve("home").toString();

        InProcessWarden.Run status = warden.run("--home", home, "db", "status");
        assertThat(status.exit()).isZero();
        assertThat(status.err()).contains("installed the snapshot shipped with Warden, dated 2026-11-28");
        assertThat(status.out()).contains("snapshot-osv-go-vulndb-subset").contains("osv").contains("242");

        InProcessWarden.Run imported = warden.run("--home", home, "db", "import", resource("GHSA-jfh8-c2jp-5v3q.json").toString(),
                resource("kev-sample.json").toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).containsPattern("local-osv +imported +1 ").containsPattern("local-kev +imported +\\d+ ");

        Path bundle = tmp.resolve("bundle.zip");
        InProcessWarden.Run built = warden.run("--home", home, "db", "build", "-o", bundle.toString());
        assertThat(built.exit()).as(built.err()).isZero();
        assertThat(built.out()).contains("wrote " + bundle).contains("schema " + dev.warden.vulndb.store.Database.SCHEMA_VERSION);

        String other = tmp.resolve("other").toString();
        InProcessWarden.Run installed = warden.run("--home", other, "db", "import", bundle.toString());
        assertThat(installed.exit()).as(installed.err()).isZero();
        assertThat(installed.out()).contains("installed bundle");
        InProcessWarden.Run otherStatus = warden.run("--home", other, "db", "status");
        assertThat(otherStatus.out()).contains("local-osv").contains("local-kev");
        // the bundle was installed, so no snapshot was laid down
        assertThat(otherStatus.err()).doesNotContain("installed the snapshot");
    }

    @Test
    void badInputIsExitTwoWithOneLine() throws IOException {
        InProcessWarden warden = new InProcessWarden(tmp.resolve("cache"));
        String home = tmp.resolve("home").toString();
        InProcessWarden.Run missing = warden.run("--home", home, "db", "import", tmp.resolve("nope.json").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.json: no such file or directory").doesNotContain("Exception");
        Path junk = Files.writeString(tmp.resolve("junk.txt"), "hello world");
        InProcessWarden.Run unknown = warden.run("--home", home, "db", "import", junk.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("junk.txt: not a feed format Warden knows");
        InProcessWarden.Run offline = warden.run("--home", home, "db", "update", "--offline");
        assertThat(offline.exit()).isEqualTo(2);
        assertThat(offline.err()).contains("--offline");
    }
}
