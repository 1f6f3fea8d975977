package dev.warden.catalog.lang;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The files an installed Python distribution lists in its {@code .dist-info/RECORD}: a CSV file (Python's csv module,
 * "excel" dialect: comma separated, a field with a comma or quote is quoted with {@code "}, a quote doubled) whose first
 * column is a path, relative to the folder holding the {@code .dist-info} (site-packages) or absolute (the binary
 * distribution format spec; pip writes files outside site-packages, scripts and data, as {@code ../../../bin/x}).
 *
 * <p>Paths are resolved inside the image: {@code .} and {@code ..} are folded, and a path that climbs above the root
 * is dropped; one with a NUL or longer than {@link #MAX_PATH_CHARS} is refused (one warning per RECORD counting them). Paths
 * are names only: nothing is opened, so a hostile RECORD can at most claim files, never reach outside the image.
 */
final class PythonRecord {
    /** One RECORD file: the largest real wheels (torch, tensorflow) list ~20,000 files in ~3 MiB. */
    static final int MAX_RECORD_BYTES = 16 << 20;
    /** Files kept per distribution: five times the largest real wheel's count. */
    static final int MAX_FILES = 100_000;
    /** One path: PATH_MAX. */
    static final int MAX_PATH_CHARS = 4096;

    private PythonRecord() {}

    /** The files of the distribution whose metadata folder is {@code distInfo} (a path in the image). */
    record Files(String distInfo, List<String> paths) {}

    /** The RECORD lists of one catalog run, by their {@code .dist-info} folder. */
    static final class Lists {
        private final Map<String, List<String>> byDistInfo = new HashMap<>();

        synchronized void add(Files files) {
            byDistInfo.put(files.distInfo(), files.paths());
        }

        /** The files listed for that folder, or null when it has no (readable) RECORD. */
        synchronized List<String> of(String distInfo) {
            return byDistInfo.get(distInfo);
        }
    }

    /** Reads the RECORD at {@code recordPath} (a path in the image); refused lines are counted in one warning. */
    static Files read(String recordPath, InputStream content, Consumer<String> warn) throws IOException {
        String distInfo = recordPath.substring(0, recordPath.lastIndexOf('/'));
        String base = distInfo.substring(0, Math.max(distInfo.lastIndexOf('/'), 0));
        String text = new String(Bounded.readAll(content, MAX_RECORD_BYTES, recordPath), StandardCharsets.UTF_8);
        List<String> paths = new ArrayList<>();
        int refused = 0;
        String firstRefused = null;
        for (String field : firstFields(text)) {
            if (field.isEmpty()) {
                continue;
            }
            if (field.length() > MAX_PATH_CHARS || field.indexOf('\0') >= 0) {
                if (refused++ == 0) {
                    firstRefused = field;
                }
                continue;
            }
            // a path climbing above the root is dropped without a word: scanning site-packages itself (fs://) makes
            // every script's ../../../bin/x such a path, and a file outside the scanned root is in no result anyway
            String resolved = resolve(base, field);
            if (resolved == null) {
                continue;
            }
            if (paths.size() >= MAX_FILES) {
                warn.accept(recordPath + ": more than " + MAX_FILES + " files listed, kept the first ones");
                break;
            }
            paths.add(resolved);
        }
        if (refused > 0) {
            warn.accept(recordPath + ": " + refused + " path(s) refused (a NUL or longer than " + MAX_PATH_CHARS
                    + " characters), e.g. '" + shorten(firstRefused) + "'");
        }
        return new Files(distInfo, List.copyOf(paths));
    }

    /** {@code path} resolved against {@code base} (a folder of the image) and folded, or null when it leaves the root. */
    static String resolve(String base, String path) {
        if (path.length() > MAX_PATH_CHARS || path.indexOf('\0') >= 0) {
            return null;
        }
        String joined = path.startsWith("/") ? path : base + "/" + path;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null; // climbs above the image root
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? null : "/" + String.join("/", parts);
    }

    /** The first field of each CSV record (quotes undone); a quoted field may hold commas, quotes and newlines. */
    static List<String> firstFields(String text) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            StringBuilder field = new StringBuilder();
            if (text.charAt(i) == '"') {
                i++;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
            }
            while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                field.append(text.charAt(i++));
            }
            fields.add(field.toString());
            // the rest of the record: later fields (hash, size) may be quoted too
            boolean quoted = false;
            while (i < n) {
                char c = text.charAt(i++);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\n' && !quoted) {
                    break;
                }
            }
        }
        return fields;
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
