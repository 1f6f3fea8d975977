package dev.warden.match;

import dev.warden.core.Package;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go modules: advisories name the module path; the toolchain a binary was built with is the module {@code stdlib},
 * compared by its release ({@code go1.21rc2} as Go's advisories write it, {@code 1.21.0-rc.2}); the main module of a
 * binary built from a work tree ({@code (devel)}) has no version to compare.
 */
final class GoMatcher implements EcosystemMatcher {
    /** The Go toolchain as Go modules name it in build info and Go advisories name it: {@code stdlib}. */
    static final String GO_STDLIB = "stdlib";
    /** go1.19.8, 1.21rc2, v1.22.0: the toolchain versions build info and SBOM tools write. */
    private static final Pattern GO_TOOLCHAIN = Pattern.compile("(?:go|v)?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:(rc|beta)(\\d+))?");

    @Override
    public Set<String> types() {
        return Set.of("golang");
    }

    @Override
    public boolean osPackages() {
        return false;
    }

    @Override
    public List<Candidate> candidates(Package p, Consumer<String> warn) {
        String name = LanguageNameMatcher.slashed(p);
        String version = p.version();
        if (name.equals(GO_STDLIB)) {
            String v = toolchainVersion(version);
            if (v == null) {
                warn.accept(p.purl() + ": Go toolchain version '" + version + "' is not a release, not matched");
                return List.of();
            }
            version = v;
        } else if (version.equals("(devel)")) {
            return List.of();
        }
        return List.of(new Candidate(p, "golang", name, version));
    }

    /** {@code go1.19.8} gives {@code 1.19.8}, {@code go1.21rc2} gives {@code 1.21.0-rc.2} (as Go advisories write them); null for devel builds. */
    static String toolchainVersion(String version) {
        Matcher m = GO_TOOLCHAIN.matcher(version.trim());
        if (!m.matches()) {
            return null;
        }
        String core = m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2)) + "." + (m.group(3) == null ? "0" : m.group(3));
        return m.group(4) == null ? core : core + "-" + m.group(4) + "." + m.group(5);
    }
}
