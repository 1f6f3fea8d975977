package dev.warden.server.console;

import dev.warden.core.finding.SeverityLevel;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes values for people: times to the minute in UTC (the ISO instant stays in the datetime attribute). */
public final class Show {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Show() {}

    public static String time(Instant at) {
        return at == null ? "" : MINUTE.format(at);
    }

    /** How long from {@code start} to {@code end}, for people ("850 ms", "12.4 s", "3 min 05 s", "2 h 04 min"); "–" unless both are known. */
    public static String duration(Instant start, Instant end) {
        return start == null || end == null ? "–" : duration(end.toEpochMilli() - start.toEpochMilli());
    }

    /** {@code ms} milliseconds for people; a negative span (clocks of two replicas) shows as 0 ms rather than as nonsense. */
    public static String duration(long ms) {
        long m = Math.max(0, ms);
        if (m < 1_000) {
            return m + " ms";
        }
        if (m < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", m / 1000.0);
        }
        long s = m / 1000;
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(java.util.Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    /** A severity's place, most urgent first, so that sorting a table by severity sorts by urgency, not by name. */
    public static int severityRank(String severity) {
        for (SeverityLevel level : SeverityLevel.values()) {
            if (level.id().equals(severity)) {
                return level.ordinal();
            }
        }
        return SeverityLevel.values().length;
    }
}
