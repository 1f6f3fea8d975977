package dev.warden.catalog;

import dev.warden.core.Distro;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.SourcePackage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue cache's records as compact bytes, and back. A fully cached {@code warden sbom} in a fresh JVM runs
 * mostly interpreted: reading its entries as JSON through Jackson's data binding built a deserializer per record type
 * by reflection on every run, so the entries are written in a small binary form instead, read by this one class.
 *
 * <p>The form: unsigned LEB128 numbers; lists and maps as a count and their elements; strings through a table made
 * while writing, so that each distinct string (a layer's diff_id in every location, an OS package's owned paths'
 * folders, the cataloger's name) is written once: a string is {@code 0} (null), {@code 1} followed by its UTF-8 length
 * and bytes (a new one, added to the table), or {@code 2 + n} (the table's n-th string). The reader trusts nothing:
 * every count and length is checked against the bytes left, every table reference against the table, so a damaged or
 * hostile entry ends in {@link Malformed}, never in a huge allocation. (Entries are checksummed too,
 * {@link CatalogCache}; these checks are for an entry whose checksum was forged with it.)
 */
final class KeptCodec {
    /** What an entry holds, written after the format number. */
    enum Kind { ENTRY, LAYER_FILES, LAYER_PARSES, IMAGE_KEYS }

    /** Strings in one entry's table: a dpkg result of a large image owns ~100,000 paths; far more is not an entry. */
    static final int MAX_STRINGS = 4_000_000;

    private static final Kind[] KINDS = Kind.values();

    private KeptCodec() {}

    /** Thrown for bytes that are not a well-formed entry. */
    static final class Malformed extends Exception {
        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    // ---- writing

    static byte[] encode(Object value) {
        Out out = new Out();
        out.number(CatalogCache.FORMAT);
        switch (value) {
            case CatalogCache.Entry e -> {
                out.number(Kind.ENTRY.ordinal());
                out.string(e.key());
                distro(out, e.distro());
                out.number(e.lookups().size());
                for (CatalogCache.Lookup l : e.lookups()) {
                    out.string(l.op());
                    out.string(l.path());
                    out.string(l.result());
                }
                found(out, e.found());
                out.strings(e.warnings());
            }
            case CatalogCache.LayerFiles f -> {
                out.number(Kind.LAYER_FILES.ordinal());
                out.string(f.key());
                out.number(f.files().size());
                for (Map.Entry<String, CatalogCache.FileResult> r : f.files().entrySet()) {
                    out.string(r.getKey());
                    found(out, r.getValue().found());
                    out.strings(r.getValue().warnings());
                }
            }
            case CatalogCache.LayerParses p -> {
                out.number(Kind.LAYER_PARSES.ordinal());
                out.string(p.key());
                out.number(p.files().size());
                for (Map.Entry<String, CatalogCache.Parse> r : p.files().entrySet()) {
                    out.string(r.getKey());
                    CatalogCache.Parse parse = r.getValue();
                    out.number(parse.packages().size());
                    parse.packages().forEach(pkg -> pkg(out, pkg));
                    out.strings(parse.warnings());
                    out.number(parse.notes().size());
                    for (Map.Entry<String, Map<String, String>> note : parse.notes().entrySet()) {
                        out.string(note.getKey());
                        out.map(note.getValue());
                    }
                }
            }
            case CatalogCache.ImageKeys k -> {
                out.number(Kind.IMAGE_KEYS.ordinal());
                out.string(k.key());
                out.map(k.keys());
            }
            default -> throw new IllegalArgumentException("not a kept record: " + value.getClass().getName());
        }
        return out.bytes.toByteArray();
    }

    private static void distro(Out out, Distro d) {
        out.number(d == null ? 0 : 1);
        if (d != null) {
            out.string(d.id());
            out.string(d.versionId());
            out.string(d.codename());
            out.string(d.prettyName());
        }
    }

    private static void found(Out out, List<CatalogCache.Found> found) {
        out.number(found.size());
        for (CatalogCache.Found f : found) {
            pkg(out, f.pkg());
            if (f.owned() == null) {
                out.number(0);
            } else {
                out.number(1);
                out.strings(f.owned());
            }
        }
    }

    private static void pkg(Out out, Package p) {
        out.string(p.id());
        out.string(p.type());
        out.string(p.namespace());
        out.string(p.name());
        out.string(p.version());
        out.string(p.purl());
        out.strings(p.licenses());
        out.number(p.locations().size());
        for (Location l : p.locations()) {
            out.string(l.path());
            out.string(l.layerDiffId());
        }
        out.number(p.source() == null ? 0 : 1);
        if (p.source() != null) {
            out.string(p.source().name());
            out.string(p.source().version());
        }
        out.string(p.foundBy());
        out.string(p.parentId());
        out.map(p.properties());
    }

    private static final class Out {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        private final Map<String, Integer> table = new HashMap<>();

        void number(int n) {
            int v = n;
            while ((v & ~0x7F) != 0) {
                bytes.write((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes.write(v);
        }

        void string(String s) {
            if (s == null) {
                number(0);
                return;
            }
            Integer known = table.get(s);
            if (known != null) {
                number(known + 2);
                return;
            }
            table.put(s, table.size());
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            number(1);
            number(utf8.length);
            bytes.write(utf8, 0, utf8.length);
        }

        void strings(List<String> list) {
            number(list.size());
            list.forEach(this::string);
        }

        void map(Map<String, String> map) {
            number(map.size());
            for (Map.Entry<String, String> e : map.entrySet()) {
                string(e.getKey());
                string(e.getValue());
            }
        }
    }

    // ---- reading

    /** The record {@code bytes[from..]} holds, of the type {@code kind} names. */
    static Object decode(byte[] bytes, int from) throws Malformed {
        In in = new In(bytes, from);
        int format = in.number();
        if (format != CatalogCache.FORMAT) {
            throw new Malformed("format " + format);
        }
        int kind = in.number();
        if (kind >= KINDS.length) {
            throw new Malformed("unknown kind " + kind);
        }
        String key = in.string();
        Object value = switch (KINDS[kind]) {
            case ENTRY -> {
                Distro distro = in.number() == 0 ? null : new Distro(in.string(), in.string(), in.string(), in.string());
                int lookups = in.count(3);
                List<CatalogCache.Lookup> lookupList = new ArrayList<>(lookups);
                for (int i = 0; i < lookups; i++) {
                    lookupList.add(new CatalogCache.Lookup(in.string(), in.string(), in.string()));
                }
                yield new CatalogCache.Entry(format, key, distro, lookupList, found(in), in.strings());
            }
            case LAYER_FILES -> {
                int n = in.count(3);
                Map<String, CatalogCache.FileResult> files = new HashMap<>(n * 2);
                for (int i = 0; i < n; i++) {
                    files.put(in.string(), new CatalogCache.FileResult(found(in), in.strings()));
                }
                yield new CatalogCache.LayerFiles(format, key, files);
            }
            case LAYER_PARSES -> {
                int n = in.count(4);
                Map<String, CatalogCache.Parse> files = new HashMap<>(n * 2);
                for (int i = 0; i < n; i++) {
                    String file = in.string();
                    int packages = in.count(12);
                    List<Package> list = new ArrayList<>(packages);
                    for (int j = 0; j < packages; j++) {
                        list.add(pkg(in));
                    }
                    List<String> warnings = in.strings();
                    int notes = in.count(2);
                    Map<String, Map<String, String>> noted = new LinkedHashMap<>();
                    for (int j = 0; j < notes; j++) {
                        noted.put(in.string(), in.map());
                    }
                    files.put(file, new CatalogCache.Parse(list, warnings, noted));
                }
                yield new CatalogCache.LayerParses(format, key, files);
            }
            case IMAGE_KEYS -> new CatalogCache.ImageKeys(format, key, in.map());
        };
        if (in.at != bytes.length) {
            throw new Malformed((bytes.length - in.at) + " bytes after the record");
        }
        return value;
    }

    private static List<CatalogCache.Found> found(In in) throws Malformed {
        int n = in.count(13);
        List<CatalogCache.Found> found = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Package pkg = pkg(in);
            found.add(new CatalogCache.Found(pkg, in.number() == 0 ? null : in.strings()));
        }
        return found;
    }

    private static Package pkg(In in) throws Malformed {
        String id = in.string();
        String type = in.string();
        String namespace = in.string();
        String name = in.string();
        String version = in.string();
        String purl = in.string();
        List<String> licenses = in.strings();
        int n = in.count(2);
        List<Location> locations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            locations.add(new Location(in.string(), in.string()));
        }
        SourcePackage source = in.number() == 0 ? null : new SourcePackage(in.string(), in.string());
        String foundBy = in.string();
        String parentId = in.string();
        Map<String, String> properties = in.map();
        if (properties.containsKey(null) || properties.containsValue(null)) {
            throw new Malformed("a null among a package's properties");
        }
        return new Package(id, type, namespace, name, version, purl, licenses, locations, source, foundBy, parentId, properties);
    }

    private static final class In {
        private final byte[] bytes;
        private int at;
        private final List<String> table = new ArrayList<>();

        In(byte[] bytes, int from) {
            this.bytes = bytes;
            this.at = from;
        }

        int number() throws Malformed {
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                if (at >= bytes.length) {
                    throw new Malformed("truncated");
                }
                int b = bytes[at++] & 0xFF;
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (value < 0 || shift == 28 && b > 0x07) {
                        throw new Malformed("a number out of range");
                    }
                    return value;
                }
            }
            throw new Malformed("a number longer than five bytes");
        }

        /** A count of elements each at least {@code minBytes} long: never more than the bytes left allow. */
        int count(int minBytes) throws Malformed {
            int n = number();
            if ((long) n * minBytes > bytes.length - at) {
                throw new Malformed("a count of " + n + " beyond the entry's end");
            }
            return n;
        }

        String string() throws Malformed {
            int tag = number();
            if (tag == 0) {
                return null;
            }
            if (tag == 1) {
                int length = number();
                if (length > bytes.length - at) {
                    throw new Malformed("a string beyond the entry's end");
                }
                if (table.size() >= MAX_STRINGS) {
                    throw new Malformed("more than " + MAX_STRINGS + " strings");
                }
                String s = new String(bytes, at, length, StandardCharsets.UTF_8);
                at += length;
                table.add(s);
                return s;
            }
            if (tag - 2 >= table.size()) {
                throw new Malformed("a reference to string " + (tag - 2) + " of " + table.size());
            }
            return table.get(tag - 2);
        }

        /** A list of strings, none null (warnings, licences, owned paths never hold one). */
        List<String> strings() throws Malformed {
            int n = count(1);
            List<String> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String s = string();
                if (s == null) {
                    throw new Malformed("a null in a list of strings");
                }
                list.add(s);
            }
            return list;
        }

        Map<String, String> map() throws Malformed {
            int n = count(2);
            Map<String, String> map = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                map.put(string(), string());
            }
            return map;
        }
    }
}
