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
