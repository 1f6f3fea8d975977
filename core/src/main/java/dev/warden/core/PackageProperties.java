package dev.warden.core;

/**
 * The keys of {@link Package#properties()}: every fact about a package that has no record component of its own, in
 * one place, so that the cataloger that records a fact and the stages that read it (match, report, the SBOM formats)
 * name it the same way.
 *
 * <p>Names: general facts are {@code FACT}, facts of one ecosystem {@code ECOSYSTEM_FACT}. The strings are what
 * CycloneDX (component properties) and SPDX (annotations) carry, so they stay exactly as released, even where they
 * differ in style ({@code npm:dev} beside {@code warden:cargo-source}): changing one would change every SBOM and break
 * the readers of the old ones. A new key is {@code warden:} plus lower-case words joined by hyphens, led by the
 * ecosystem when only one has the fact ({@code warden:cargo-kind}). A key ending in {@code sha1}, {@code sha256},
 * {@code sha512} or {@code md5} with a hex value is written as the format's hash instead.
 */
public final class PackageProperties {
    private PackageProperties() {}

    // ---- every ecosystem

    /** The purl of the OS package that owns the files of this language package (the catalog sets it; match then
     *  leaves the package to the OS's advisories). */
    public static final String OWNED_BY = "warden:owned-by";
    /** SHA-1 of the archive the package was read from (Java archives), lower-case hex. */
    public static final String SHA1 = "warden:sha1";
    /** Processor architecture, where the purl does not carry it. */
    public static final String ARCH = "warden:arch";

    // ---- packages declared by a manifest or lock file of a source tree

    /** {@code direct} (the project names it), {@code indirect} (pulled in by another), {@code root} (the project itself). */
    public static final String RELATIONSHIP = "warden:relationship";
    /** The build scope or configurations that need it, as the file names them (Maven scope, Gradle configurations,
     *  Conan's build). */
    public static final String SCOPE = "warden:scope";
    /** {@code true} when only development or test needs it, as the file says (dev groups, develop sections, test scope). */
    public static final String DEV = "warden:dev";
    /** The ids of the packages in the same SBOM this one depends on, space-separated, where the file records the edges
     *  (Maven's resolved graph, go.mod's requirements of the main module, uv.lock); CycloneDX writes them as its
     *  {@code dependencies} graph. */
    public static final String DEPENDS_ON = "warden:depends-on";

    // ---- Java archives: how the identity was established

    /** Where a Java archive's coordinates came from: {@code pom.properties}, {@code repository-path},
     *  {@code embedded-sbom}, {@code sha1-index}, {@code manifest-evidence}, {@code manifest}, {@code filename}. */
    public static final String IDENTITY = "warden:identity";
    /** {@code low} when the identity is a guess (a file name), so a report can say so. */
    public static final String CONFIDENCE = "warden:confidence";
    /** {@code true} while a Java archive's Maven group is unknown (its purl is then {@code pkg:generic}). */
    public static final String GROUP_UNKNOWN = "warden:group-unknown";
    /** How a Java package sits in its archive: {@code shaded} (its classes copied into another jar). */
    public static final String NESTED = "warden:nested";
    /** How many coordinates the jar index gave for the archive's SHA-1. */
    public static final String INDEX_CANDIDATES = "warden:index-candidates";
    /** The pom.properties entry the coordinates were read from ({@code app.jar!/META-INF/maven/...}). */
    public static final String POM_PROPERTIES = "warden:pom-properties";
    /** The SBOM inside the archive the coordinates were read from. */
    public static final String EMBEDDED_SBOM = "warden:embedded-sbom";
    /** The version a Java archive's manifest states (Implementation-, Bundle- or Specification-Version). */
    public static final String MANIFEST_VERSION = "warden:manifest-version";
    /** The pom beside an archive in a Maven repository layout, read for its coordinates. */
    public static final String REPOSITORY_POM = "warden:repository-pom";

    // ---- Maven projects (pom.xml)

