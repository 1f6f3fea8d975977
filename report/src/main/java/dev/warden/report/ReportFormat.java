package dev.warden.report;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One output format of a scan. Implementations are immutable and keep no state between calls, so one
 * instance serves every report; adding a format is one class plus one line in {@link ReportFormats}.
 */
public interface ReportFormat {

    /** The name users pass to {@code --format}: {@code table}, {@code json}, {@code sarif}... */
    String id();

    /** Writes the whole report as UTF-8; the stream is left open. */
    void write(Report report, OutputStream out) throws IOException;
}
