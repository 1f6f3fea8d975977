package dev.warden.cli;

import dev.warden.catalog.CatalogSelection;
import dev.warden.catalog.Catalogers;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --catalogers}, {@code --skip-dirs}, {@code --skip-files}: what the commands that catalogue an image leave out. */
final class CatalogMixin {
    @Option(names = "--catalogers", paramLabel = "LIST", split = ",",
            description = "Only these catalogers: names (dpkg, apk, rpm, java-archive, npm-package, npm-lock, python-package, "
                    + "ruby-gem, php-composer, dotnet-deps, binary, rust-cargo-lock, go-mod, maven-pom...), a prefix (npm), a group "
                    + "(os, language, all) or Syft's tags and names (javascript, go, java-archive-cataloger); -NAME leaves one out (all,-java).")
    List<String> catalogers = new ArrayList<>();

    @Option(names = "--skip-dirs", paramLabel = "GLOB", split = ",",
            description = "Leave out directories matching GLOB (** crosses directories), e.g. /usr/share/doc or **/node_modules. Repeatable.")
    List<String> skipDirs = new ArrayList<>();

    @Option(names = "--skip-files", paramLabel = "GLOB", split = ",",
            description = "Leave out files matching GLOB, e.g. **/*.jar. Repeatable.")
    List<String> skipFiles = new ArrayList<>();

    /** What to leave out; bad globs and unknown catalogers fail here, before any image is read. */
    CatalogSelection selection() {
        CatalogSelection selection = new CatalogSelection(catalogers, skipDirs, skipFiles);
        selection.select(Catalogers.defaults());
        return selection;
    }
}
