package dev.warden.catalog.os.rpm;

import dev.warden.catalog.CatalogLimits;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * rpm's own "ndb" backend (SUSE), file Packages.db, as rpm's lib/backend/ndb/rpmpkg.c writes it
 * (little-endian): a 32-byte header ("RpmP", version 0, generation, slot pages), slots of 16 bytes
 * ("Slot", package index, block offset, block count; the first two slots are the header), and
 * blobs in 16-byte blocks ("BlbS", package index, generation, length, the header blob, then a
 * tail of adler32, length and "BlbE"). A slot whose block offset is 0 is free.
 */
public final class NdbRpmDb {
    static final int HEADER_MAGIC = 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24;
    static final int SLOT_MAGIC = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;
    static final int BLOB_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;
    static final int PAGE_SIZE = 4096;
    static final int SLOT_SIZE = 16;
    static final int BLOCK_SIZE = 16;
    static final int BLOB_HEAD_SIZE = 16;
    static final int HEADER_SLOTS = 2;

    private NdbRpmDb() {}

    public static void read(Path file, String shown, HeaderBlobs blobs) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer header = readAt(channel, 0, 32, shown);
            if (header.getInt(0) != HEADER_MAGIC) {
                throw new WardenException(shown + ": not an rpm ndb database (bad magic)");
            }
            if (header.getInt(4) != 0) {
                throw new WardenException(shown + ": unsupported ndb version " + header.getInt(4));
            }
            int slotPages = header.getInt(12);
            if (slotPages <= 0 || slotPages > CatalogLimits.MAX_NDB_SLOT_PAGES || (long) slotPages * PAGE_SIZE > size) {
                throw new WardenException(shown + ": ndb slot page count " + Integer.toUnsignedString(slotPages) + " out of range");
            }
            ByteBuffer slots = readAt(channel, 0, slotPages * PAGE_SIZE, shown);
            int slotCount = slotPages * PAGE_SIZE / SLOT_SIZE;
            for (int i = HEADER_SLOTS; i < slotCount; i++) {
                int at = i * SLOT_SIZE;
                if (slots.getInt(at) != SLOT_MAGIC) {
                    throw new WardenException(shown + ": ndb slot " + i + " has a bad magic");
                }
                int pkgIndex = slots.getInt(at + 4);
                long blockOffset = Integer.toUnsignedLong(slots.getInt(at + 8));
                long blockCount = Integer.toUnsignedLong(slots.getInt(at + 12));
                if (blockOffset == 0) {
                    continue; // free slot
                }
                if (pkgIndex == 0 || blockCount == 0) {
                    throw new WardenException(shown + ": ndb slot " + i + " is in use but names no package");
                }
                String where = shown + " package " + Integer.toUnsignedString(pkgIndex);
                long start = blockOffset * BLOCK_SIZE;
                long room = blockCount * BLOCK_SIZE;
                if (start < (long) slotPages * PAGE_SIZE || room < BLOB_HEAD_SIZE || start + room > size) {
                    throw new WardenException(where + ": blob outside the file");
                }
                ByteBuffer head = readAt(channel, start, BLOB_HEAD_SIZE, where);
                int length = head.getInt(12);
                if (head.getInt(0) != BLOB_MAGIC || head.getInt(4) != pkgIndex) {
                    throw new WardenException(where + ": blob header does not match its slot");
                }
                if (length < 0 || length > CatalogLimits.MAX_RPM_HEADER_BYTES || BLOB_HEAD_SIZE + (long) length > room) {
                    throw new WardenException(where + ": blob length " + Integer.toUnsignedString(length) + " out of range");
                }
                ByteBuffer blob = readAt(channel, start + BLOB_HEAD_SIZE, length, where);
                blobs.blob(where, blob.array());
            }
        }
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length, String where) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new WardenException(where + ": truncated");
            }
        }
        return buffer;
    }
}
