package dev.warden.image.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds layer tars by code, including entries no honest tool writes (absolute names, "..", links out). */
public final class TarBuilder {
    private record Item(String name, byte type, String link, byte[] content) {}

    private final List<Item> items = new ArrayList<>();

    public TarBuilder dir(String name) {
        items.add(new Item(name, TarConstants.LF_DIR, null, new byte[0]));
        return this;
    }

    public TarBuilder file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public TarBuilder file(String name, byte[] content) {
        items.add(new Item(name, TarConstants.LF_NORMAL, null, content));
        return this;
    }

    public TarBuilder symlink(String name, String target) {
        items.add(new Item(name, TarConstants.LF_SYMLINK, target, new byte[0]));
        return this;
    }

    public TarBuilder hardlink(String name, String target) {
        items.add(new Item(name, TarConstants.LF_LINK, target, new byte[0]));
        return this;
    }

    public byte[] build() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Item item : items) {
                // preserveAbsolutePath: keep names exactly as given, hostile ones included
                TarArchiveEntry entry = new TarArchiveEntry(item.name(), item.type(), true);
                entry.setMode(item.type() == TarConstants.LF_DIR ? 040755 : item.type() == TarConstants.LF_SYMLINK ? 0120777 : 0100644);
                if (item.link() != null) {
                    entry.setLinkName(item.link());
                }
                entry.setSize(item.content().length);
                tar.putArchiveEntry(entry);
                tar.write(item.content());
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
