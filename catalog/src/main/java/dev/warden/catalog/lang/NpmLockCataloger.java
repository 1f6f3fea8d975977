package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * npm, yarn and pnpm lock files of projects whose packages are not installed: {@code package-lock.json}
 * (v1 {@code dependencies} tree, v2/v3 {@code packages} map), {@code yarn.lock} (v1 and berry) and
 * {@code pnpm-lock.yaml} (v5, v6, v9 keys). A lock file with a {@code node_modules} folder beside it is
 * skipped: the installed package.json files say what is really there. Lock files inside node_modules
 * belong to published packages and install nothing.
 */
public final class NpmLockCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "npm-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        String name = entry.name();
        return (name.equals("package-lock.json") || name.equals("yarn.lock") || name.equals("pnpm-lock.yaml"))
                && !entry.path().contains("/node_modules/");
    }

    @Override
    boolean keep(FileEntry entry, FileSystemView files) {
        String dir = entry.path().substring(0, entry.path().lastIndexOf('/'));
        return files.entry(dir + "/node_modules").isEmpty();
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        Set<String> nameAtVersion = new LinkedHashSet<>();
        switch (entry.name()) {
            case "package-lock.json" -> packageLock(Json.read(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path()), nameAtVersion);
            case "yarn.lock" -> yarnLock(text(content, entry), nameAtVersion);
            default -> pnpmLock(text(content, entry), nameAtVersion);
        }
        for (String nv : nameAtVersion) {
            int at = nv.lastIndexOf('@');
            found.add(Npm.coordinates(nv.substring(0, at), nv.substring(at + 1)), List.of(), Map.of());
        }
    }

    private static String text(InputStream content, FileEntry entry) throws IOException {
        return new String(Bounded.readAll(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path()), StandardCharsets.UTF_8);
    }

    static void packageLock(JsonNode lock, Set<String> out) {
        JsonNode packages = lock.get("packages");
        if (packages != null && packages.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = packages.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int nm = e.getKey().lastIndexOf("node_modules/");
                JsonNode p = e.getValue();
                if (nm < 0 || p.path("link").asBoolean(false)) {
                    continue; // the project itself, workspace folders, and links to them
                }
                String name = Json.text(p, "name");
                add(name != null ? name : e.getKey().substring(nm + "node_modules/".length()), Json.text(p, "version"), out);
            }
            return;
        }
        dependenciesV1(lock.get("dependencies"), out, 0);
    }

    private static void dependenciesV1(JsonNode dependencies, Set<String> out, int depth) {
        if (dependencies == null || !dependencies.isObject() || depth > 256) {
            return;
        }
        dependencies.fields().forEachRemaining(e -> {
            String version = Json.text(e.getValue(), "version");
            if (version != null && !version.startsWith("file:") && !version.startsWith("link:")) {
                add(e.getKey(), version.startsWith("npm:") ? null : version, out);
                if (version.startsWith("npm:")) { // an alias: "npm:real-name@1.2.3"
                    String real = version.substring(4);
                    int at = real.lastIndexOf('@');
                    if (at > 0) {
                        add(real.substring(0, at), real.substring(at + 1), out);
                    }
                }
            }
            dependenciesV1(e.getValue().get("dependencies"), out, depth + 1);
        });
    }

    /**
     * yarn.lock: blocks headed by unindented specs ({@code "a@^1", a@^1.2:}) with an indented version line:
     * {@code version "1.2.3"} (v1) or {@code version: 1.2.3} (berry). Berry's own project entries are
     * {@code workspace:} resolutions and are left out.
     */
    static void yarnLock(String text, Set<String> out) {
        String name = null;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                name = line.endsWith(":") && !line.startsWith("__metadata") ? yarnName(line) : null;
                continue;
            }
            String t = line.strip();
            if (name != null && (t.startsWith("version ") || t.startsWith("version:"))) {
                String version = unquote(t.substring("version".length()).replaceFirst("^:?\\s*", ""));
                add(name, version, out);
                name = null;
            }
        }
    }

    private static String yarnName(String header) {
        String first = header.substring(0, header.length() - 1).split(",")[0].strip();
        first = unquote(first);
        int at = first.indexOf('@', 1);
        if (at < 0) {
            return null;
        }
        String name = first.substring(0, at);
        String range = first.substring(at + 1);
        return range.startsWith("workspace:") || range.startsWith("link:") || range.startsWith("portal:")
                || range.startsWith("file:") ? null : name;
    }

    /**
     * pnpm-lock.yaml: the keys of the top-level {@code packages:} map, "/name/1.2.3_peer" (v5),
     * "/name@1.2.3(peer)" (v6) or "name@1.2.3(peer)" (v9), scoped names included.
     */
    static void pnpmLock(String text, Set<String> out) {
        boolean inPackages = false;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                inPackages = line.strip().equals("packages:");
                continue;
            }
            if (!inPackages || !line.startsWith("  ") || Character.isWhitespace(line.charAt(2)) || !line.strip().endsWith(":")) {
                continue;
            }
            String key = unquote(line.strip().substring(0, line.strip().length() - 1).strip());
            if (key.startsWith("/")) {
                key = key.substring(1);
            }
            int paren = key.indexOf('(');
            if (paren > 0) {
                key = key.substring(0, paren);
            }
            int at = key.indexOf('@', 1);
            if (at > 0) {
                add(key.substring(0, at), key.substring(at + 1), out);
            } else {
                int underscore = key.indexOf('_');
                String withoutPeers = underscore > 0 ? key.substring(0, underscore) : key;
                int slash = withoutPeers.lastIndexOf('/');
                if (slash > 0) {
                    add(withoutPeers.substring(0, slash), withoutPeers.substring(slash + 1), out);
                }
            }
        }
    }

    private static void add(String name, String version, Set<String> out) {
        if (name != null && !name.isBlank() && version != null && !version.isBlank() && !version.contains(":")) {
            out.add(name + "@" + version);
        }
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))
                ? t.substring(1, t.length() - 1) : t;
    }
}
