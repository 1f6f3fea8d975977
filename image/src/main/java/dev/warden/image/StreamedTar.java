package dev.warden.image;

import dev.warden.core.WardenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image archive that can only be streamed, never seeked (a container engine's {@code GET /images/NAME/get}): read
 * as the archive reader asks for its members, with nothing written to disk. A first pass indexes the members and
 * keeps the small ones (manifests, configs) and the first bytes of every other one (what sniffing a layer's
 * compression needs); a member read past those bytes is streamed again, from a stream that moves forward while the
 * reader asks for members in archive order (as it reads layers) and is requested anew when it asks for one behind it.
 * A request that does not list the same members as the first pass is an error: the image changed meanwhile.
 */
final class StreamedTar implements LayoutStorage {
    /** Members of an image archive: a few per layer, and layers are limited; more is not an image. */
    static final int MAX_MEMBERS = 20_000;
    /** Members kept whole in memory (manifests, configs, the index) when no larger than this. */
    static final long MAX_KEPT_MEMBER_BYTES = 1L << 20;
    /** All members kept whole, together: the manifests and configs of a multi-image archive stay far below this. */
    static final long MAX_KEPT_BYTES = 32L << 20;
    /** Bytes kept of every other member: sniffing a layer's compression reads 4. */
    static final int HEAD_BYTES = 512;
    /** What the progress line calls the first pass, followed by the bytes read so far. */
    static final String INDEX_TASK = "the engine's export";

    /** Opens the archive's stream from its first byte, once per pass. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    private record Member(int ordinal, long size, byte[] kept, byte[] head) {}

    private final Opener opener;
    private final String reference;
    private final Map<String, Member> members;
    private final List<TarArchiveEntry> order;
    private Cursor cursor;

    private StreamedTar(Opener opener, String reference, Map<String, Member> members, List<TarArchiveEntry> order) {
        this.opener = opener;
        this.reference = reference;
        this.members = members;
        this.order = order;
    }

    /** The first pass: every member's name and size, the small ones kept. */
    static StreamedTar index(Opener opener, String reference) throws IOException {
        return index(opener, reference, Progress.NONE);
    }

    /**
     * The first pass, reporting the bytes read to {@code progress}: it reads the whole stream (every layer) before
     * anything else can start, and the stream's length is not known (an engine's export is chunked, without a
     * Content-Length), so the task has no total.
     */
    static StreamedTar index(Opener opener, String reference, Progress progress) throws IOException {
        Map<String, Member> members = new HashMap<>();
        List<TarArchiveEntry> order = new ArrayList<>();
        long kept = 0;
        progress.start(INDEX_TASK, -1);
        try (InputStream raw = new CountingStream(opener.open(), progress); TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            for (TarArchiveEntry entry = next(tar, reference); entry != null; entry = next(tar, reference)) {
                if (order.size() >= MAX_MEMBERS) {
                    throw new WardenException(reference + ": more than " + MAX_MEMBERS + " archive members: not an image archive");
                }
                order.add(entry);
                if (!entry.isFile()) {
                    continue;
                }
                String name = name(entry);
                long size = entry.getSize();
                if (size <= MAX_KEPT_MEMBER_BYTES && kept + size <= MAX_KEPT_BYTES) {
                    byte[] bytes = tar.readNBytes((int) size);
                    if (bytes.length != size) {
                        throw new WardenException(reference + ": archive member " + name + " is cut short");
                    }
                    kept += size;
                    members.put(name, new Member(order.size() - 1, size, bytes, null));
                } else {
                    members.put(name, new Member(order.size() - 1, size, null, tar.readNBytes(HEAD_BYTES)));
                }
            }
        } finally {
            progress.done();
        }
        if (order.isEmpty()) {
            throw new WardenException(reference + ": the image archive is empty");
        }
        return new StreamedTar(opener, reference, members, order);
    }

    /** Reports every byte read through it as progress of the current task. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private final Progress progress;

        CountingStream(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                progress.advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                progress.advance(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            if (skipped > 0) {
                progress.advance(skipped);
            }
            return skipped;
        }
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar, String reference) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IllegalArgumentException e) { // commons-compress's word for a malformed header
            throw new WardenException(reference + ": not a readable tar archive (" + Digests.abbreviate(e.getMessage()) + ")", e);
        }
    }

    private static String name(TarArchiveEntry entry) {
        return entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
    }

    @Override
    public InputStream open(String name) {
        Member member = members.get(LayoutStorage.checkName(name, reference));
        if (member == null) {
            return null;
        }
        return member.kept() != null ? new ByteArrayInputStream(member.kept()) : new MemberStream(name, member);
    }

    @Override
    public long size(String name) {
        Member member = members.get(LayoutStorage.checkName(name, reference));
        return member == null ? -1 : member.size();
    }

    @Override
    public String describe() {
        return reference;
    }

    @Override
    public synchronized void close() throws IOException {
        if (cursor != null) {
            cursor.close();
            cursor = null;
        }
    }

    /**
     * A stream positioned at {@code member}'s data: the shared cursor when it is idle and not past the member, else a
     * new request (the shared one when idle, one of the stream's own when another member's reader holds it).
     */
    private synchronized Cursor cursorAt(String name, Member member) throws IOException {
        if (cursor != null && !cursor.busy && cursor.ordinal < member.ordinal()) {
            cursor.advanceTo(member.ordinal());
            cursor.busy = true;
            return cursor;
        }
        Cursor fresh = new Cursor(opener.open());
        try {
            fresh.advanceTo(member.ordinal());
        } catch (IOException | RuntimeException e) {
            fresh.close();
            throw e;
        }
        fresh.busy = true;
        if (cursor == null || !cursor.busy) {
            if (cursor != null) {
                cursor.close();
            }
            cursor = fresh;
        }
        return fresh;
    }

    private synchronized void release(Cursor used) throws IOException {
        used.busy = false;
        if (used != cursor) {
            used.close();
        }
    }

    /** One request's stream, moved forward member by member; every header checked against the first pass's. */
    private final class Cursor {
        private final TarArchiveInputStream tar;
        private int ordinal = -1;
        private boolean busy;

        Cursor(InputStream raw) {
            this.tar = new TarArchiveInputStream(raw);
        }

        void advanceTo(int target) throws IOException {
            while (ordinal < target) {
                TarArchiveEntry entry = next(tar, reference);
                ordinal++;
                TarArchiveEntry expected = order.get(ordinal);
                if (entry == null || !entry.getName().equals(expected.getName()) || entry.getSize() != expected.getSize()) {
                    throw new WardenException(reference + ": the image changed while it was read (archive member " + (ordinal + 1)
                            + " is not the one read before); run again");
                }
            }
        }

        void close() throws IOException {
            tar.close();
        }
    }

    /** A member's data: its first bytes from memory, the rest streamed once the reader goes past them. */
    private final class MemberStream extends InputStream {
        private final String name;
        private final Member member;
        private long position;
        private Cursor live;
        private boolean closed;

        MemberStream(String name, Member member) {
            this.name = name;
            this.member = member;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException(reference + ": " + name + ": stream closed");
            }
            if (len == 0) {
                return 0;
            }
            if (position >= member.size()) {
                return -1;
            }
            if (live == null && position < member.head().length) {
                int n = (int) Math.min(len, member.head().length - position);
                System.arraycopy(member.head(), (int) position, b, off, n);
                position += n;
                return n;
            }
            if (live == null) {
                live = cursorAt(name, member);
                live.tar.skipNBytes(position);
            }
            int n = live.tar.read(b, off, (int) Math.min(len, member.size() - position));
            if (n < 0) {
                throw new WardenException(reference + ": archive member " + name + " is cut short");
            }
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                if (live != null) {
                    release(live);
                }
            }
        }
    }
}
