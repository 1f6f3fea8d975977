package dev.warden.catalog.lang;

/**
 * What {@link ExecutableScan} says to read of a file after its first pass: nothing more, the ELF section names
 * that lie before the part it read, or the whole file. (A {@code .dep-v0} section found is always read at the end.)
 * {@link BinaryCataloger} carries out each plan in a later read of the layers; one file's plans come one after the
 * other (naming the sections may ask for the whole read).
 */
sealed interface ReadPlan {
    /** Everything the file can tell was found. */
    record Done() implements ReadPlan {}

    /**
     * The ELF section name table lies before the part of the file read (lld puts megabytes of symbol names between
     * it and the section table): read it and the section table, skipping all else ({@link ElfSectionNames#names}).
     */
    record Names(ExecutableScan.Section nameTable) implements ReadPlan {}

    /**
     * The pass skipped the middle of an ELF file and then saw that Go build info may be there (a Go section without a
     * build id, or sections it could not name): read every byte ({@link ExecutableScan#scanWhole}).
     */
    record Whole() implements ReadPlan {}

    ReadPlan DONE = new Done();
    ReadPlan WHOLE = new Whole();
}
