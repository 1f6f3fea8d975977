package dev.warden.match;

import dev.warden.core.Package;
import dev.warden.core.SourcePackage;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.feed.FeedFormats;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.Database;
import dev.warden.image.testing.LiveTests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real advisory stores for the matching tests: feeds imported by vulndb into SQLite in a temporary folder. */
final class TestStores {

    /** Reference scripts and builds take seconds; a hang must not stall the build. */
    private static final long TOOL_TIMEOUT_SECONDS = 600;

    private TestStores() {}

    static AdvisoryStore open(Path dir) {
        return AdvisoryStore.open(Database.sqlite(dir.resolve("advisories.db")));
    }

    /** Imports one feed file (or folder) in one transaction, as {@code warden db import} does. */
    static void load(AdvisoryStore store, String feed, FeedKind kind, Path file) {
        store.importFeed(feed, kind, false, null, n -> {}, sink -> FeedFormats.reader(kind).read(file, sink));
    }

    static Path resource(String name) {
        try {
            var url = TestStores.class.getResource("/" + name);
            if (url == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Package pkg(String type, String namespace, String name, String version) {
        String purl = "pkg:" + type + "/" + (namespace == null ? "" : namespace + "/") + name + "@" + version;
        return new Package(purl, type, namespace, name, version, purl, List.of(), List.of(), null, "test", null, Map.of());
    }

    static Package osPkg(String type, String name, String version, String source, String sourceVersion) {
        String purl = "pkg:" + type + "/debian/" + name + "@" + version;
        return new Package(purl, type, "debian", name, version, purl, List.of(), List.of(),
                new SourcePackage(source, sourceVersion), "test", null, Map.of());
    }

    /** Runs a tool and returns its stdout; a missing tool or a failure is an AssertionError naming it. */
    static String run(Path dir, String hint, String... command) {
        LiveTests.require(command[0]);
        try {
            Path err = Files.createTempFile("tool-", ".err");
            Process process;
            try {
                process = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("the test needs '" + command[0] + "' (" + hint + "): " + e.getMessage(), e);
            }
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " timed out");
            }
            String error = Files.readString(err);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + " (" + hint + "): " + error);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static List<String> lines(String text) {
        return new ArrayList<>(text.lines().filter(l -> !l.isBlank()).toList());
    }
}
