package dev.warden.match.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Reads the vector files under src/test/resources/versions (see the README there). */
final class Vectors {

    /** One expected ordering; {@code expected} is {@code <}, {@code =} or {@code >}. */
    record Pair(String a, String b, String expected, String options) {}

    private Vectors() {}

    static List<String> lines(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream("/versions/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource versions/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Pair> pairs(String file) {
        return lines(file).stream().filter(l -> !l.isEmpty()).map(l -> {
            String[] f = Arrays.copyOf(l.split("\t", -1), 4);
            return new Pair(f[0], f[1], f[2], f[3] == null ? "" : f[3]);
        }).toList();
    }

    static String sign(int c) {
        return c < 0 ? "<" : c > 0 ? ">" : "=";
    }
}