    /** The version as the pom writes it, when a property in it could not be resolved. */
    public static final String MAVEN_VERSION_UNRESOLVED = "maven:version-unresolved";
    /** The dependency's {@code <type>} when it is not {@code jar}. */
    public static final String MAVEN_TYPE = "maven:type";
    /** The dependency's {@code <classifier>}. */
    public static final String MAVEN_CLASSIFIER = "maven:classifier";
    /** The dependency that brought a transitive one in. */
    public static final String MAVEN_VIA = "maven:via";

    // ---- Rust (Cargo.lock, cargo-auditable binaries)

    /** {@code runtime} or {@code build}, as cargo-auditable records it. */
    public static final String CARGO_KIND = "warden:cargo-kind";
    /** Where the crate came from ({@code crates.io}, a registry, git; {@code local} for a path dependency). */
    public static final String CARGO_SOURCE = "warden:cargo-source";
    /** {@code true} for the crate the binary was built from. */
    public static final String CARGO_ROOT = "warden:cargo-root";
    /** Cargo.lock's checksum of the crate. */
    public static final String CARGO_CHECKSUM = "warden:cargo-checksum";

    // ---- Go (binaries' build info, go.mod)

    /** The Go release that built the binary. */
    public static final String GO_TOOLCHAIN = "warden:go-toolchain";
    /** The binary's target system ({@code GOOS}). */
    public static final String GO_GOOS = "warden:go-goos";
    /** The binary's target architecture ({@code GOARCH}). */
    public static final String GO_GOARCH = "warden:go-goarch";
    /** {@code true} for the binary's main module. */
    public static final String GO_MAIN_MODULE = "warden:go-main-module";
    /** {@code true} when the main module was built from a checkout ({@code (devel)}): no released version to match. */
    public static final String GO_DEVEL = "warden:go-devel";
    /** The main package's import path. */
    public static final String GO_PACKAGE = "warden:go-package";
    /** One build setting ({@code -ldflags}, {@code vcs.revision}...): this prefix and the setting's name. */
    public static final String GO_BUILD_SETTING_PREFIX = "warden:go-build:";
    /** The module (path@version) a replace directive replaced with this one. */
    public static final String GO_REPLACES = "warden:go-replaces";
    /** The local directory a replace directive put in the module's place. */
    public static final String GO_REPLACED_BY_DIRECTORY = "warden:go-replaced-by-directory";
    /** The module's go.sum hash ({@code h1:...}). */
    public static final String GO_SUM = "warden:go-sum";

    /**
     * Binaries: the architectures of the slices of a universal (fat) Mach-O file that hold the package (Apple's names,
     * space-separated, e.g. {@code x86_64 arm64}).
     */
    public static final String BINARY_ARCHITECTURES = "warden:binary-architectures";

    // ---- other ecosystems' own metadata fields

    /** {@code true} for a development dependency of an npm, yarn or pnpm lock file. */
    public static final String NPM_DEV = "npm:dev";
    /** {@code true} for a package of composer.lock's {@code packages-dev}. */
    public static final String COMPOSER_DEV = "composer:dev";
    /** A gem's platform, when it is not {@code ruby} (a gem with native code built for one). */
    public static final String GEM_PLATFORM = "gem:platform";
    /** The rpm header's SOURCERPM. */
    public static final String RPM_SOURCERPM = "rpm:sourcerpm";
    /** The rpm header's VENDOR. */
    public static final String RPM_VENDOR = "rpm:vendor";
    /** The aports commit an apk package was built from. */
    public static final String APK_COMMIT = "apk:commit";
    /** The environment marker of a Python requirement ({@code python_version >= "3.8"}). */
    public static final String PYTHON_MARKER = "python:marker";
    /** The extras a Python requirement asks for. */
    public static final String PYTHON_EXTRAS = "python:extras";
    /** The package index or source a Python lock file names for the package. */
    public static final String PYTHON_SOURCE = "python:source";
    /** A Conan reference's {@code @user/channel}. */
    public static final String CONAN_USER_CHANNEL = "conan:user-channel";
    /** A Conan reference's recipe revision. */
    public static final String CONAN_REVISION = "conan:revision";
    /** The commit a Swift package is pinned to. */
    public static final String SWIFT_REVISION = "swift:revision";
    /** The SHA-512 a .NET deps.json records for the NuGet package. */
    public static final String NUGET_SHA512 = "nuget:sha512";
}
