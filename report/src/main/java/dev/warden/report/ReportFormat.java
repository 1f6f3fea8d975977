package dev.warden.report;

import dev.warden.core.WarmUp;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One output format of a scan. Implementations are immutable and keep no state between calls, so one
 * instance serves every report; adding a format is one class plus one line in {@link ReportFormats}.
 */
public interface ReportFormat extends WarmUp {

    /** The name users pass to {@code --format}: {@code table}, {@code json}, {@code sarif}... */
    String id();

    /** Writes the whole report as UTF-8; the stream is left open. */
    void write(Report report, OutputStream out) throws IOException;

    /**
     * Does, on the calling thread, the one-time set-up a first {@link #write} would otherwise do on the command's
     * (the JSON formats: Jackson's class initialisation), so that a command can run it while the image is still being
     * read. Writes nothing anywhere and changes nothing a write depends on; failures are left for the write to meet.
     * Called by start-up only ({@code pipeline}'s {@code StartUpWork}).
     */
    @Override
    default void prepare() {}
}
