package dev.warden.catalog;

import dev.warden.core.Distro;
import dev.warden.core.Package;
import dev.warden.image.FileEntry;
import dev.warden.image.CacheParts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One cataloger's results kept on disk, keyed by everything that decides them, so that an image sharing layers with one
 * analysed before does not parse the same package databases and binaries again.
 *
 * <p>Why the key is what it is: a cataloger sees the image's final filesystem, not a layer. Its result depends on the
 * files it wants (each named by path and by the diff_id of the layer that wrote its final version, which fixes its
 * content: a layer is content-addressed), on what it looked up in the index while finishing (a copyright file a later
 * layer hid, a pom next to a jar), on the detected distro, and on the cataloger's code and the selection. The key hashes
 * the first group; lookups and the distro are stored in the entry and replayed against the new image before the entry
 * is used. So a whiteout or an overwrite in an upper layer changes either the key (a wanted file now comes from another
 * layer or is gone) or a replayed lookup, and the cataloger runs again: never a result the final filesystem would not
 * give. Results that asked the advisory store's jar index are not kept (the index changes with {@code db update}).
 *
 * <p>Entries are written to a temporary file and renamed (no reader sees half an entry; concurrent runs writing the
 * same key write the same bytes); each is {@link KeptCodec}'s compact binary form after a magic and the SHA-256 of that
 * body, and an entry that is unreadable, torn or fails the check is ignored and rewritten. The folder is kept under {@link #MAX_TOTAL_BYTES}, least recently used
 * entries going first.
 */
public final class CatalogCache {
    /**
     * Bumped when the entry format changes; older entries then miss. 2: {@link KeptCodec}'s binary form (1 was JSON
     * read through Jackson's data binding, whose set-up per record type was most of reading an entry in a fresh JVM).
     */
    static final int FORMAT = 2;
    /** An entry file's first bytes, then the SHA-256 of the rest, then {@link KeptCodec}'s bytes. */
    private static final byte[] MAGIC = "WARDENKC".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH_BYTES = 32;
    /** Entry files end so; what older versions wrote ({@code .json}) is never read and goes with the least recently used. */
    static final String SUFFIX = ".kept";
    /** The whole folder's bound: a few hundred images' results of a busy machine fit. */
    public static final long MAX_TOTAL_BYTES = 256L << 20;
    /** One entry's bound: a cataloger with more output than this (a huge Maven repository) is simply not kept. */
    public static final long MAX_ENTRY_BYTES = 32L << 20;

    private final Path dir;
    private final long maxTotalBytes;

    public CatalogCache(Path dir) {
        this(dir, MAX_TOTAL_BYTES);
    }

    CatalogCache(Path dir, long maxTotalBytes) {
        this.dir = dir;
        this.maxTotalBytes = maxTotalBytes;
    }

    public Path dir() {
        return dir;
    }

    /** A lookup a cataloger made in the index while finishing, with a fingerprint of what it got. */
    public record Lookup(String op, String path, String result) {}

    /** A package as its cataloger reported it, with the paths it owns (OS packages) or null. */
    public record Found(Package pkg, List<String> owned) {}

    /** What is kept for one key. */
    public record Entry(int format, String key, Distro distro, List<Lookup> lookups, List<Found> found, List<String> warnings) {}

    /** What a {@link Cataloger.PerFile} cataloger reported for one file. */
    public record FileResult(List<Found> found, List<String> warnings) {}

    /**
     * The per-file results of one cataloger for the files one layer gave an image, by {@link #fingerprint} (which names
     * the layer, so a result is only ever found for the same content). Images sharing the layer add to it.
     */
    public record LayerFiles(int format, String key, Map<String, FileResult> files) {}

    /**
     * What a {@link Cataloger.KeptParses} session made of one file: the packages found in it, its warnings (as the
     * session gave them, without the cataloger's name) and its notes, facts of the file the session's rules across files
     * use (an embedded SBOM's SHA-1s, say), by what they are about.
     */
    public record Parse(List<Package> packages, List<String> warnings, Map<String, Map<String, String>> notes) {
        public Parse {
            packages = List.copyOf(packages);
            warnings = List.copyOf(warnings);
            notes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(notes)); // in the order noted
        }
    }

    /** The parses of one {@link Cataloger.KeptParses} cataloger for the files of one layer, by {@link #fingerprint}. */
    public record LayerParses(int format, String key, Map<String, Parse> files) {}

    /** Builds a key from the parts that decide a cataloger's result. */
    public static final class Key {
        private final MessageDigest digest;

        public Key(String cataloger, String version, CatalogSelection selection) {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            add("format", Integer.toString(FORMAT));
            add("cataloger", cataloger);
            add("version", version);
            add("selection", selection.catalogers() + "|" + selection.skipDirs() + "|" + selection.skipFiles());
        }

        public void add(FileEntry wanted) {
            add("file", fingerprint(wanted));
        }

        /** A file reached under another name (a release file through a link). */
        public void add(String name, FileEntry file) {
            add("name", name);
            add(file);
        }

        private void add(String what, String value) {
            digest.update(what.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(value.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }

        public String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /** The key of a per-file cataloger's results for the files of one layer ({@link LayerFiles}). */
    public static String layerFilesKey(String cataloger, String version, CatalogSelection selection, String layerDiffId) {
        Key key = new Key(cataloger, version, selection);
        key.add("per-file results of layer", layerDiffId);
        return key.hex();
    }

    /**
     * The keys of each cataloger's inputs in an image whose layers are {@link #imageKeysKey}'s: a function of the final
     * filesystem, which the layers' diff_ids fix, and of what each cataloger (by name and version) wants of it; kept so
     * that an image analysed before is not walked again to find them.
     */
    public record ImageKeys(int format, String key, Map<String, String> keys) {}

    /** The key of an image's {@link ImageKeys}: its layers' diff_ids in order, the selection, each cataloger's version. */
    public static String imageKeysKey(List<String> layerDiffIds, Map<String, String> versions, CatalogSelection selection) {
        Key key = new Key("image keys", "", selection);
        layerDiffIds.forEach(layer -> key.add("layer", layer));
        versions.forEach((cataloger, version) -> key.add("cataloger " + cataloger, version));
        return key.hex();
    }

    /** The key of a {@link Cataloger.KeptParses} cataloger's parses of the files of one layer ({@link LayerParses}). */
    public static String layerParsesKey(String cataloger, String version, CatalogSelection selection, String layerDiffId) {
        Key key = new Key(cataloger, version, selection);
        key.add("parses of layer", layerDiffId);
        return key.hex();
    }

    /** What an index entry is to a cataloger: its path, kind, size, mode, link and the layer its content comes from. */
    public static String fingerprint(FileEntry e) {
        return e.path() + "\t" + e.kind() + "\t" + e.size() + "\t" + Integer.toOctalString(e.mode()) + "\t"
                + (e.linkTarget() == null ? "" : e.linkTarget()) + "\t" + e.layerDiffId();
    }

    /** Whether an entry of this layer can be part of a key: fs:// entries have no diff_id, so no fixed content. */
    public static boolean keyable(FileEntry e) {
        return e.layerDiffId() != null && e.layerDiffId().startsWith("sha256:");
    }

    /** The entry kept under {@code key}, or empty (none, or ignored as corrupt: one line to {@code warnings}). */
    public Optional<Entry> get(String key, Consumer<String> warnings) {
        return read(key, Entry.class, warnings).filter(entry -> {
            boolean whole = entry.format() == FORMAT && key.equals(entry.key()) && entry.found() != null
                    && entry.lookups() != null && entry.warnings() != null;
            if (!whole) {
                ignore(warnings, file(key), "not an entry for this key");
            }
            return whole;
        });
    }

    /** The per-file results kept under {@code key} ({@link #layerFilesKey}), or empty (none, or ignored as corrupt). */
    public Optional<LayerFiles> getLayerFiles(String key, Consumer<String> warnings) {
        return read(key, LayerFiles.class, warnings).filter(kept -> {
            boolean whole = kept.format() == FORMAT && key.equals(kept.key()) && kept.files() != null
                    && kept.files().values().stream().allMatch(r -> r != null && r.found() != null && r.warnings() != null);
            if (!whole) {
                ignore(warnings, file(key), "not an entry for this key");
            }
            return whole;
        });
    }

    /** The keys kept under {@code key} ({@link #imageKeysKey}), or empty (none, or ignored as corrupt). */
    public Optional<ImageKeys> getImageKeys(String key, Consumer<String> warnings) {
        return read(key, ImageKeys.class, warnings).filter(kept -> {
            boolean whole = kept.format() == FORMAT && key.equals(kept.key()) && kept.keys() != null;
            if (!whole) {
                ignore(warnings, file(key), "not an entry for this key");
            }
            return whole;
        });
    }

    /** Keeps an image's keys. */
    public void putImageKeys(ImageKeys keys, Consumer<String> warnings) {
        write(keys.key(), keys, warnings);
    }

    /** The parses kept under {@code key} ({@link #layerParsesKey}), or empty (none, or ignored as corrupt). */
    public Optional<LayerParses> getLayerParses(String key, Consumer<String> warnings) {
        return read(key, LayerParses.class, warnings).filter(kept -> {
            boolean whole = kept.format() == FORMAT && key.equals(kept.key()) && kept.files() != null
                    && kept.files().values().stream().allMatch(Objects::nonNull);
            if (!whole) {
                ignore(warnings, file(key), "not an entry for this key");
            }
            return whole;
        });
    }

    private <T> Optional<T> read(String key, Class<T> type, Consumer<String> warnings) {
        Path file = file(key);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_ENTRY_BYTES) {
                return ignore(warnings, file, "over " + MAX_ENTRY_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return ignore(warnings, file, e.getMessage());
        }
        Object value;
        try {
            value = parse(bytes);
        } catch (KeptCodec.Malformed e) {
            return ignore(warnings, file, e.getMessage());
        }
        if (!type.isInstance(value)) {
            return ignore(warnings, file, "not an entry for this key");
        }
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // recency is a hint for eviction; a read-only cache still serves
        }
        return Optional.of(type.cast(value));
    }

    /** Keeps {@code entry}; a cache that cannot be written costs the next run time, never this run's result. */
    public void put(Entry entry, Consumer<String> warnings) {
        write(entry.key(), entry, warnings);
    }

    /** Keeps per-file results (all of them: the caller merges what was kept before with what it made). */
    public void putLayerFiles(LayerFiles files, Consumer<String> warnings) {
        write(files.key(), files, warnings);
    }

    /** Keeps one layer's parses (all of them: the caller merges what was kept before with what it made). */
    public void putLayerParses(LayerParses parses, Consumer<String> warnings) {
        write(parses.key(), parses, warnings);
    }

    private void write(String key, Object value, Consumer<String> warnings) {
        Path file = file(key);
        Path tmp = null;
        try {
            byte[] body = KeptCodec.encode(value);
            if (body.length > MAX_ENTRY_BYTES - MAGIC.length - HASH_BYTES) {
                return;
            }
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), ".entry-", ".tmp");
            byte[] all = new byte[MAGIC.length + HASH_BYTES + body.length];
            System.arraycopy(MAGIC, 0, all, 0, MAGIC.length);
            System.arraycopy(newSha256().digest(body), 0, all, MAGIC.length, HASH_BYTES);
            System.arraycopy(body, 0, all, MAGIC.length + HASH_BYTES, body.length);
            Files.write(tmp, all);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            trim();
        } catch (IOException | RuntimeException e) {
            warnings.accept(CacheParts.hostFree(dir.getParent(), "catalog cache: cannot keep " + file + ": " + e.getMessage()));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temporary file is removed by the next trim
                }
            }
        }
    }

    /** Removes least recently used entries until the folder is under its bound; entries vanishing meanwhile are fine. */
    void trim() throws IOException {
        record Kept(Path file, long size, long used) {}
        List<Kept> kept = new ArrayList<>();
        long total = 0;
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(dir)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path f : files) {
                        try {
                            long size = Files.size(f);
                            kept.add(new Kept(f, size, Files.getLastModifiedTime(f).toMillis()));
                            total += size;
                        } catch (NoSuchFileException gone) {
                            // another run's eviction or rename
                        }
                    }
                }
            }
        }
        if (total <= maxTotalBytes) {
            return;
        }
        kept.sort((a, b) -> Long.compare(a.used(), b.used()));
        for (Kept k : kept) {
            if (total <= maxTotalBytes) {
                break;
            }
            Files.deleteIfExists(k.file());
            total -= k.size();
        }
    }

    private Path file(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + SUFFIX);
    }

    /** Warnings end up in SBOMs: the cache folder is named {@code CACHE}, never by this machine's path. */
    private <T> Optional<T> ignore(Consumer<String> warnings, Path file, String why) {
        warnings.accept(CacheParts.hostFree(dir.getParent(), "catalog cache: ignoring " + file + " (" + why + "); the cataloger runs again"));
        return Optional.empty();
    }

    /**
     * What the entry file {@code file} holds ({@code entry}, {@code layer files}, {@code layer parses} or {@code image
     * keys}), or empty when it is not an intact entry of this format: for tests and for looking into a cache folder.
     */
    public static Optional<String> kindOf(Path file) throws IOException {
        try {
            return Optional.of(switch (parse(Files.readAllBytes(file))) {
                case Entry e -> "entry";
                case LayerFiles f -> "layer files";
                case LayerParses p -> "layer parses";
                case ImageKeys k -> "image keys";
                default -> throw new KeptCodec.Malformed("unknown record");
            });
        } catch (KeptCodec.Malformed e) {
            return Optional.empty();
        }
    }

    /** The record an entry file's bytes hold, their magic and checksum checked first. */
    private static Object parse(byte[] bytes) throws KeptCodec.Malformed {
        int body = MAGIC.length + HASH_BYTES;
        if (bytes.length < body || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new KeptCodec.Malformed("not a catalogue cache entry");
        }
        MessageDigest sha256 = newSha256();
        sha256.update(bytes, body, bytes.length - body);
        if (!Arrays.equals(sha256.digest(), 0, HASH_BYTES, bytes, MAGIC.length, body)) {
            throw new KeptCodec.Malformed("checksum mismatch");
        }
        try {
            return KeptCodec.decode(bytes, body);
        } catch (KeptCodec.Malformed | RuntimeException e) {
            throw new KeptCodec.Malformed("unreadable: " + e.getMessage());
        }
    }

    /** The SHA-256 of {@code bytes} in hex (keys of tests). */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
