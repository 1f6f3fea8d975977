package dev.warden.catalog;

import dev.warden.catalog.lang.BinaryCataloger;
import dev.warden.catalog.lang.CargoLockCataloger;
import dev.warden.catalog.lang.ComposerLockCataloger;
import dev.warden.catalog.lang.ConanLockCataloger;
import dev.warden.catalog.lang.CsprojCataloger;
import dev.warden.catalog.lang.DotnetDepsCataloger;
import dev.warden.catalog.lang.GemfileLockCataloger;
import dev.warden.catalog.lang.GoModCataloger;
import dev.warden.catalog.lang.GradleLockfileCataloger;
import dev.warden.catalog.lang.GradleVersionCatalogCataloger;
import dev.warden.catalog.lang.JavaArchiveCataloger;
import dev.warden.catalog.lang.MavenLocalRepository;
import dev.warden.catalog.lang.MixLockCataloger;
import dev.warden.catalog.lang.NpmLockCataloger;
import dev.warden.catalog.lang.NpmPackageCataloger;
import dev.warden.catalog.lang.NugetLockCataloger;
import dev.warden.catalog.lang.PdmLockCataloger;
import dev.warden.catalog.lang.PhpComposerCataloger;
import dev.warden.catalog.lang.PipRequirementsCataloger;
import dev.warden.catalog.lang.PipfileLockCataloger;
import dev.warden.catalog.lang.PoetryLockCataloger;
import dev.warden.catalog.lang.PomCataloger;
import dev.warden.catalog.lang.PubspecLockCataloger;
import dev.warden.catalog.lang.PythonPackageCataloger;
import dev.warden.catalog.lang.RubyGemCataloger;
import dev.warden.catalog.lang.SwiftPackageResolvedCataloger;
import dev.warden.catalog.lang.UvLockCataloger;
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
                new JavaArchiveCataloger(),
                new NpmPackageCataloger(),
                new NpmLockCataloger(),
                new PythonPackageCataloger(),
                new RubyGemCataloger(),
                new PhpComposerCataloger(),
                new DotnetDepsCataloger(),
                // source trees: manifests and lock files (issue 17)
                new PipRequirementsCataloger(),
                new GoModCataloger(),
                new PomCataloger(MavenLocalRepository.ofUser()),
                new GradleLockfileCataloger(),
                new GradleVersionCatalogCataloger(),
                new PipfileLockCataloger(),
                new PoetryLockCataloger(),
                new UvLockCataloger(),
                new PdmLockCataloger(),
                new GemfileLockCataloger(),
                new ComposerLockCataloger(),
                new NugetLockCataloger(),
                new CsprojCataloger(),
                new PubspecLockCataloger(),
                new SwiftPackageResolvedCataloger(),
                new MixLockCataloger(),
                new ConanLockCataloger(),
                new BinaryCataloger(),
                new CargoLockCataloger());
    }
}
