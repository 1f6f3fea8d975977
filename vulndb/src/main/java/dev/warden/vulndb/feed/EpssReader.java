package dev.warden.vulndb.feed;

import dev.warden.core.WardenException;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.vulndb.RecordSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FIRST EPSS scores CSV (plain or gzip): an optional {@code #model_version:v2023.03.01,score_date:...}
 * comment line, the header {@code cve,epss,percentile}, then one row per CVE.
 */
public final class EpssReader implements FeedReader {

    private static final Pattern MODEL = Pattern.compile("model_version:([^,\\s]+)");
    private static final Pattern DATE = Pattern.compile("score_date:(\\d{4}-\\d{2}-\\d{2})");
    /** A line longer than this is not an EPSS row; stops a file without newlines from filling memory. */
    private static final int MAX_LINE_CHARS = 4096;

    @Override
    public void read(Path path, RecordSink sink) throws IOException {
        String model = null;
        LocalDate date = null;
        boolean header = false;
        long lineNo = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Inputs.open(path), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String where = path.getFileName() + ":" + lineNo;
                if (line.length() > MAX_LINE_CHARS) {
                    throw new WardenException(where + ": line longer than " + MAX_LINE_CHARS + " characters: not an EPSS CSV");
                }
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    Matcher m = MODEL.matcher(line);
                    if (m.find()) {
                        model = m.group(1);
                    }
                    Matcher d = DATE.matcher(line);
                    if (d.find()) {
                        date = LocalDate.parse(d.group(1));
                    }
                    continue;
                }
                if (!header) {
                    if (!line.trim().toLowerCase(java.util.Locale.ROOT).startsWith("cve,epss,percentile")) {
                        throw new WardenException(where + ": expected the header 'cve,epss,percentile': not an EPSS CSV");
                    }
                    header = true;
                    continue;
                }
                String[] cols = line.split(",", -1);
                try {
                    if (cols.length < 3 || !cols[0].startsWith("CVE-")) {
                        throw new NumberFormatException("expected CVE,score,percentile");
                    }
                    double score = Double.parseDouble(cols[1]);
                    double percentile = Double.parseDouble(cols[2]);
                    if (!(score >= 0 && score <= 1 && percentile >= 0 && percentile <= 1)) {
                        throw new NumberFormatException("score and percentile must be within 0..1");
                    }
                    sink.epss(new EpssEntry(cols[0].trim(), score, percentile, model, date));
                } catch (NumberFormatException e) {
                    sink.warn(where + ": invalid EPSS row '" + OsvRecords.abbreviate(line) + "' (" + e.getMessage() + "): skipped");
                }
            }
        }
        if (!header) {
            throw new WardenException(path + ": empty or not an EPSS CSV (no 'cve,epss,percentile' header)");
        }
    }
}
