package dev.warden.catalog;

import dev.warden.catalog.os.ApkCataloger;
import dev.warden.catalog.os.DpkgCataloger;
import dev.warden.catalog.os.RpmCataloger;
import java.util.List;

/** Every cataloger Warden has. Add a new one here: one line each. */
public final class Catalogers {
    private Catalogers() {}

    public static List<Cataloger> defaults() {
        return List.of(
                new DpkgCataloger(),
                new ApkCataloger(),
                new RpmCataloger(),
                new dev.warden.catalog.lang.JavaArchiveCataloger(),
                new dev.warden.catalog.lang.NpmPackageCataloger(),
                new dev.warden.catalog.lang.NpmLockCataloger(),
                new dev.warden.catalog.lang.PythonPackageCataloger(),
                new dev.warden.catalog.lang.RubyGemCataloger(),
                new dev.warden.catalog.lang.PhpComposerCataloger(),
                new dev.warden.catalog.lang.DotnetDepsCataloger(),
                new dev.warden.catalog.lang.BinaryCataloger(),
                new dev.warden.catalog.lang.CargoLockCataloger());
    }
}
