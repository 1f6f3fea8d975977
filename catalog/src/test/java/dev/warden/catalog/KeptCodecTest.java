package dev.warden.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.Distro;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.SourcePackage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue cache's binary form: every record back as it was written, and damaged bytes refused, never trusted. */
class KeptCodecTest {
    private static final String BASE = "sha256:" + "ab".repeat(32);
    private static final String APP = "sha256:" + "cd".repeat(32);

    private static Package deb(String name, String version) {
        return new Package("deb:" + name, "deb", "debian", name, version, "pkg:deb/debian/" + name + "@" + version,
                List.of("GPL-2.0-or-later", "Zlib"), List.of(new Location("/var/lib/dpkg/status", BASE)),
                new SourcePackage(name + "-src", version), "dpkg", null, Map.of("dpkg:arch", "amd64", "é", "ünïcode ✓"));
    }

    private static Package jar() {
        return new Package("maven:x", "maven", null, "x", "1.0", "pkg:maven/x@1.0", List.of(),
                List.of(new Location("/app/x.jar", APP), new Location("/app/x.jar!/inner.jar", APP)), null, "java-archive",
                "maven:parent", Map.of());
    }

    private static CatalogCache.Entry entry() {
        List<String> owned = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            owned.add("/usr/share/doc/pkg" + i + "/copyright");
        }
        return new CatalogCache.Entry(CatalogCache.FORMAT, "k1", new Distro("debian", "12", "bookworm", "Debian GNU/Linux 12"),
                List.of(new CatalogCache.Lookup("resolve", "/usr/share/doc/zlib1g/copyright", "-"),
                        new CatalogCache.Lookup("entry", "/etc/os-release", "/etc/os-release\tFILE\t267\t644\t\t" + BASE)),
                List.of(new CatalogCache.Found(deb("zlib1g", "1:1.2.13.dfsg-1"), owned),
                        new CatalogCache.Found(jar(), null), new CatalogCache.Found(deb("", ""), List.of())),
                List.of("dpkg: /var/lib/dpkg/status: a warning", ""));
    }

    private static List<Object> records() {
        Map<String, Map<String, String>> notes = new LinkedHashMap<>();
        notes.put("z-first", Map.of("sha1", "00ff"));
        notes.put("a-second", new LinkedHashMap<>());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("dpkg", "k1");
        keys.put("java-archive", "k2");
        return List.of(entry(),
                new CatalogCache.Entry(CatalogCache.FORMAT, "distro-key", null, List.of(), List.of(), List.of()),
                new CatalogCache.LayerFiles(CatalogCache.FORMAT, "k3", Map.of(
                        "/usr/bin/x\tFILE\t10\t755\t\t" + BASE, new CatalogCache.FileResult(List.of(new CatalogCache.Found(jar(), null)),
                                List.of("binary: /usr/bin/x: odd")),
                        "/usr/bin/y\tFILE\t10\t755\t\t" + BASE, new CatalogCache.FileResult(List.of(), List.of()))),
                new CatalogCache.LayerParses(CatalogCache.FORMAT, "k4", Map.of(
                        "/app/x.jar\tFILE\t99\t644\t\t" + APP, new CatalogCache.Parse(List.of(jar(), deb("b", "2")), List.of("w"), notes))),
                new CatalogCache.ImageKeys(CatalogCache.FORMAT, "k5", keys));
    }

    @Test
    void everyKindOfRecordComesBackAsItWasWritten() throws Exception {
        for (Object record : records()) {
            Object back = KeptCodec.decode(KeptCodec.encode(record), 0);
            assertThat(back).isEqualTo(record);
        }
        // the order of an image's keys and of a parse's notes is kept (the notes are given back in the order noted)
        CatalogCache.LayerParses parses = (CatalogCache.LayerParses) KeptCodec.decode(KeptCodec.encode(records().get(3)), 0);
        assertThat(parses.files().values().iterator().next().notes().keySet()).containsExactly("z-first", "a-second");
        CatalogCache.ImageKeys keys = (CatalogCache.ImageKeys) KeptCodec.decode(KeptCodec.encode(records().get(4)), 0);
        assertThat(keys.keys().keySet()).containsExactly("dpkg", "java-archive");
    }

    @Test
    void aStringRepeatedIsWrittenOnce() {
        List<Location> locations = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            locations.add(new Location("/usr/lib/x", BASE));
        }
        Package many = new Package("p", "deb", null, "p", "1", "pkg:deb/p@1", List.of(), locations, null, "dpkg", null, Map.of());
        byte[] bytes = KeptCodec.encode(new CatalogCache.Entry(CatalogCache.FORMAT, "k", null, List.of(),
                List.of(new CatalogCache.Found(many, null)), List.of()));
        assertThat(bytes.length).as("1,000 locations of one path and layer").isLessThan(2 * 1000 + 200);
    }

    @Test
    void everyTruncationAndEveryTrailingByteIsRefused() {
        for (Object record : records()) {
            byte[] bytes = KeptCodec.encode(record);
            for (int length = 0; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> KeptCodec.decode(cut, 0)).as("cut at %d of %d", length, bytes.length)
                        .isInstanceOf(KeptCodec.Malformed.class);
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThatThrownBy(() -> KeptCodec.decode(longer, 0)).isInstanceOf(KeptCodec.Malformed.class)
                    .hasMessageContaining("after the record");
        }
    }

    @Test
    void forgedCountsAndReferencesAreRefusedWithoutAllocating() {
        // format, kind ENTRY, key "k", no distro, then a count of lookups far beyond the entry's few bytes
        byte[] hugeCount = concat(head(KeptCodec.Kind.ENTRY), new byte[] {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
        assertThatThrownBy(() -> KeptCodec.decode(hugeCount, 0)).isInstanceOf(KeptCodec.Malformed.class)
                .hasMessageContaining("beyond the entry's end");
        // image keys with one pair whose key is a reference to a string the table does not have
        byte[] badReference = concat(head(KeptCodec.Kind.IMAGE_KEYS), new byte[] {1, 40, 2});
        assertThatThrownBy(() -> KeptCodec.decode(badReference, 0)).isInstanceOf(KeptCodec.Malformed.class)
                .hasMessageContaining("reference to string 38");
        // a six-byte number and a kind that does not exist
        assertThatThrownBy(() -> KeptCodec.decode(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1}, 0))
                .isInstanceOf(KeptCodec.Malformed.class);
        assertThatThrownBy(() -> KeptCodec.decode(new byte[] {(byte) CatalogCache.FORMAT, 9}, 0))
                .isInstanceOf(KeptCodec.Malformed.class).hasMessageContaining("unknown kind");
        assertThatThrownBy(() -> KeptCodec.decode(new byte[] {(byte) (CatalogCache.FORMAT + 1), 0}, 0))
                .isInstanceOf(KeptCodec.Malformed.class).hasMessageContaining("format");
    }

    /** Flipped bytes give either some record or Malformed: never another exception, never a hang. */
    @Test
    void damagedBytesNeverThrowAnythingElse() {
        Random random = new Random(20);
        byte[] good = KeptCodec.encode(entry());
        for (int i = 0; i < 3000; i++) {
            byte[] bad = good.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            try {
                KeptCodec.decode(bad, 0);
            } catch (KeptCodec.Malformed expected) {
                // refused
            }
        }
    }

    /** Through the cache: an entry whose checksum was forged along with a damaged body is ignored, named, not used. */
    @Test
    void anEntryWithAForgedChecksumIsIgnoredWithAWarning(@TempDir Path dir) throws Exception {
        CatalogCache cache = new CatalogCache(dir);
        CatalogCache.Entry entry = entry();
        List<String> warnings = new ArrayList<>();
        cache.put(entry, warnings::add);
        assertThat(cache.get("k1", warnings::add)).contains(entry);
        Path file;
        try (var files = Files.walk(dir)) {
            file = files.filter(p -> p.toString().endsWith(CatalogCache.SUFFIX)).findFirst().orElseThrow();
        }
        assertThat(CatalogCache.kindOf(file)).contains("entry");
        byte[] bytes = Files.readAllBytes(file);
        int body = 8 + 32;
        byte[] damaged = Arrays.copyOf(bytes, bytes.length - 1); // the body cut short, its checksum made to match
        System.arraycopy(java.security.MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(damaged, body, damaged.length)),
                0, damaged, 8, 32);
        Files.write(file, damaged);
        assertThat(CatalogCache.kindOf(file)).isEmpty();
        assertThat(cache.get("k1", warnings::add)).isEmpty();
        // the warning names the cache folder CACHE, never this machine's path (it ends up in SBOMs)
        assertThat(warnings).containsExactly("catalog cache: ignoring CACHE/" + dir.getParent().relativize(file)
                + " (unreadable: truncated); the cataloger runs again");
    }

    private static byte[] head(KeptCodec.Kind kind) {
        return new byte[] {(byte) CatalogCache.FORMAT, (byte) kind.ordinal(), 1, 1, 'k'};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
