package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code warden} command run by a test as its own process, as a user runs it: this JVM and class path, the real
 * {@code Main}, a home and a layer cache of the test's own (and a {@code --db} when given), WARDEN_HOME removed from
 * the environment. {@link #serve} starts {@code warden serve} on a free loopback port and waits for its first line.
 */
final class WardenProcess {
    static final Pattern LISTENING = Pattern.compile("warden serve: listening on (http://127\\.0\\.0\\.1:\\d+) .*");
    /** One command of a test (a scan of a small SBOM, a token) takes seconds; this is a hang. */
    private static final long RUN_TIMEOUT_SECONDS = 300;

    private final Path dir;
    private final List<String> where;

    /**
     * Commands with their home and cache in {@code dir} ({@code home-NAME}, {@code cache-NAME}; plain {@code home},
     * {@code cache} for a null name) over the database {@code db} (null for the home's SQLite).
     */
    WardenProcess(Path dir, String name, String db) {
        this.dir = dir;
        String suffix = name == null ? "" : "-" + name;
        List<String> w = new ArrayList<>();
        if (db != null) {
            w.addAll(List.of("--db", db));
        }
        w.addAll(List.of("--home", dir.resolve("home" + suffix).toString(), "--cache-dir", dir.resolve("cache" + suffix).toString()));
        this.where = List.copyOf(w);
    }

    /** What a command did: its exit code, its standard output and its standard error. */
    record Run(int exit, String out, String err) {}

    ProcessBuilder command(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.warden.cli.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(where);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().remove("WARDEN_HOME");
        return pb;
    }

    /** Runs a command to its end. */
    Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path err = dir.resolve("err.txt");
        Process p = command(env, args).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    /** Starts {@code warden serve --listen 127.0.0.1:0 EXTRA...}; its standard error goes to {@code serve-NAME-err.txt}. */
    Served start(String name, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0"));
        args.addAll(List.of(extra));
        Path err = dir.resolve("serve-" + name + "-err.txt");
        return new Served(command(Map.of(), args.toArray(String[]::new)).redirectError(err.toFile()).start(), err);
    }

    /** {@link #start} and wait until it listens. */
    Served serve(String name, String... extra) throws IOException {
        Served served = start(name, extra);
        served.awaitListening();
        return served;
    }

    /** A running {@code warden serve}; closing it kills it (SIGKILL) if it still runs. */
    static final class Served implements AutoCloseable {
        private final Process process;
        private final Path err;
        private final BufferedReader out;
        private String url;

        private Served(Process process, Path err) {
            this.process = process;
            this.err = err;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Reads the first line, {@code warden serve: listening on URL ...}; the URL. */
        String awaitListening() throws IOException {
            if (url == null) {
                String first = out.readLine();
                assertThat(first).as(Files.readString(err)).isNotNull().matches(LISTENING);
                Matcher m = LISTENING.matcher(first);
                assertThat(m.matches()).isTrue();
                url = m.group(1);
            }
            return url;
        }

        /** http://127.0.0.1:PORT */
        String url() throws IOException {
            return awaitListening();
        }

        Process process() {
            return process;
        }

        long pid() {
            return process.pid();
        }

        /** The next line the server prints after the ones read. */
        String nextLine() throws IOException {
            return out.readLine();
        }

        /** What the server wrote to standard error so far. */
        String errors() throws IOException {
            return Files.readString(err);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
