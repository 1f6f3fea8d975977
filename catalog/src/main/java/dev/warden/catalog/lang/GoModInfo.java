package dev.warden.catalog.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The module info text cmd/go embeds in a binary (what {@code go version -m} prints): tab-separated lines
 * {@code path}, {@code mod} (main module), {@code dep} (each dependency), {@code =>} (the replacement of the
 * line before) and {@code build} (settings such as GOOS, GOARCH, -ldflags).
 */
record GoModInfo(String path, Module main, List<Module> deps, Map<String, String> settings) {

    /** A module line; {@code replace} is the {@code =>} line that followed it, if any. */
    record Module(String path, String version, String sum, Module replace) {

        /**
         * Replaced by a directory on the build machine ("./lib", "../lib", "/src/lib"; cmd/go writes its version as
         * "(devel)"): the code came from disk, there is no version to report.
         */
        boolean replacedByDirectory() {
            return replace != null && (replace.version == null || isDirectory(replace.path));
        }

        /** Module paths never start with a dot or a slash; directory paths always do (or a drive letter on Windows). */
        private static boolean isDirectory(String path) {
            return path.startsWith("./") || path.startsWith("../") || path.startsWith("/") || path.startsWith(".\\")
                    || path.startsWith("..\\") || path.length() > 2 && path.charAt(1) == ':' && (path.charAt(2) == '\\' || path.charAt(2) == '/')
                    || path.equals(".") || path.equals("..");
        }

        /**
         * The module whose code is in the binary: the replacement when it is a module (its path and version
         * win); the original path without a version when the replacement is a directory.
         */
        String effectivePath() {
            return replace != null && !replacedByDirectory() ? replace.path : path;
        }

        String effectiveVersion() {
            if (replace != null) {
                return replacedByDirectory() ? null : replace.version;
            }
            return version == null || version.isEmpty() ? null : version;
        }
    }

    static GoModInfo parse(String text) {
        String path = null;
        Module main = null;
        List<Module> deps = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        Module last = null;
        boolean lastIsMain = false;
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "path" -> path = field(f, 1);
                case "mod", "dep" -> {
                    Module m = new Module(field(f, 1), field(f, 2), field(f, 3), null);
                    if (m.path() == null) {
                        continue;
                    }
                    if (f[0].equals("mod")) {
                        main = m;
                    } else {
                        deps.add(m);
                    }
                    last = m;
                    lastIsMain = f[0].equals("mod");
                }
                case "=>" -> {
                    if (last != null && field(f, 1) != null) {
                        Module replaced = new Module(last.path(), last.version(), last.sum(),
                                new Module(field(f, 1), field(f, 2), field(f, 3), null));
                        if (lastIsMain) {
                            main = replaced;
                        } else {
                            deps.set(deps.size() - 1, replaced);
                        }
                        last = null;
                    }
                }
                case "build" -> {
                    String setting = field(f, 1);
                    int eq = setting == null ? -1 : setting.indexOf('=');
                    if (eq > 0) {
                        settings.put(unquote(setting.substring(0, eq)), unquote(setting.substring(eq + 1)));
                    }
                }
                default -> { } // blank lines and fields a later Go may add
            }
        }
        return new GoModInfo(path, main, List.copyOf(deps), settings);
    }

    private static String field(String[] f, int i) {
        return i < f.length && !f[i].isEmpty() ? f[i] : null;
    }

    /** Settings with spaces or quotes are written Go-quoted ("-ldflags=\"-s -w\""); plain ones as they are. */
    private static String unquote(String s) {
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                c = s.charAt(++i);
                c = switch (c) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> c;
                };
            }
            out.append(c);
        }
        return out.toString();
    }
}
