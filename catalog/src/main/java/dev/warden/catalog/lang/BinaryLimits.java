package dev.warden.catalog.lang;

/**
 * Every limit of reading executables for the packages built into them ({@link BinaryCataloger}, {@link ExecutableScan}
 * and the decoders it hands bytes to), each with its reason. An executable in an image is attacker-written: its
 * headers may claim any size or offset, so each is far above what real binaries need and far below what would exhaust
 * memory or time.
 */
final class BinaryLimits {
    private BinaryLimits() {}

    // Which files are read

    /**
     * One executable inspected for Go build info or a cargo-auditable section; the largest Go binaries seen
     * (terraform-provider-aws 5.100: 707 MB) stay under it. The file is streamed in blocks, never held whole, so this
     * bounds the time spent on one file (~1 s per GiB of scanning); larger executables are skipped with a warning.
     */
    static final int MAX_BINARY_BYTES = 1 << 30;

    /** Executables smaller than an ELF header plus a build-info block cannot carry build info. */
    static final int MIN_BINARY_BYTES = 128;

    /** Files without an executable bit are only looked at from this size: smaller ones are scripts and data. */
    static final long MIN_UNMARKED_BYTES = 4 << 10;

    /**
     * Files without an executable bit are only looked at up to this size: larger ones are data (apt lists, databases),
     * and wanting them would keep the layer cache (which holds files up to 16 MiB) from serving their layer.
     */
    static final long MAX_UNMARKED_BYTES = 16 << 20;

    // How they are read

    /** Read unit; a multiple of Go's 16-byte build info alignment, small enough to keep per session. */
    static final int BLOCK_BYTES = 1 << 20;

    /** Bytes carried from one block to the next so that patterns and short captures spanning the edge are seen. */
    static final int OVERLAP = 128;

    /**
     * What the first read takes of a file: enough for the ELF header and program headers and for the Go build id
     * check ({@link #BUILD_ID_BYTES}); most of a distribution's executables are smaller, or are named from their end.
     */
    static final int FIRST_READ_BYTES = 64 << 10;

    /** What a read for the section names needs of the start of an ELF file: its header (52 or 64 bytes). */
    static final int ELF_HEADER_READ_BYTES = 64;

    /** Go writes its build id in the first page or two (cmd/go's own buildid reader looks at 32 KiB). */
    static final int BUILD_ID_BYTES = 64 << 10;

    /**
     * What is read of Go's data start (ELF {@code .go.buildinfo} and the like) looking for the build info header, as
     * cmd/go's debug/buildinfo reads it: the linker puts the header at its very start.
     */
    static final int GO_DATA_WINDOW_BYTES = 64 << 10;

    // Layouts

    /** Segment tables larger than this are not real executables (Linux refuses ELF files with more than 64 KiB of them). */
    static final int MAX_SEGMENTS = 4096;

    /** ELF section header tables: 65535 sections of 64 bytes is the format's maximum without extensions. */
    static final long MAX_ELF_SECTION_TABLE_BYTES = 65_535L * 64;

    /**
     * A section name table lying after the section header table (unusual) is read only up to this size: real ones
     * hold a few dozen names in a few hundred bytes; a larger one gets the full read instead.
     */
    static final int MAX_ELF_NAME_TABLE_BYTES = 1 << 20;

    /**
     * Section names are looked for only this far before the section header table: linkers and objcopy put the name
     * table (.shstrtab, a few hundred bytes) right before it, so the rest of a large binary is not searched at all.
     */
    static final long NAME_TABLE_WINDOW_BYTES = 1 << 20;

    /** ".dep-v0" occurrences kept per file; a real binary has one (the section name). */
    static final int MAX_SECTION_NAME_HITS = 16;

    /**
     * Architectures in a universal (fat) Mach-O file; Apple's own have two or three. Java class files share the fat
     * magic (0xcafebabe), and their next word, the class file version, is at least 45: a count above this is a class.
     */
    static final int MAX_FAT_ARCHITECTURES = 16;

    // What they hold

    /** Longest Go version string accepted ("devel go1.22-1a2b3c4d5e Tue Jan 2 15:04:05 2024 +0000" is ~60). */
    static final int MAX_GO_VERSION_BYTES = 96;

    /** Go module info text; kubernetes-sized binaries carry ~40 KiB. */
    static final int MAX_GO_MODINFO_BYTES = 4 << 20;

    /** Places where an old-format version string may start, kept per file; a Go binary has a few dozen. */
    static final int MAX_VERSION_CANDIDATES = 4096;

    /** Module info start sentinels kept per file; a real binary has exactly one. */
    static final int MAX_MODINFO_CANDIDATES = 4;

    /** Compressed .dep-v0 section; its JSON is at most {@link #MAX_CARGO_AUDIT_JSON_BYTES} decompressed. */
    static final int MAX_DEP_V0_SECTION_BYTES = 4 << 20;

    /** Decompressed cargo-auditable JSON; a 2,000-crate tree is ~300 KiB. */
    static final int MAX_CARGO_AUDIT_JSON_BYTES = 16 << 20;
}
