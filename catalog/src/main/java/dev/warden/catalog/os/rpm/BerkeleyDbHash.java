package dev.warden.catalog.os.rpm;

import dev.warden.catalog.CatalogLimits;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * A read-only reader of Berkeley DB hash databases, enough for rpm's {@code Packages} (RHEL 7/8):
 * the metadata page (magic, byte order, page size), then every hash page's key/data pairs, with
 * data held on the page or in a chain of overflow pages. Layout from Berkeley DB's db_page.h and
 * hash.h; pages are walked by number, every offset checked against the page and the file.
 */
public final class BerkeleyDbHash {
    static final int HASH_MAGIC = 0x061561;
    static final int PAGE_HEADER = 26;
    static final int CHECKSUM_BYTES = 20;
    static final int P_HASH_UNSORTED = 2;
    static final int P_OVERFLOW = 7;
    static final int P_HASHMETA = 8;
    static final int P_HASH = 13;
    static final int H_KEYDATA = 1;
    static final int H_OFFPAGE = 3;
    static final int METAFLAG_CHECKSUM = 0x01;

    private BerkeleyDbHash() {}

    /** Receives each key/value pair. */
    @FunctionalInterface
    public interface Pairs {
        void pair(byte[] key, byte[] value) throws IOException;
    }

    public static void read(Path file, String shown, Pairs pairs) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer meta = ByteBuffer.allocate(512);
            channel.read(meta, 0);
            if (meta.position() < 512) {
                throw new WardenException(shown + ": too short for a Berkeley DB file");
            }
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            if (meta.order(order).getInt(12) != HASH_MAGIC) {
                order = ByteOrder.BIG_ENDIAN;
                if (meta.order(order).getInt(12) != HASH_MAGIC) {
                    throw new WardenException(shown + ": not a Berkeley DB hash database (bad magic)");
                }
            }
            meta.order(order);
            int pageSize = meta.getInt(20);
            if (pageSize < 512 || pageSize > CatalogLimits.MAX_BDB_PAGE_SIZE || Integer.bitCount(pageSize) != 1) {
                throw new WardenException(shown + ": Berkeley DB page size " + Integer.toUnsignedString(pageSize) + " out of range");
            }
            if (meta.get(24) != 0) {
                throw new WardenException(shown + ": encrypted Berkeley DB databases are not supported");
            }
            if (meta.get(25) != P_HASHMETA) {
                throw new WardenException(shown + ": Berkeley DB metadata page has type " + meta.get(25) + ", expected hash");
            }
            int headerBytes = PAGE_HEADER + ((meta.get(26) & METAFLAG_CHECKSUM) != 0 ? CHECKSUM_BYTES : 0);
            long pages = channel.size() / pageSize;
            new Walker(channel, shown, order, pageSize, headerBytes, pages).walk(pairs);
        }
    }

    private record Walker(FileChannel channel, String shown, ByteOrder order, int pageSize, int headerBytes, long pages) {

        void walk(Pairs pairs) throws IOException {
            for (long pgno = 1; pgno < pages; pgno++) {
                ByteBuffer page = page(pgno);
                int type = page.get(25) & 0xff;
                if (type == P_HASH || type == P_HASH_UNSORTED) {
                    hashPage(pgno, page, pairs);
                }
            }
        }

        private void hashPage(long pgno, ByteBuffer page, Pairs pairs) throws IOException {
            int entries = page.getShort(20) & 0xffff;
            int indexEnd = headerBytes + 2 * entries;
            if (entries % 2 != 0 || indexEnd > pageSize) {
                throw new WardenException(shown + ": Berkeley DB page " + pgno + " has a bad entry count " + entries);
            }
            for (int i = 0; i < entries; i += 2) {
                byte[] key = item(pgno, page, i, indexEnd);
                byte[] value = item(pgno, page, i + 1, indexEnd);
                pairs.pair(key, value);
            }
        }

        /** Item {@code i} of a hash page: stored on the page, or the start of an overflow chain. */
        private byte[] item(long pgno, ByteBuffer page, int i, int indexEnd) throws IOException {
            int offset = page.getShort(headerBytes + 2 * i) & 0xffff;
            int end = i == 0 ? pageSize : page.getShort(headerBytes + 2 * (i - 1)) & 0xffff;
            if (offset < indexEnd || offset >= end || end > pageSize) {
                throw new WardenException(shown + ": Berkeley DB page " + pgno + " item " + i + " outside the page");
            }
            int kind = page.get(offset) & 0xff;
            if (kind == H_KEYDATA) {
                byte[] bytes = new byte[end - offset - 1];
                page.get(offset + 1, bytes);
                return bytes;
            }
            if (kind == H_OFFPAGE) {
                if (offset + 12 > end) {
                    throw new WardenException(shown + ": Berkeley DB page " + pgno + " item " + i + " is truncated");
                }
                return overflow(Integer.toUnsignedLong(page.getInt(offset + 4)), Integer.toUnsignedLong(page.getInt(offset + 8)));
            }
            throw new WardenException(shown + ": Berkeley DB page " + pgno + " item " + i + " has unsupported type " + kind);
        }

        private byte[] overflow(long first, long totalLength) throws IOException {
            if (totalLength > CatalogLimits.MAX_RPM_HEADER_BYTES) {
                throw new WardenException(shown + ": Berkeley DB overflow item of " + totalLength + " bytes is over the limit");
            }
            byte[] out = new byte[(int) totalLength];
            int filled = 0;
            long pgno = first;
            Set<Long> seen = new HashSet<>();
            while (filled < out.length) {
                if (pgno <= 0 || pgno >= pages || !seen.add(pgno) || seen.size() > CatalogLimits.MAX_BDB_CHAIN_PAGES) {
                    throw new WardenException(shown + ": Berkeley DB overflow chain breaks at page " + pgno);
                }
                ByteBuffer page = page(pgno);
                if ((page.get(25) & 0xff) != P_OVERFLOW) {
                    throw new WardenException(shown + ": Berkeley DB page " + pgno + " is not an overflow page");
                }
                int length = page.getShort(22) & 0xffff;
                if (length > pageSize - headerBytes || length > out.length - filled) {
                    throw new WardenException(shown + ": Berkeley DB overflow page " + pgno + " holds " + length + " bytes, out of range");
                }
                if (length == 0) {
                    throw new WardenException(shown + ": Berkeley DB overflow page " + pgno + " is empty");
                }
                page.get(headerBytes, out, filled, length);
                filled += length;
                pgno = Integer.toUnsignedLong(page.getInt(16));
            }
            return out;
        }

        private ByteBuffer page(long pgno) throws IOException {
            ByteBuffer page = ByteBuffer.allocate(pageSize).order(order);
            long position = pgno * pageSize;
            while (page.hasRemaining()) {
                if (channel.read(page, position + page.position()) < 0) {
                    throw new WardenException(shown + ": Berkeley DB page " + pgno + " is truncated");
                }
            }
            return page;
        }
    }
}
