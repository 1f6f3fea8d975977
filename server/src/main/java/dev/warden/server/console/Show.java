package dev.warden.server.console;

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
}
