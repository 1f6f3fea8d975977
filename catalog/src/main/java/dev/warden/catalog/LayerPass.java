package dev.warden.catalog;

import dev.warden.catalog.secret.SecretScanner;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The one pass over the image's layers that feeds a catalog run: the release files for the distro, every cataloger's
 * files and, when asked, every file for the secret scan, in the final files and in those a later layer deleted or
 * replaced (still in the image). Each file is streamed once; the secret scan tees what the catalogers read.
 */
final class LayerPass {
    private LayerPass() {}

    /**
     * Reads what {@code distro}, the runs without a kept result and {@code secrets} (null: no secret scan) want. Reads
     * nothing when everything is kept: then not even the layer cache's contents are opened.
     */
    static void read(FileSystemView files, RunDistro distro, List<CatalogerRun> runs, SecretScanner secrets, Path scratch)
            throws IOException {
        boolean anyToRead = secrets != null || runs.stream().anyMatch(CatalogerRun::readsAny) || distro.toRead();
        if (!anyToRead) {
            return;
        }
        FileDispatch dispatch = new FileDispatch(runs, scratch);
        Predicate<FileEntry> wanted = entry -> distro.wants(entry)
                || runs.stream().anyMatch(r -> r.reads(entry))
                || (secrets != null && secrets.wants(entry));
        FileSystemView.ContentVisitor visitor = (entry, content) -> {
            SecretScanner.FileScan.Tee secretScan = secrets != null && secrets.wants(entry)
                    ? secrets.open(entry).tee(content) : null;
            if (secretScan != null) {
                content = secretScan; // catalogers' reads feed the secret scan; the rest is drained below
            }
            if (distro.wants(entry)) {
                content = distro.read(entry, content);
            }
            dispatch.give(entry, content);
            if (secretScan != null) {
                secretScan.drain();
            }
        };
        if (secrets == null) {
            files.read(wanted, visitor);
        } else {
            files.read(wanted, visitor, secrets::wants, secrets::scanRemoved);
        }
    }

    /**
     * A kept result made under another distro (the release files changed, nothing else the cataloger reads) is not
     * used: its cataloger runs after all, over a second pass for its files alone.
     */
    static void readAgainForStale(FileSystemView files, RunDistro distro, List<CatalogerRun> runs, Path scratch)
            throws IOException {
        List<CatalogerRun> stale = runs.stream()
                .filter(r -> r.hit != null && !Objects.equals(r.hit.distro(), distro.get())).toList();
        if (stale.isEmpty()) {
            return;
        }
        stale.forEach(r -> r.hit = null);
        FileDispatch dispatch = new FileDispatch(stale, scratch);
        files.read(entry -> stale.stream().anyMatch(r -> r.reads(entry)), dispatch::give);
    }
}
