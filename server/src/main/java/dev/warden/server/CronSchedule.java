package dev.warden.server;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.warden.core.WardenException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A watch's schedule: a cron expression of five fields (minute hour day-of-month month day-of-week), or one of
 * crontab(5)'s macros ({@code @daily}, {@code @hourly}, ...), as crontab(5) writes it, read in UTC. Parsed by cron-utils with its Unix definition; the times it gives are whole minutes.
 */
public final class CronSchedule {
    /** Cron expressions are short; a longer text is a mistake or an attack on the parser. */
    static final int MAX_CHARS = 200;
    /** The macros crontab(5) of Debian's cron (Vixie) takes; {@code @reboot} has no time and is not one of them here. */
    private static final java.util.Map<String, String> MACROS = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(java.util.Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *", "@hourly", "0 * * * *")));
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String text;
    private final ExecutionTime times;

    private CronSchedule(String text, ExecutionTime times) {
        this.text = text;
        this.times = times;
    }

    /** Reads {@code text}; a {@link WardenException} naming the problem when it is not a 5-field cron expression. */
    public static CronSchedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new WardenException("schedule: a cron expression of 5 fields is needed (minute hour day-of-month month day-of-week), e.g. '0 2 * * *'");
        }
        String trimmed = text.trim();
        if (trimmed.length() > MAX_CHARS) {
            throw new WardenException("schedule: longer than " + MAX_CHARS + " characters");
        }
        String expression = trimmed.startsWith("@") ? MACROS.get(trimmed.toLowerCase(java.util.Locale.ROOT)) : trimmed;
        if (expression == null) {
            throw new WardenException("schedule '" + dev.warden.core.SafeText.quote(trimmed) + "': not a cron macro; macros: "
                    + String.join(", ", MACROS.keySet()) + ", or 5 fields (minute hour day-of-month month day-of-week), e.g. '0 2 * * *'");
        }
        int fields = expression.split("\\s+").length;
        if (fields != 5) {
            throw new WardenException("schedule '" + dev.warden.core.SafeText.quote(trimmed) + "': " + fields
                    + " fields; cron takes 5 (minute hour day-of-month month day-of-week), e.g. '0 2 * * *'");
        }
        try {
            Cron cron = PARSER.parse(expression).validate();
            return new CronSchedule(trimmed, ExecutionTime.forCron(cron));
        } catch (IllegalArgumentException e) {
            throw new WardenException("schedule '" + dev.warden.core.SafeText.quote(trimmed) + "' is not a valid cron expression: "
                    + dev.warden.core.SafeText.quote(String.valueOf(e.getMessage())));
        }
    }

    public String text() {
        return text;
    }

    /** The latest time the schedule names at or before {@code now}, if any. */
    public Optional<Instant> latestAtOrBefore(Instant now) {
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        if (times.isMatch(at.withSecond(0).withNano(0))) {
            return Optional.of(at.withSecond(0).withNano(0).toInstant());
        }
        return times.lastExecution(at).map(ZonedDateTime::toInstant);
    }

    /** The first time the schedule names after {@code now}, if any. */
    public Optional<Instant> nextAfter(Instant now) {
        return times.nextExecution(now.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    @Override
    public String toString() {
        return text;
    }
}
