package dev.warden.catalog.lang;

import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Elixir's {@code mix.lock}: an Elixir map literal that mix writes one entry per line,
 * {@code "name": {:hex, :package, "1.2.3", "sha", [:mix], [deps], "hexpm", "sha"}}. The file is Elixir code, so it
 * is matched line by line and never evaluated; {@code :git} and {@code :path} entries name no Hex release and are left
 * out. The purl is {@code pkg:hex/PACKAGE@VERSION} (the package, which differs from the key for renamed deps).
 */
public final class MixLockCataloger extends FileParsingCataloger {
    private static final Pattern HEX = Pattern.compile("\\s*\"([^\"]+)\":\\s*\\{:hex,\\s*:\"?([A-Za-z0-9_]+)\"?,\\s*\"([^\"]+)\".*");

    @Override
    public String name() {
        return "elixir-mix-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("mix.lock");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        for (String line : Declared.text(content, entry.path()).split("\r?\n")) {
            Matcher m = HEX.matcher(line);
            if (m.matches()) {
                found.add(new LangPackages.Coordinates("hex", null, m.group(2), m.group(3)), List.of(), Declared.of(null, null, false));
            }
        }
    }
}
