package dev.warden.catalog;

/**
 * Limits that keep attacker-written package databases from exhausting memory, disk or time. A file
 * that crosses one is reported as a warning naming it, and the scan goes on with the rest.
 */
public final class CatalogLimits {
    private CatalogLimits() {}

    /** os-release and friends are a few hundred bytes; 64 KiB is far past any real one. */
    public static final int MAX_RELEASE_FILE_BYTES = 64 << 10;

    /** One line of a deb822 or apk database; real lines are short, long descriptions are folded. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    /** dpkg status: ~1 MB for 800 packages, ~60 MB would hold all of Debian; 512 MiB is a bomb. */
    public static final long MAX_STATUS_BYTES = 512L << 20;

    /** Packages in one database: all of Debian main is ~65k binary packages. */
    public static final int MAX_PACKAGES_PER_DATABASE = 200_000;

    /** dpkg info/PKG.list, md5sums, apk file lists: the largest real packages own ~100k files. */
    public static final long MAX_FILE_LIST_BYTES = 64L << 20;

    /** Owned paths kept in memory for ownership of language packages, across all OS packages. */
    public static final int MAX_OWNED_PATHS = 5_000_000;

    /** Licences sit in the first lines of a copyright file; the rest (long licence texts) is skipped. */
    public static final int MAX_COPYRIGHT_BYTES = 1 << 20;

    /** rpm databases are copied to scratch to be read: large Fedora installs have ~250 MB ones. */
    public static final long MAX_RPMDB_BYTES = 4L << 30;

    /** rpm header blob: rpm itself refuses headers over 256 MiB (HEADER_DATA_MAX). */
    public static final int MAX_RPM_HEADER_BYTES = 256 << 20;

    /** Index entries of one rpm header: rpm itself stops at 65535 (HEADER_TAGS_MAX). */
    public static final int MAX_RPM_HEADER_TAGS = 0xffff;

    /** Elements of one rpm array tag (files of one package): the largest real packages have ~200k. */
    public static final int MAX_RPM_ARRAY_COUNT = 1_000_000;

    /** Berkeley DB page chains followed for one bucket or overflow item, to stop loops and bombs. */
    public static final int MAX_BDB_CHAIN_PAGES = 1_000_000;

    /** Berkeley DB page size: BDB itself allows 512 B .. 64 KiB. */
    public static final int MAX_BDB_PAGE_SIZE = 64 << 10;

    /** ndb slot pages: 2048 pages of 256 slots is half a million packages (rpm itself grows it as needed). */
    public static final int MAX_NDB_SLOT_PAGES = 2048;

    /** A query on an rpm sqlite database; a real one answers in well under a second. */
    public static final int RPM_SQLITE_TIMEOUT_SECONDS = 60;

    /** Bytes buffered in memory when two catalogers want the same file; larger ones spill to scratch. */
    public static final int MAX_SHARED_BUFFER_BYTES = 16 << 20;
}
