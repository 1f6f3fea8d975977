package dev.warden.report;

import dev.warden.core.finding.Finding;
import dev.warden.core.finding.SeverityLevel;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts every format shows the same way.
 *
 * @param bySeverity unsuppressed findings per severity, every level present (zero when none)
 * @param total      unsuppressed findings
 * @param suppressed findings a VEX statement (not_affected, fixed) took out of the verdict
 * @param fixable    unsuppressed findings with a fixed version
 */
public record Summary(Map<SeverityLevel, Integer> bySeverity, int total, int suppressed, int fixable) {

    public Summary {
        bySeverity = Collections.unmodifiableMap(new EnumMap<>(bySeverity));
    }

    public static Summary of(List<Finding> findings) {
        Map<SeverityLevel, Integer> counts = new EnumMap<>(SeverityLevel.class);
        for (SeverityLevel level : SeverityLevel.values()) {
            counts.put(level, 0);
        }
        int total = 0;
        int suppressed = 0;
        int fixable = 0;
        for (Finding f : findings) {
            if (f.suppressed()) {
                suppressed++;
                continue;
            }
            total++;
            counts.merge(Severities.level(f), 1, Integer::sum);
            if (f.fixable()) {
                fixable++;
            }
        }
        return new Summary(counts, total, suppressed, fixable);
    }

    public int count(SeverityLevel level) {
        return bySeverity.getOrDefault(level, 0);
    }

    /** {@code 12 vulnerabilities (critical 1, high 3, medium 5, low 2, negligible 0, unknown 1); 2 suppressed by VEX} */
    /** Unsuppressed findings at {@code threshold} or more severe: what a {@code --fail-on} gate counts. */
    public int atLeast(SeverityLevel threshold) {
        int n = 0;
        for (SeverityLevel level : SeverityLevel.values()) {
            if (level.compareTo(threshold) <= 0) {
                n += count(level);
            }
        }
        return n;
    }

    public String line() {
        StringBuilder s = new StringBuilder();
        s.append(total).append(total == 1 ? " vulnerability (" : " vulnerabilities (");
        boolean first = true;
        for (SeverityLevel level : SeverityLevel.values()) {
            s.append(first ? "" : ", ").append(level.id()).append(' ').append(count(level));
            first = false;
        }
        s.append("), ").append(fixable).append(" fixable; ").append(suppressed).append(" suppressed by VEX");
        return s.toString();
    }
}
