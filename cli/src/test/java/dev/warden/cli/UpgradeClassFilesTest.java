package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * scripts/UpgradeClassFiles.java, which the launcher runs so that JDK 25's AOT cache can hold picocli (compiled for
 * Java 5): run on the picocli jar Warden builds with, every class comes out at version 52, verifies and works, and
 * every other entry is copied byte for byte.
 */
class UpgradeClassFilesTest {
    @Test
    void picocliComesOutAtVersion52VerifiedAndWorking(@TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "the script uses the class-file API (JDK 24+)");
        Path picocli = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, byte[]> before = entries(picocli);
        assertThat(before.entrySet().stream().filter(e -> e.getKey().startsWith("picocli/") && e.getKey().endsWith(".class"))
                .map(e -> major(e.getValue()))).as("picocli is still built for Java 5, else the step is not needed")
                .contains(49);

        Path upgraded = dir.resolve("picocli-upgraded.jar");
        String output = runScript(picocli, upgraded);

        Map<String, byte[]> after = entries(upgraded);
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        int rewritten = 0;
        for (Map.Entry<String, byte[]> entry : before.entrySet()) {
            byte[] old = entry.getValue();
            byte[] now = after.get(entry.getKey());
            if (entry.getKey().endsWith(".class") && !entry.getKey().startsWith("META-INF/") && major(old) < 50) {
                assertThat(major(now)).as(entry.getKey()).isEqualTo(52);
                rewritten++;
            } else {
                assertThat(now).as(entry.getKey()).isEqualTo(old);
            }
        }
        assertThat(output).contains("rewrote " + rewritten + " class files");
        assertThat(Files.getLastModifiedTime(upgraded)).isEqualTo(Files.getLastModifiedTime(picocli));

        // every class links (so the type-checking verifier accepts the new stack maps), and the library still parses
        try (URLClassLoader loader = new URLClassLoader(new URL[] {upgraded.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            List<String> loaded = new ArrayList<>();
            for (String name : after.keySet()) {
                if (name.startsWith("picocli/") && name.endsWith(".class")) {
                    String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                    Class.forName(className, true, loader); // initialising links, and linking verifies
                    loaded.add(className);
                }
            }
            assertThat(loaded).hasSize(rewritten);
        }
        // and a program using it runs, its classes verified as every application class is
        Path probe = dir.resolve("Probe.java");
        Files.writeString(probe, """
                import picocli.CommandLine;
                @CommandLine.Command(name = "probe")
                public class Probe implements Runnable {
                    @CommandLine.Option(names = "--home") String home;
                    public void run() { System.out.println("home=" + home); }
                    public static void main(String[] args) { System.exit(new CommandLine(new Probe()).execute(args)); }
                }
                """);
        assertThat(java("-cp", upgraded.toString(), probe.toString(), "--home", "/x")).isEqualTo("home=/x\n");
    }

    private static String runScript(Path in, Path out) throws IOException, InterruptedException {
        return java(repositoryRoot().resolve("scripts/UpgradeClassFiles.java").toString(), in.toString(), out.toString());
    }

    /** Runs this JDK's java with {@code args}; returns its output, failing unless it exits 0. */
    private static String java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/UpgradeClassFiles.java"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    private static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static int major(byte[] classFile) {
        return (classFile[6] & 0xff) << 8 | classFile[7] & 0xff;
    }
}
