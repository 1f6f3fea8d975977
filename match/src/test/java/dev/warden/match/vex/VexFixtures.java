package dev.warden.match.vex;

import com.github.packageurl.PackageURL;
import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.SourcePackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.Rating;
import dev.warden.core.vex.VexStatement;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test resources under {@code vex/} and small builders for packages, findings and images. */
final class VexFixtures {
    private VexFixtures() {}

    static Path resource(String name) {
        try {
            return Path.of(VexFixtures.class.getResource("/vex/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource vex/" + name + " missing", e);
        }
    }

    static List<VexStatement> load(String... names) {
        List<Path> paths = new ArrayList<>();
        for (String n : names) {
            paths.add(resource(n));
        }
        return VexDocuments.load(paths);
    }

    /** A package as a cataloger would give it: the purl is the identity; source package optional. */
    static Package pkg(String purl, SourcePackage source) {
        try {
            PackageURL p = new PackageURL(purl);
            return new Package(purl, p.getType(), p.getNamespace(), p.getName(), p.getVersion(), purl, List.of(),
                    List.of(), source, "test", null, Map.of());
        } catch (Exception e) {
            throw new IllegalArgumentException(purl, e);
        }
    }

    static Package pkg(String purl) {
        return pkg(purl, null);
    }

    static Finding finding(String id, List<String> aliases, Package pkg) {
        return new Finding(id, aliases, pkg, pkg.name(), pkg.version(), "test", AffectedStatus.AFFECTED, List.of(),
                Rating.UNKNOWN, List.of(), null, null, id, "", List.of(), List.of(id), null, null);
    }

    static ImageInfo image(String reference, String manifestDigest) {
        return new ImageInfo(reference, manifestDigest, null, null, ImageInfo.ImageConfig.EMPTY, List.of(), Map.of());
    }
}
