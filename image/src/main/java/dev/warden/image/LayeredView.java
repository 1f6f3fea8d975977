package dev.warden.image;

import dev.warden.core.ImageInfo.LayerInfo;
import dev.warden.core.WardenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The final filesystem of a stack of layers. {@link #build} streams every layer once, applying
 * whiteouts ({@code .wh.NAME}) and opaque directories ({@code .wh..wh..opq}) to an in-memory index
 * in which each entry remembers the layer that wrote it; {@link #read} streams the layers again and
 * hands out the contents of the wanted final files. Nothing is unpacked to disk.
 */
final class LayeredView implements FileSystemView {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    /** Content shared by several entries (a file and its hardlinks) is buffered up to this size; larger is re-read. */
    static final long MAX_SHARED_CONTENT_BYTES = 64L << 20;

    /** Where a file's bytes are: the tar entry {@code ordinal} of layer {@code layer}. */
    private record ContentRef(int layer, int ordinal) {}

    /** Entries read between two reports of files seen to {@link Progress#files}. */
    private static final int FILES_PER_REPORT = 1024;

    private final BlobStore blobs;
    private final List<LayerInfo> layers;
    private final String name;
    private final SourceOptions options;
    private final FileIndex index;
    private final Map<String, ContentRef> contents;
    private final long[] entryCounts;
    /** Regular-file tar entries per layer, hidden later or not: a layer with more than the final files it feeds hides some. */
    private final long[] fileCounts;
    private final LayerCache cache;

    private LayeredView(BlobStore blobs, List<LayerInfo> layers, String name, SourceOptions options,
            NavigableMap<String, FileEntry> entries, Map<String, ContentRef> contents, long[] entryCounts, long[] fileCounts,
            LayerCache cache) {
        this.blobs = blobs;
        this.layers = layers;
        this.name = name;
        this.options = options;
        this.index = new FileIndex(entries, options.limits().maxSymlinkHops());
        this.contents = contents;
        this.entryCounts = entryCounts;
        this.fileCounts = fileCounts;
        this.cache = cache;
    }

    /**
     * Pass 1: reads every layer's tar and builds the final index. With a {@code cache} (nullable), a layer whose
     * entries are cached by diff_id is replayed from there instead of read, and a layer that is read is cached.
     */
    static LayeredView build(BlobStore blobs, List<LayerInfo> layers, String name, SourceOptions options, LayerCache cache)
            throws IOException {
        TreeMap<String, FileEntry> entries = new TreeMap<>();
        Map<String, ContentRef> contents = new HashMap<>();
        long[] counts = new long[layers.size()];
        long[] files = new long[layers.size()];
        entries.put("/", new FileEntry("/", FileEntry.Kind.DIRECTORY, 0, 0755, null, "", 0));
        Progress progress = options.progress();
        for (int i = 0; i < layers.size(); i++) {
            LayerInfo layer = layers.get(i);
            progress.layer(i + 1, layers.size());
            String what = describe(name, i, layers.size(), layer);
            LayerApplier applier = new LayerApplier(i, diffIdOf(layer), entries, contents, what);
            List<LayerEntry> cached = cache == null ? null : cache.entries(layer.diffId(), options.limits());
            if (cached != null) {
                for (LayerEntry entry : cached) {
                    applier.apply(entry);
                    files[i] += isContent(entry) ? 1 : 0;
                }
                counts[i] = cached.size();
                progress.files(cached.size());
                continue;
            }
            List<LayerEntry> read = cache != null && LayerCache.cacheable(layer.diffId()) ? new ArrayList<>() : null;
            try (LayerReader reader = new LayerReader(blobs, layer, what, options.limits(), options.progress())) {
                for (LayerReader.Entry e = reader.next(); e != null; e = reader.next()) {
                    LayerEntry entry = LayerEntry.of(reader, e);
                    applier.apply(entry);
                    files[i] += isContent(entry) ? 1 : 0;
                    if (read != null) {
                        read.add(entry);
                    }
                    if (reader.entryCount() % FILES_PER_REPORT == 0) {
                        progress.files(FILES_PER_REPORT); // batched: the tar loop makes one shared write per 1,024 entries
                    }
                }
                reader.finish();
                counts[i] = reader.entryCount();
                progress.files(counts[i] % FILES_PER_REPORT);
            }
            if (read != null) {
                cache.storeEntries(layer.diffId(), read); // only now: the layer's digests were verified by finish()
            }
        }
        return new LayeredView(blobs, layers, name, options, entries, contents, counts, files, cache);
    }

    /** A regular file of the layer's own, not a whiteout marker: what a final file could take its content from. */
    private static boolean isContent(LayerEntry entry) {
        return entry.type() == LayerEntry.Type.FILE
                && !entry.path().substring(entry.path().lastIndexOf('/') + 1).startsWith(WHITEOUT_PREFIX);
    }

    static String describe(String image, int index, int count, LayerInfo layer) {
        return image + ": layer " + (index + 1) + "/" + count + " " + layer.digest();
    }

    private static String diffIdOf(LayerInfo layer) {
        return layer.diffId() == null ? "" : layer.diffId();
    }

    /** Problems with the layer cache that were survived by reading the layer instead. */
    List<String> warnings() {
        return cache == null ? List.of() : cache.warnings();
    }

    /** Tar entries per layer, in layer order. */
    long[] entryCounts() {
        return entryCounts.clone();
    }

    @Override
    public List<FileEntry> entries() {
        return index.entries();
    }

    @Override
    public Optional<FileEntry> entry(String path) {
        return index.entry(path);
    }

    @Override
    public Optional<FileEntry> resolve(String path) {
        return index.resolve(path);
    }

    @Override
    public void read(Predicate<FileEntry> wanted, ContentVisitor visitor) throws IOException {
        read(wanted, visitor, null);
    }

    @Override
    public void read(Predicate<FileEntry> wanted, ContentVisitor visitor, Predicate<FileEntry> hiddenWanted,
            ContentVisitor hidden) throws IOException {
        read(wanted, visitor, new Hidden(hiddenWanted, hidden, new HashSet<>(contents.values())));
    }

    /** {@code hidden}: null when only final files are wanted. */
    private void read(Predicate<FileEntry> wanted, ContentVisitor visitor, Hidden hidden) throws IOException {
        // layer -> tar ordinal -> the final entries that take their content from that tar entry
        TreeMap<Integer, Map<Integer, List<FileEntry>>> plan = new TreeMap<>();
        for (FileEntry entry : index.entries()) {
            ContentRef ref = contents.get(entry.path());
            if (ref != null && entry.isFile() && wanted.test(entry)) {
                plan.computeIfAbsent(ref.layer(), k -> new HashMap<>())
                        .computeIfAbsent(ref.ordinal(), k -> new ArrayList<>()).add(entry);
            }
        }
        Set<Integer> hiding = hidden == null ? Set.of() : hidden.layers(fileCounts);
        for (int layer : hiding) {
            plan.putIfAbsent(layer, new HashMap<>()); // read for its hidden files alone if need be
        }
        for (Map.Entry<Integer, Map<Integer, List<FileEntry>>> layerPlan : plan.entrySet()) {
            int layerIndex = layerPlan.getKey();
            options.progress().layer(layerIndex + 1, layers.size());
            String diffId = layers.get(layerIndex).diffId();
            Map<Integer, List<FileEntry>> pending = layerPlan.getValue();
            // the cache keeps a layer's wanted files by the ordinals of final ones; hidden files are read from the layer
            Hidden here = hiding.contains(layerIndex) ? hidden : null;
            if (here == null && cache != null && cache.deliver(diffId, pending, visitor)) {
                continue;
            }
            if (cache != null && LayerCache.cacheable(diffId)) {
                try (LayerCache.ContentWriter keep = cache.contentWriter(diffId)) {
                    pending = readLayer(layerIndex, pending, visitor, wanted, keep, here);
                }
                here = null;
            }
            if (here != null) {
                pending = readLayer(layerIndex, pending, visitor, null, null, here);
            }
            while (!pending.isEmpty()) {
                pending = readLayer(layerIndex, pending, visitor, null, null, null);
            }
        }
    }

    /**
     * What to do with files a later layer deleted or replaced: the tar entries no final file takes its content from.
     *
     * @param live the content of every final file (a hardlink shares its target's)
     */
    private record Hidden(Predicate<FileEntry> wanted, ContentVisitor visitor, Set<ContentRef> live) {
        /** Layers with more regular files than final files take content from: only these hold hidden files. */
        Set<Integer> layers(long[] fileCounts) {
            long[] kept = new long[fileCounts.length];
            live.forEach(ref -> kept[ref.layer()]++);
            Set<Integer> hiding = new TreeSet<>();
            for (int i = 0; i < fileCounts.length; i++) {
                if (fileCounts[i] > kept[i]) {
                    hiding.add(i);
                }
            }
            return hiding;
        }

        /** The hidden file this tar entry is, when it is one and wanted; else null. */
        FileEntry of(LayerReader reader, LayerReader.Entry e, int layerIndex, String diffId) {
            if (live.contains(new ContentRef(layerIndex, e.ordinal()))) {
                return null;
            }
            LayerEntry entry = LayerEntry.of(reader, e);
            if (!isContent(entry)) {
                return null;
            }
            FileEntry file = new FileEntry(entry.path(), FileEntry.Kind.FILE, entry.size(), entry.mode(), null, diffId, layerIndex);
            return wanted.test(file) ? file : null;
        }
    }

    /**
     * Delivers what it can from one pass over a layer; returns what needs another pass (large shared contents).
     * With {@code keep}, the whole layer is walked and the contents of every file {@code wantedFiles} accepts are
     * kept too, delivered or not (the layer's own view of the file: a later image may not hide it), so that a later
     * image sharing the layer finds in the cache whatever the same readers want of it.
     */
    private Map<Integer, List<FileEntry>> readLayer(int layerIndex, Map<Integer, List<FileEntry>> wanted,
            ContentVisitor visitor, Predicate<FileEntry> wantedFiles, LayerCache.ContentWriter keep, Hidden hidden)
            throws IOException {
        Map<Integer, List<FileEntry>> again = new LinkedHashMap<>();
        LayerInfo layer = layers.get(layerIndex);
        String what = describe(name, layerIndex, layers.size(), layer);
        try (LayerReader reader = new LayerReader(blobs, layer, what, options.limits(), options.progress())) {
            int left = wanted.size();
            for (LayerReader.Entry e = reader.next(); e != null && (left > 0 || keep != null || hidden != null); e = reader.next()) {
                List<FileEntry> receivers = wanted.get(e.ordinal());
                FileEntry gone = receivers == null && hidden != null ? hidden.of(reader, e, layerIndex, diffIdOf(layer)) : null;
                if (keep != null && e.tar().isFile() && keep.accepts(e.tar().getSize())
                        && (receivers != null || gone != null || wantedInLayer(reader, e, layerIndex, wantedFiles))) {
                    byte[] content = reader.content().readAllBytes();
                    keep.add(e.ordinal(), content);
                    if (receivers != null) {
                        left--;
                        for (FileEntry receiver : receivers) {
                            visitor.visit(receiver, new ByteArrayInputStream(content));
                        }
                    }
                    if (gone != null) {
                        hidden.visitor().visit(gone, new ByteArrayInputStream(content));
                    }
                    continue;
                }
                if (gone != null) {
                    hidden.visitor().visit(gone, Streams.uncloseable(reader.content()));
                    continue;
                }
                if (receivers == null) {
                    continue;
                }
                left--;
                if (receivers.size() == 1) {
                    visitor.visit(receivers.getFirst(), Streams.uncloseable(reader.content()));
                } else if (e.tar().getSize() <= MAX_SHARED_CONTENT_BYTES) {
                    byte[] content = reader.content().readAllBytes();
                    for (FileEntry receiver : receivers) {
                        visitor.visit(receiver, new ByteArrayInputStream(content));
                    }
                } else {
                    visitor.visit(receivers.getFirst(), Streams.uncloseable(reader.content()));
                    again.put(e.ordinal(), new ArrayList<>(receivers.subList(1, receivers.size())));
                }
            }
            reader.finish();
            if (keep != null) {
                keep.commit(); // after finish(): only contents of a verified layer are kept
            }
        }
        return again;
    }

    /** Whether the readers want a file of this layer as the layer itself has it (hidden later or not). */
    private boolean wantedInLayer(LayerReader reader, LayerReader.Entry e, int layerIndex, Predicate<FileEntry> wantedFiles) {
        LayerEntry entry = LayerEntry.of(reader, e);
        return entry.type() == LayerEntry.Type.FILE && wantedFiles.test(new FileEntry(entry.path(), FileEntry.Kind.FILE,
                entry.size(), entry.mode(), null, diffIdOf(layers.get(layerIndex)), layerIndex));
    }

    /** Applies one layer's entries to the index being built. */
    private static final class LayerApplier {
        private final int layer;
        private final String diffId;
        private final TreeMap<String, FileEntry> entries;
        private final Map<String, ContentRef> contents;
        private final String what;

        LayerApplier(int layer, String diffId, TreeMap<String, FileEntry> entries, Map<String, ContentRef> contents,
                String what) {
            this.layer = layer;
            this.diffId = diffId;
            this.entries = entries;
            this.contents = contents;
            this.what = what;
        }

        void apply(LayerEntry e) {
            String path = e.path();
            if (path.equals("/")) {
                if (e.type() == LayerEntry.Type.DIRECTORY) {
                    entries.put("/", new FileEntry("/", FileEntry.Kind.DIRECTORY, 0, e.mode(), null, diffId, layer));
                }
                return;
            }
            int slash = path.lastIndexOf('/');
            String parent = slash == 0 ? "/" : path.substring(0, slash);
            String base = path.substring(slash + 1);
            if (base.startsWith(WHITEOUT_PREFIX)) {
                whiteout(e, parent, base);
                return;
            }
            parent = ensureDirectory(parent, e);
            add(e, parent.equals("/") ? "/" + base : parent + "/" + base);
        }

        private void whiteout(LayerEntry e, String parent, String base) {
            parent = ensureDirectory(parent, e);
            if (base.equals(OPAQUE_MARKER)) {
                removeBelow(parent, true);
                return;
            }
            if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
                return; // other aufs metadata (.wh..wh.plnk and the like): not part of the filesystem
            }
            String hidden = base.substring(WHITEOUT_PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw new WardenException(what + ": invalid whiteout '" + Digests.abbreviate(e.tarName()) + "'");
            }
            String target = parent.equals("/") ? "/" + hidden : parent + "/" + hidden;
            FileEntry existing = entries.get(target);
            if (existing != null && existing.layerIndex() < layer) {
                entries.remove(target);
                contents.remove(target);
            }
            removeBelow(target, true);
        }

        private void add(LayerEntry e, String path) {
            FileEntry.Kind kind;
            String linkTarget = null;
            long size = 0;
            ContentRef content = null;
            switch (e.type()) {
                case DIRECTORY -> kind = FileEntry.Kind.DIRECTORY;
                case SYMLINK -> {
                    kind = FileEntry.Kind.SYMLINK;
                    linkTarget = e.linkName();
                }
                case HARDLINK -> {
                    kind = FileEntry.Kind.HARDLINK;
                    linkTarget = e.linkName();
                    FileEntry targetEntry = entries.get(e.linkPath());
                    ContentRef targetContent = contents.get(e.linkPath());
                    if (targetEntry == null || targetContent == null) {
                        throw new WardenException(what + ": hardlink " + path + " points to '" + Digests.abbreviate(linkTarget)
                                + "', which is not a regular file of the image");
                    }
                    size = targetEntry.size();
                    content = targetContent;
                }
                case FILE -> {
                    kind = FileEntry.Kind.FILE;
                    size = e.size();
                    content = new ContentRef(layer, e.ordinal());
                }
                default -> kind = FileEntry.Kind.OTHER; // devices and fifos: present in the image, no content to read
            }
            FileEntry previous = entries.get(path);
            if (!(kind == FileEntry.Kind.DIRECTORY && previous != null && previous.kind() == FileEntry.Kind.DIRECTORY)) {
                // A non-directory replaces whatever was there, including a whole lower directory tree.
                removeBelow(path, false);
            }
            entries.put(path, new FileEntry(path, kind, size, e.mode(), linkTarget, diffId, layer));
            if (content != null) {
                contents.put(path, content);
            } else {
                contents.remove(path);
            }
        }

        /**
         * Makes sure a parent directory exists, creating it implicitly like tar extraction does. A
         * parent that is a symlink is followed inside the image (as containerd's extraction does);
         * anything else in the way is refused.
         */
        private String ensureDirectory(String dir, LayerEntry e) {
            FileEntry existing = entries.get(dir);
            if (existing != null && existing.kind() == FileEntry.Kind.DIRECTORY) {
                return dir;
            }
            if (existing == null) {
                int slash = dir.lastIndexOf('/');
                String parent = ensureDirectory(slash == 0 ? "/" : dir.substring(0, slash), e);
                String path = parent.equals("/") ? dir.substring(slash) : parent + dir.substring(slash);
                if (!path.equals(dir)) {
                    return ensureDirectory(path, e); // a parent was a link: continue at the real location
                }
                entries.put(path, new FileEntry(path, FileEntry.Kind.DIRECTORY, 0, 0755, null, diffId, layer));
                return path;
            }
            if (existing.kind() == FileEntry.Kind.SYMLINK) {
                Optional<FileEntry> resolved = new FileIndex(entries, ImageLimits.DEFAULT_MAX_SYMLINK_HOPS).resolve(dir);
                if (resolved.isPresent() && resolved.get().kind() == FileEntry.Kind.DIRECTORY) {
                    return resolved.get().path();
                }
            }
            throw new WardenException(what + ": entry '" + Digests.abbreviate(e.tarName()) + "' is below " + dir
                    + ", which is not a directory inside the image");
        }

        /** Removes everything below {@code dir}; with {@code lowerOnly}, only what lower layers wrote. */
        private void removeBelow(String dir, boolean lowerOnly) {
            String prefix = dir.equals("/") ? "/" : dir + "/";
            Iterator<Map.Entry<String, FileEntry>> it =
                    entries.subMap(prefix, true, prefix.substring(0, prefix.length() - 1) + "0", false).entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, FileEntry> child = it.next();
                // the key is taken before the removal: TreeMap may reuse the removed node for its successor's key
                String path = child.getKey();
                if (path.equals("/")) {
                    continue;
                }
                if (!lowerOnly || child.getValue().layerIndex() < layer) {
                    it.remove();
                    contents.remove(path);
                }
            }
        }
    }
}
