package dev.warden.catalog.lang;

/**
 * Limits for the language catalogers. Each input they read is attacker-written; each limit is far
 * above what real packages need and far below what would exhaust memory or time.
 */
public final class LangLimits {
    private LangLimits() {}

    /** One metadata file (package.json, METADATA, pom.properties, gemspec): the largest real ones are ~200 KiB. */
    public static final int MAX_METADATA_BYTES = 4 << 20;

    /** One lock file or dependency manifest; monorepo lock files reach ~30 MiB. */
    public static final int MAX_LOCKFILE_BYTES = 64 << 20;

    /** Distinct packages in one lock file; the largest monorepo locks list ~20k. */
    public static final int MAX_LOCKFILE_PACKAGES = 200_000;

    /** Nested dependency levels of a v1 package-lock.json; real trees are under 30 deep. */
    public static final int MAX_LOCKFILE_NESTING = 200;

    /** Java: expanded bytes read from one top-level archive including everything nested; 4 GiB is past any real fat jar. */
    public static final long MAX_ARCHIVE_EXPANDED_BYTES = 4L << 30;

    /** Java: expanded/compressed ratio; class files compress ~3x, text ~10x, only bombs exceed 100x. */
    public static final long MAX_ARCHIVE_RATIO = 100;

    /** Java: the ratio only counts once this much was expanded; small archives of repetitive text are harmless. */
    public static final long ARCHIVE_RATIO_THRESHOLD_BYTES = 16L << 20;

    /** Java: entries in one archive; the largest real fat jars have ~60k entries. */
    public static final int MAX_ARCHIVE_ENTRIES = 200_000;

    /**
     * Java: the central directory of an archive read in place (a file of this machine); the zip reader holds every
     * entry of it in memory (~10x the directory's bytes), so larger ones are read as streams. The largest real fat jars
     * (~60k entries) have ~6 MB of directory.
     */
    public static final long MAX_CENTRAL_DIRECTORY_BYTES = 16L << 20;

    /** Java: archives inside archives; Spring Boot and EARs use 2-3 levels. */
    public static final int MAX_ARCHIVE_DEPTH = 8;

    /** Python: {@code -r} includes followed from one requirements file; real projects chain 2-3 (base, dev, test). */
    public static final int MAX_REQUIREMENTS_INCLUDE_DEPTH = 10;

    /** Maven: parents above one POM; real hierarchies are under 10 deep, more is a loop or an attack. */
    public static final int MAX_POM_PARENT_DEPTH = 32;

    /** Maven: nested BOM imports; Spring Boot's is ~4 deep. */
    public static final int MAX_POM_IMPORT_DEPTH = 16;

    /** Maven: {@code ${...}} substitutions inside one value; real POMs chain 2-3 properties. */
    public static final int MAX_POM_PROPERTY_DEPTH = 32;

    /** Maven: POMs read from the tree and the local repository in one scan; a large reactor's transitive graph needs ~5,000. */
    public static final int MAX_POMS_READ = 50_000;

    /** Maven: levels of transitive dependencies followed; real graphs are under 20 deep. */
    public static final int MAX_DEPENDENCY_DEPTH = 64;
}
