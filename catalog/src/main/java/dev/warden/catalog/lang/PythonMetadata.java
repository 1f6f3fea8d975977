package dev.warden.catalog.lang;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The header block of a Python core-metadata file ({@code METADATA}, {@code PKG-INFO}): RFC 822-style
 * "Key: value" lines, continuation lines starting with a space or tab, ended by the first empty line
 * (after it comes the long description, which is never read). Keys are case-insensitive and may repeat
 * ({@code Classifier}). The rules follow what Python's {@code email} parser, and so
 * {@code importlib.metadata}, does: a line that is neither a header nor a continuation also ends the block.
 */
record PythonMetadata(Map<String, List<String>> headers) {

    /**
     * Reads the header block, chunk by chunk, stopping at the empty line that ends it (a description of any
     * length is never read); more than {@code limit} bytes of headers is refused.
     */
    static PythonMetadata read(InputStream in, int limit, String path) throws IOException {
        byte[] buf = new byte[8192];
        int size = 0;
        int end = -1;
        int n;
        while (end < 0 && size <= limit) {
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, limit + 1));
            }
            if ((n = in.read(buf, size, buf.length - size)) <= 0) {
                break;
            }
            int from = Math.max(0, size - 3); // an empty line may straddle two reads
            size += n;
            end = headerEnd(buf, from, size);
        }
        if (end < 0) {
            if (size > limit) {
                throw new WardenException(path + ": metadata headers longer than " + limit + " bytes, skipped");
            }
            end = size; // a PKG-INFO without a description is all headers
        }
        // Core metadata is UTF-8; old PKG-INFO files in Latin-1 decode with replacement characters, never fail.
        return parse(new String(buf, 0, end, StandardCharsets.UTF_8));
    }

    /** Offset of the empty line that ends the headers, searching from {@code from}, or -1 when there is none yet. */
    private static int headerEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n' && (i == 0 || b[i - 1] == '\n' || b[i - 1] == '\r' && (i == 1 || b[i - 2] == '\n'))) {
                return i;
            }
        }
        return -1;
    }

    static PythonMetadata parse(String text) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<String> current = null;
        for (String raw : text.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) {
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (current != null) {
                    int last = current.size() - 1;
                    current.set(last, current.get(last) + "\n" + line.strip());
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                break; // the email parser takes this as the start of the body
            }
            current = headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>());
            current.add(line.substring(colon + 1).strip());
        }
        return new PythonMetadata(headers);
    }

    /** The first value of a header, stripped; null when absent or blank. */
    String first(String key) {
        List<String> values = headers.get(key);
        return values == null || values.isEmpty() || values.getFirst().isBlank() ? null : values.getFirst().strip();
    }

    List<String> all(String key) {
        return headers.getOrDefault(key, List.of());
    }
}
