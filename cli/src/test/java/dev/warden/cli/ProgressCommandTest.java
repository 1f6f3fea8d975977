package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Sbom;
import dev.warden.core.progress.Phase;
import dev.warden.image.ImageLimits;
import dev.warden.image.ImageSource;
import dev.warden.image.SourceRef;
import dev.warden.image.testing.TestImages;
import dev.warden.pipeline.BackgroundStore;
import dev.warden.pipeline.ImageAccess;
import dev.warden.pipeline.ScanOptions;
import dev.warden.pipeline.ScanPipeline;
import dev.warden.vulndb.VulnDb;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress of a real scan: the pipeline feeds the counters (files seen, packages found, packages matched), and the
 * command shows them on a real terminal (a pseudo-terminal from util-linux's {@code script}) as one line rewritten in
 * place, fitted to COLUMNS and erased at the end, while stdout carries the same bytes as without progress.
 */
class ProgressCommandTest {
    @TempDir
    static Path dir;
    private static Path root;

    @BeforeAll
    static void rootFilesystem() throws IOException {
        root = dir.resolve("root");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n");
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), """
                Package: zlib1g
                Status: install ok installed
                Architecture: amd64
                Source: zlib
                Version: 1:1.2.13.dfsg-1

                """);
        Path distInfo = Files.createDirectories(root.resolve("usr/lib/python3/dist-packages/Django-1.11.dist-info"));
        Files.writeString(distInfo.resolve("METADATA"), "Metadata-Version: 2.1\nName: Django\nVersion: 1.11\n");
        for (int d = 0; d < 20; d++) {
            Path folder = Files.createDirectories(root.resolve("usr/share/filler/" + d));
            for (int f = 0; f < 100; f++) {
                Files.writeString(folder.resolve("file" + f + ".txt"), "filler " + d + "/" + f + "\n");
            }
        }
    }

    @Test
    void thePipelineCountsFilesPackagesAndMatches() throws Exception {
        ProgressCounters counters = new ProgressCounters();
        ImageAccess access = new ImageAccess(null, null, null, Set.of(), dir.resolve("cache"), null, ImageLimits.DEFAULT, counters);
        SourceRef ref = SourceRef.parse("fs://" + root);
        Sbom sbom = new ScanPipeline(access).analyse(ref, false);
        ProgressCounters.Snapshot analysed = counters.snapshot();
        long entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.count() - 1; // every file, folder and link below the root, as the walk met them
        }
        assertThat(analysed.phase()).isEqualTo(Phase.CATALOGUE);
        assertThat(analysed.files()).isEqualTo(entries);
        assertThat(sbom.packages()).extracting(p -> p.name()).contains("zlib1g", "Django");
        assertThat(analysed.packages()).isGreaterThanOrEqualTo(sbom.packages().size());

        ProgressCounters scanCounters = new ProgressCounters();
        ImageAccess scanAccess = new ImageAccess(null, null, null, Set.of(), dir.resolve("cache"), null, ImageLimits.DEFAULT, scanCounters);
        VulnDb db = VulnDb.of(dir.resolve("in-process-home"), null, true, notice -> { });
        try (BackgroundStore store = BackgroundStore.open(db)) {
            new ScanPipeline(scanAccess).scans(store, ScanOptions.MATCH_ONLY, null).scan(ref);
        }
        ProgressCounters.Snapshot scanned = scanCounters.snapshot();
        assertThat(scanned.phase()).as("after matching: VEX and policies").isEqualTo(Phase.JUDGE);
        assertThat(scanned.toMatch()).isEqualTo(sbom.packages().size());
        assertThat(scanned.matched()).isEqualTo(scanned.toMatch());
    }

    /** Each layer of a real two-layer image (debootstrap, umoci) is reported as it is read, with every tar entry in it. */
    @Test
    @Tag("live") // an image built by debootstrap and umoci (TestImages)
    void aLayeredImageReportsEachLayerAndItsEntries() throws Exception {
        ProgressCounters counters = new ProgressCounters();
        ImageAccess access = new ImageAccess(null, null, null, Set.of(), dir.resolve("layer-cache"), null, ImageLimits.DEFAULT, counters);
        SourceRef ref = SourceRef.parse("oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG);
        long entries;
        try (ImageSource image = new ScanPipeline(access).open(ref)) {
            image.files();
            entries = image.info().layers().stream().mapToLong(l -> l.entryCount()).sum();
        }
        ProgressCounters.Snapshot read = counters.snapshot();
        assertThat(read.layers()).isEqualTo(2);
        assertThat(read.layer()).as("the last layer read").isEqualTo(2);
        assertThat(entries).as("debootstrap's files").isGreaterThan(1_000);
        assertThat(read.files()).isEqualTo(entries);
    }

    /** {@code script} is util-linux's (Debian's bsdutils, an Essential package): a base-system tool, as tar is. */
    @Test
    void aTerminalShowsOneLineRewrittenAndErasedAndStdoutStaysTheSame() throws Exception {
        Path home = dir.resolve("tty-home"); // a fresh home: the first scan installs the snapshot, seconds of work
        Path ttyJson = dir.resolve("tty.json");
        List<String> scan = List.of("scan", "fs://" + root, "--offline", "--format", "json");
        String shell = String.join(" ", quoted(warden(home, scan))) + " > " + quote(ttyJson.toString());
        Process script = new ProcessBuilder("script", "-qec", shell, "/dev/null")
                .redirectInput(new File("/dev/null")).redirectErrorStream(true).start();
        script.getOutputStream().close();
        byte[] transcript = script.getInputStream().readAllBytes();
        assertThat(script.waitFor(600, TimeUnit.SECONDS)).isTrue();
        String tty = new String(transcript, StandardCharsets.UTF_8);
        assertThat(script.exitValue()).as(tty).isZero();

        String erase = StatusLine.ERASE;
        Matcher drawn = Pattern.compile(Pattern.quote(erase) + "((?:reading layers|cataloguing|matching|applying VEX and policies"
                + "|writing the report)[^\r\n\033]*)").matcher(tty);
        List<String> lines = new ArrayList<>();
        int lastDrawnEnd = -1;
        while (drawn.find()) {
            lines.add(drawn.group(1));
            lastDrawnEnd = drawn.end();
        }
        assertThat(lines).as("the progress line, drawn more than once in place: " + tty).hasSizeGreaterThan(1);
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(TTY_COLUMNS - 1));
        assertThat(lines).anySatisfy(l -> assertThat(l).containsPattern("[0-9,]+ files"));
        assertThat(tty.substring(lastDrawnEnd)).as("erased at the end").startsWith(erase);

        Path plainJson = dir.resolve("plain.json");
        Path plainErr = dir.resolve("plain.err");
        List<String> noProgress = new ArrayList<>(scan);
        noProgress.add("--no-progress");
        run(warden(home, noProgress), plainJson, plainErr);
        Path logJson = dir.resolve("log.json");
        Path logErr = dir.resolve("log.err");
        run(warden(home, scan), logJson, logErr);

        String ttyOut = Files.readString(ttyJson);
        assertThat(ttyOut).doesNotContain("\033", "\r").startsWith("{");
        assertThat(withoutScanTime(ttyOut)).isEqualTo(withoutScanTime(Files.readString(plainJson)))
                .isEqualTo(withoutScanTime(Files.readString(logJson)));
        assertThat(Files.readString(logErr)).as("not a terminal: no line drawn").doesNotContain("\033", "\r");
    }

    private static final int TTY_COLUMNS = 60;

    private static List<String> warden(Path home, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("env", "TERM=xterm", "COLUMNS=" + TTY_COLUMNS,
                ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.warden.cli.Main"));
        cmd.addAll(args);
        cmd.addAll(List.of("--home", home.toString(), "--cache-dir", dir.resolve("cache").toString()));
        return cmd;
    }

    private static void run(List<String> cmd, Path out, Path err) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(new File("/dev/null"));
        pb.environment().remove("WARDEN_HOME");
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
    }

    /** The one field that differs between two runs of the same scan: when it ran. */
    private static String withoutScanTime(String json) {
        return json.replaceAll("\"scannedAt\"\\s*:\\s*\"[^\"]*\"", "\"scannedAt\":\"-\"");
    }

    private static List<String> quoted(List<String> args) {
        return args.stream().map(ProgressCommandTest::quote).toList();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
