package dev.warden.pipeline;

import dev.warden.core.WarmUp;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.util.List;

/**
 * Every piece of work Warden begins ahead of need, in one place. A scan is short (about a second on a Debian minbase
 * root), and a cold JVM's own costs are most of it, so what a command will need after reading the image is started on
 * a daemon thread while the main thread reads it. Nobody waits for a warm-up: if the main thread gets there first it
 * does the same work itself, and a failure here is met again, and reported, where the work is really done. Each step
 * was kept because {@code bench/scan.sh} measured it (docs/architecture.md "Start-up" has the numbers).
 *
 * <p>The front ends call the methods below, never a component's hook: {@link WarmUp#prepare} and
 * {@link AdvisoryStore#prepareDocuments} are called from here only, and {@link #STEPS} lists each with why
 * (cli's {@code StartUpWorkTest} fails when a {@code prepare} method exists that no step names). What the CLI does
 * before any of this (one subcommand built, the launcher's AOT cache and JIT) is in cli's {@code StartUp}.
 */
public final class StartUpWork {
    private StartUpWork() {}

    /**
     * One warm-up: the thread it runs on, the hook it calls ({@code type#method}, the type named as a string because
     * some live in modules above this one) and why it is worth starting early.
     */
    public record Step(String thread, String hook, String why) {}

    static final String STORE_THREAD = "warden-open-advisory-store";
    static final String SBOM_WRITER_THREAD = "warden-prepare-sbom-writer";

    /** The warm-ups, in the order they start on their thread. */
    public static final List<Step> STEPS = List.of(
            new Step(STORE_THREAD, "dev.warden.vulndb.VulnDb#open",
                    "the advisory store (SQLite's native library, the connection, the schema check or the snapshot's"
                            + " installation on a first run) opens while the image is catalogued, not before or after it"),
            new Step(STORE_THREAD, "dev.warden.vulndb.store.AdvisoryStore#prepareDocuments",
                    "one small advisory document read: the JSON parser's class initialisation (BigDecimal's tables among"
                            + " it), which matching would otherwise pay on the main thread"),
            new Step(STORE_THREAD, "dev.warden.report.ReportFormat#prepare",
                    "once the store is open, on the same thread: the report format's set-up (Jackson for JSON and SARIF)"),
            new Step(SBOM_WRITER_THREAD, "dev.warden.catalog.sbom.SbomWriter#prepare",
                    "warden sbom: a small SBOM written to nowhere, so the writer's set-up (for CycloneDX, streamed by"
                            + " Jackson's generator; the library's data binding was a third of a second) overlaps the walk"));

    /** Starts opening {@code db}'s advisory store (the first two {@link #STEPS}). */
    public static BackgroundStore advisoryStore(VulnDb db) {
        return BackgroundStore.open(db, AdvisoryStore::prepareDocuments, () -> { });
    }

    /** Starts opening {@code db}'s advisory store, then, on the same thread, readies {@code reportFormat} (a {@code ReportFormat}). */
    public static BackgroundStore advisoryStore(VulnDb db, WarmUp reportFormat) {
        return BackgroundStore.open(db, AdvisoryStore::prepareDocuments, reportFormat::prepare);
    }

    /** Readies {@code sbomWriter} (an {@code SbomWriter}) on a thread of its own. */
    public static void sbomWriter(WarmUp sbomWriter) {
        HeadStart.run(SBOM_WRITER_THREAD, sbomWriter::prepare);
    }
}
