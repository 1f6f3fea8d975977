package dev.warden.catalog.lang;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Where old-format Go strings may start, kept as the blocks of a Go file go by. Toolchains before Go 1.18 write
 * build info as two pointers to string headers, and the strings may lie before the build info header in the file;
 * the stream cannot go back, so the places a version ({@code go1.}, {@code devel }) or module info (its start
 * sentinel) may start are kept with their first bytes, within {@link BinaryLimits}' counts. Fed blocks by
 * {@link GoBuildInfoSearch}; knows nothing of streams.
 */
final class GoStringIndex {
    private static final Horspool GO1 = new Horspool("go1.".getBytes(StandardCharsets.ISO_8859_1));
    private static final Horspool DEVEL = new Horspool("devel ".getBytes(StandardCharsets.ISO_8859_1));
    private static final Horspool MODINFO_START = new Horspool(GoBuildInfoDecoder.MODINFO_START);

    private final Map<Long, byte[]> versionCandidates = new HashMap<>();
    private final List<Capture> modinfoCandidates = new ArrayList<>();

    /** Takes the rest of each module info candidate begun in an earlier block, up to its end sentinel. */
    void carry(byte[] buf, long base, int len) {
        modinfoCandidates.forEach(c -> {
            int before = c.filled;
            c.apply(buf, base, len);
            c.closeAfter(GoBuildInfoDecoder.MODINFO_END, before - GoBuildInfoDecoder.MODINFO_END.length);
        });
    }

    /**
     * Indexes the start positions [0, limit) of the block {@code buf[0, len)}, the file from {@code base}. Each pattern
     * is found with Horspool's skips, so most bytes are never compared.
     */
    void index(byte[] buf, long base, int len, int limit) {
        IntConsumer version = q -> {
            if (versionCandidates.size() < BinaryLimits.MAX_VERSION_CANDIDATES) {
                versionCandidates.put(base + q, Arrays.copyOfRange(buf, q, Math.min(len, q + BinaryLimits.MAX_GO_VERSION_BYTES)));
            }
        };
        GO1.find(buf, limit, len, version);
        DEVEL.find(buf, limit, len, version);
        MODINFO_START.find(buf, limit, len, q -> {
            if (modinfoCandidates.size() < BinaryLimits.MAX_MODINFO_CANDIDATES) {
                Capture c = new Capture(base + q, BinaryLimits.MAX_GO_MODINFO_BYTES);
                c.apply(buf, base, len);
                c.closeAfter(GoBuildInfoDecoder.MODINFO_END, GoBuildInfoDecoder.MODINFO_START.length);
                modinfoCandidates.add(c);
            }
        });
    }

    /**
     * The {@code length} bytes at file offset {@code offset} as far as the index kept them (a version, or module info
     * when {@code isVersion} is false); null when no candidate starts there.
     */
    Capture indexed(long offset, int length, boolean isVersion) {
        if (isVersion && versionCandidates.containsKey(offset)) {
            Capture c = new Capture(offset, length);
            c.apply(versionCandidates.get(offset), offset, versionCandidates.get(offset).length);
            return c;
        }
        for (Capture m : modinfoCandidates) {
            if (!isVersion && m.start == offset) {
                Capture c = new Capture(offset, length);
                c.apply(m.data, offset, m.filled);
                return c;
            }
        }
        return null;
    }
}
