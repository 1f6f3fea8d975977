package dev.warden.catalog.os.rpm;

import dev.warden.catalog.CatalogLimits;
import dev.warden.core.WardenException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields Warden needs from an rpm header as rpm databases store it: a count of index entries
 * and of data bytes (big-endian), the index entries (tag, type, offset, count), then the data.
 * Every offset and count is checked against the blob: headers with lying offsets are refused.
 */
public record RpmHeader(String name, Integer epoch, String version, String release, String arch, String license,
                        String sourceRpm, String vendor, List<String> files) {

    static final int NAME = 1000;
    static final int VERSION = 1001;
    static final int RELEASE = 1002;
    static final int EPOCH = 1003;
    static final int VENDOR = 1011;
    static final int LICENSE = 1014;
    static final int ARCH = 1022;
    static final int OLDFILENAMES = 1027;
    static final int SOURCERPM = 1044;
    static final int DIRINDEXES = 1116;
    static final int BASENAMES = 1117;
    static final int DIRNAMES = 1118;

    private static final int TYPE_INT32 = 4;
    private static final int TYPE_STRING = 6;
    private static final int TYPE_STRING_ARRAY = 8;
    private static final int TYPE_I18NSTRING = 9;
    private static final int INDEX_ENTRY_BYTES = 16;

    /** "[epoch:]version-release", the form rpm compares. */
    public String evr() {
        return (epoch == null || epoch == 0 ? "" : epoch + ":") + version + "-" + release;
    }

    /** The source package name from SOURCERPM: "openssl-3.0.7-27.el9.src.rpm" -> "openssl"; null when absent. */
    public String sourceName() {
        String base = sourceBase();
        if (base == null) {
            return null;
        }
        int release = base.lastIndexOf('-');
        int version = release <= 0 ? -1 : base.lastIndexOf('-', release - 1);
        return version <= 0 ? null : base.substring(0, version);
    }

    /** The source package's "[epoch:]version-release" (the binary's epoch: rpm records none for the source). */
    public String sourceEvr() {
        String base = sourceBase();
        String name = sourceName();
        return name == null ? null : (epoch == null || epoch == 0 ? "" : epoch + ":") + base.substring(name.length() + 1);
    }

    private String sourceBase() {
        if (sourceRpm == null) {
            return null;
        }
        for (String suffix : List.of(".src.rpm", ".nosrc.rpm")) {
            if (sourceRpm.endsWith(suffix)) {
                return sourceRpm.substring(0, sourceRpm.length() - suffix.length());
            }
        }
        return null;
    }

    /** Parses a header blob; {@code where} names it in errors ("/var/lib/rpm/Packages record 12"). */
    public static RpmHeader parse(byte[] blob, String where) {
        if (blob.length < 8) {
            throw bad(where, "shorter than a header preamble (" + blob.length + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob).order(ByteOrder.BIG_ENDIAN);
        int indexCount = buffer.getInt(0);
        int dataLength = buffer.getInt(4);
        if (indexCount <= 0 || indexCount > CatalogLimits.MAX_RPM_HEADER_TAGS) {
            throw bad(where, "index entry count " + Integer.toUnsignedString(indexCount) + " out of range");
        }
        if (dataLength < 0 || dataLength > CatalogLimits.MAX_RPM_HEADER_BYTES) {
            throw bad(where, "data length " + Integer.toUnsignedString(dataLength) + " out of range");
        }
        long needed = 8L + (long) indexCount * INDEX_ENTRY_BYTES + dataLength;
        if (needed > blob.length) {
            throw bad(where, "declares " + needed + " bytes but has " + blob.length);
        }
        Reader reader = new Reader(buffer, 8 + indexCount * INDEX_ENTRY_BYTES, dataLength, where);
        Fields f = new Fields();
        for (int i = 0; i < indexCount; i++) {
            int at = 8 + i * INDEX_ENTRY_BYTES;
            int tag = buffer.getInt(at);
            int type = buffer.getInt(at + 4);
            int offset = buffer.getInt(at + 8);
            int count = buffer.getInt(at + 12);
            switch (tag) {
                case NAME -> f.name = reader.string(tag, type, offset, count);
                case VERSION -> f.version = reader.string(tag, type, offset, count);
                case RELEASE -> f.release = reader.string(tag, type, offset, count);
                case EPOCH -> f.epoch = reader.int32s(tag, type, offset, count)[0];
                case VENDOR -> f.vendor = reader.string(tag, type, offset, count);
                case LICENSE -> f.license = reader.string(tag, type, offset, count);
                case ARCH -> f.arch = reader.string(tag, type, offset, count);
                case SOURCERPM -> f.sourceRpm = reader.string(tag, type, offset, count);
                case OLDFILENAMES -> f.oldFileNames = reader.strings(tag, type, offset, count);
                case DIRINDEXES -> f.dirIndexes = reader.int32s(tag, type, offset, count);
                case BASENAMES -> f.baseNames = reader.strings(tag, type, offset, count);
                case DIRNAMES -> f.dirNames = reader.strings(tag, type, offset, count);
                default -> { }
            }
        }
        if (f.name == null || f.name.isEmpty() || f.version == null || f.release == null) {
            throw bad(where, "no name, version or release");
        }
        return new RpmHeader(f.name, f.epoch, f.version, f.release, f.arch, f.license, f.sourceRpm, f.vendor, f.files(where));
    }

    private static WardenException bad(String where, String why) {
        return new WardenException(where + ": bad rpm header: " + why);
    }

    private static final class Fields {
        String name;
        Integer epoch;
        String version;
        String release;
        String arch;
        String license;
        String sourceRpm;
        String vendor;
        List<String> oldFileNames;
        int[] dirIndexes;
        List<String> baseNames;
        List<String> dirNames;

        List<String> files(String where) {
            if (baseNames == null) {
                return oldFileNames == null ? List.of() : List.copyOf(oldFileNames);
            }
            if (dirIndexes == null || dirNames == null || dirIndexes.length != baseNames.size()) {
                throw bad(where, "file name tags disagree (" + baseNames.size() + " base names)");
            }
            List<String> files = new ArrayList<>(baseNames.size());
            for (int i = 0; i < dirIndexes.length; i++) {
                int dir = dirIndexes[i];
                if (dir < 0 || dir >= dirNames.size()) {
                    throw bad(where, "directory index " + dir + " out of range");
                }
                files.add(dirNames.get(dir) + baseNames.get(i));
            }
            return files;
        }
    }

    /** Reads typed values from the data store, refusing anything outside it. */
    private record Reader(ByteBuffer buffer, int dataStart, int dataLength, String where) {

        String string(int tag, int type, int offset, int count) {
            if (type != TYPE_STRING && type != TYPE_I18NSTRING && type != TYPE_STRING_ARRAY) {
                throw bad(where, "tag " + tag + " has type " + type + ", expected a string");
            }
            return strings(tag, type, offset, 1).get(0);
        }

        List<String> strings(int tag, int type, int offset, int count) {
            if (type != TYPE_STRING_ARRAY && type != TYPE_STRING && type != TYPE_I18NSTRING) {
                throw bad(where, "tag " + tag + " has type " + type + ", expected strings");
            }
            checkCount(tag, count);
            checkOffset(tag, offset);
            List<String> values = new ArrayList<>(Math.min(count, 1024));
            int at = offset;
            for (int i = 0; i < count; i++) {
                int end = at;
                while (end < dataLength && buffer.get(dataStart + end) != 0) {
                    end++;
                }
                if (end >= dataLength) {
                    throw bad(where, "string of tag " + tag + " runs past the data");
                }
                byte[] bytes = new byte[end - at];
                buffer.get(dataStart + at, bytes);
                values.add(new String(bytes, StandardCharsets.UTF_8));
                at = end + 1;
            }
            return values;
        }

        int[] int32s(int tag, int type, int offset, int count) {
            if (type != TYPE_INT32) {
                throw bad(where, "tag " + tag + " has type " + type + ", expected int32");
            }
            checkCount(tag, count);
            checkOffset(tag, offset);
            if ((long) offset + 4L * count > dataLength) {
                throw bad(where, "tag " + tag + " runs past the data");
            }
            int[] values = new int[count];
            for (int i = 0; i < count; i++) {
                values[i] = buffer.getInt(dataStart + offset + 4 * i);
            }
            return values;
        }

        private void checkCount(int tag, int count) {
            if (count <= 0 || count > CatalogLimits.MAX_RPM_ARRAY_COUNT) {
                throw bad(where, "tag " + tag + " count " + Integer.toUnsignedString(count) + " out of range");
            }
        }

        private void checkOffset(int tag, int offset) {
            if (offset < 0 || offset >= dataLength) {
                throw bad(where, "tag " + tag + " offset " + Integer.toUnsignedString(offset) + " outside the " + dataLength + "-byte data");
            }
        }
    }
}
