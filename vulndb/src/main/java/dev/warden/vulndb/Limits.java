package dev.warden.vulndb;

/** Every limit the advisory database puts on input it did not write itself, with the reason beside it. */
public final class Limits {

    /** A downloaded or imported feed file: the biggest real feeds (OSV Debian all.zip, the tracker JSON) are a few hundred MB. */
    public static final long MAX_FEED_FILE_BYTES = 4L << 30;
    /** One OSV record (one JSON/YAML file or archive entry): the largest real records (Linux kernel) are ~2 MB. */
    public static final long MAX_RECORD_BYTES = 32L << 20;
    /** Records in one import: osv.dev holds ~600,000 records over all ecosystems; ten times that is hostile. */
    public static final long MAX_RECORDS_PER_IMPORT = 10_000_000L;
    /** Entries in one archive, directories included: same reasoning as records. */
    public static final long MAX_ARCHIVE_ENTRIES = 10_000_000L;
    /** JSON/YAML nesting: OSV is ~7 levels deep, the NVD API ~10; deeper is a stack-exhaustion attempt. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** One JSON string: long OSV details are ~100 KB. */
    public static final int MAX_STRING_CHARS = 16 << 20;
    /** YAML aliases per document: PyPA never uses them; a few stop "billion laughs". */
    public static final int MAX_YAML_ALIASES = 20;
    /** Warnings kept in one import report; the rest are counted so one broken feed cannot flood memory. */
    public static final int MAX_WARNINGS_KEPT = 1_000;
    /** The SQLite file inside a bundle: the full osv.dev + tracker + NVD data is ~3 GB. */
    public static final long MAX_BUNDLE_DB_BYTES = 16L << 30;
    /** The manifest inside a bundle. */
    public static final long MAX_MANIFEST_BYTES = 1L << 20;
    /** Rows written per JDBC batch: bigger batches gain nothing on SQLite and hold more memory. */
    public static final int BATCH_SIZE = 1_000;

    private Limits() {}
}
