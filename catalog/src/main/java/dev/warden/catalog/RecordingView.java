package dev.warden.catalog;

import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The view a cataloger finishes with, noting every look-up it makes in the index (an entry, a resolved path, the whole
 * listing, a file it reads again) and what each gave, so that a kept result is used only where the same look-ups give
 * the same answers ({@link #stillHold}).
 */
final class RecordingView implements FileSystemView {
    static final String ENTRY = "entry";
    static final String RESOLVE = "resolve";
    static final String ENTRIES = "entries";
    private static final String ABSENT = "-";

    private final FileSystemView files;
    private final List<CatalogCache.Lookup> lookups;
    private final boolean listingKeyed;

    /** {@code listingKeyed}: the entries whose metadata the cataloger reads from the listing are in its key already. */
    RecordingView(FileSystemView files, List<CatalogCache.Lookup> lookups, boolean listingKeyed) {
        this.files = files;
        this.lookups = lookups;
        this.listingKeyed = listingKeyed;
    }

    /** Whether every look-up gives in {@code files} what it gave when the result was made. */
    static boolean stillHold(List<CatalogCache.Lookup> lookups, FileSystemView files) {
        for (CatalogCache.Lookup l : lookups) {
            String now = switch (l.op()) {
                case ENTRY -> describe(files.entry(l.path()));
                case RESOLVE -> describe(files.resolve(l.path()));
                case ENTRIES -> listing(files.entries());
                default -> null;
            };
            if (!l.result().equals(now)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<FileEntry> entries() {
        List<FileEntry> all = files.entries();
        if (!listingKeyed) {
            note(ENTRIES, "", listing(all));
        }
        return all;
    }

    @Override
    public Optional<FileEntry> entry(String path) {
        Optional<FileEntry> e = files.entry(path);
        note(ENTRY, path, describe(e));
        return e;
    }

    @Override
    public Optional<FileEntry> resolve(String path) {
        Optional<FileEntry> e = files.resolve(path);
        note(RESOLVE, path, describe(e));
        return e;
    }

    @Override
    public void read(Predicate<FileEntry> wanted, ContentVisitor visitor) throws IOException {
        files.read(wanted, (entry, content) -> {
            note(ENTRY, entry.path(), CatalogCache.fingerprint(entry));
            visitor.visit(entry, content);
        });
    }

    private void note(String op, String path, String result) {
        synchronized (lookups) {
            lookups.add(new CatalogCache.Lookup(op, path, result));
        }
    }

    private static String describe(Optional<FileEntry> e) {
        return e.map(CatalogCache::fingerprint).orElse(ABSENT);
    }

    private static String listing(List<FileEntry> all) {
        CatalogCache.Key k = new CatalogCache.Key("listing", "", CatalogSelection.ALL);
        all.forEach(k::add);
        return k.hex();
    }
}
