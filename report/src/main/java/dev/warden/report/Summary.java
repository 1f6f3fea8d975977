package dev.warden.report;

import dev.warden.core.finding.Finding;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.vex.VexStatus;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts every format shows the same way.
 *
 * @param bySeverity unsuppressed findings per severity, every level present (zero when none)
 * @param total      unsuppressed findings
 * @param suppressed findings a VEX statement (not_affected, fixed) took out of the verdict
 * @param ignored    findings an ignore file's entry set aside (.wardenignore, .trivyignore): no statement about
 *                   the product, only a team's decision, so counted apart from VEX
 * @param ignoreFiles the names of the ignore files those entries came from, in order met
 * @param fixable    unsuppressed findings with a fixed version
 */
public record Summary(Map<SeverityLevel, Integer> bySeverity, int total, int suppressed, int ignored, List<String> ignoreFiles,
        int fixable) {
    /** An ignore entry's document: {@code FILE:LINE} or {@code FILE: vulnerabilities[N]}, then maybe {@code (until DATE)}. */
    private static final Pattern IGNORE_ENTRY = Pattern.compile("(.+?)(?::\\d+|: vulnerabilities\\[\\d+\\])(?: \\(until .*\\))?");

    public Summary {
        bySeverity = Collections.unmodifiableMap(new EnumMap<>(bySeverity));
        ignoreFiles = List.copyOf(ignoreFiles);
    }

    /** Findings out of the verdict for either reason: what {@code --show-suppressed} lists. */
    public int setAside() {
        return suppressed + ignored;
    }

    public static Summary of(List<Finding> findings) {
        Map<SeverityLevel, Integer> counts = new EnumMap<>(SeverityLevel.class);
        for (SeverityLevel level : SeverityLevel.values()) {
            counts.put(level, 0);
        }
        int total = 0;
        int suppressed = 0;
        int ignored = 0;
        Set<String> ignoreFiles = new LinkedHashSet<>();
        int fixable = 0;
        for (Finding f : findings) {
            if (f.suppressed() && f.vex().statement().status() == VexStatus.IGNORED) {
                ignored++;
                ignoreFiles.add(fileOf(f.vex().statement().document()));
                continue;
            }
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
        return new Summary(counts, total, suppressed, ignored, List.copyOf(ignoreFiles), fixable);
    }

    private static String fileOf(String document) {
        Matcher m = IGNORE_ENTRY.matcher(document == null ? "" : document);
        if (!m.matches()) {
            return "ignore file";
        }
        Path name = Path.of(m.group(1)).getFileName();
        return name == null ? m.group(1) : name.toString();
    }

    /** {@code 2 suppressed by VEX}, and {@code , 1 ignored (.trivyignore)} when an ignore file set findings aside. */
    public String setAsideText() {
        return suppressed + " suppressed by VEX"
                + (ignored == 0 ? "" : ", " + ignored + " ignored (" + String.join(", ", ignoreFiles) + ")");
    }

    public int count(SeverityLevel level) {
        return bySeverity.getOrDefault(level, 0);
    }

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

    /**
     * {@code 12 vulnerabilities (critical 1, high 3, medium 5, low 2, negligible 0, unknown 1), 4 fixable; 2 suppressed
     * by VEX, 1 ignored (.trivyignore)}
     */
    public String line() {
        StringBuilder s = new StringBuilder();
        s.append(total).append(total == 1 ? " vulnerability (" : " vulnerabilities (");
        boolean first = true;
        for (SeverityLevel level : SeverityLevel.values()) {
            s.append(first ? "" : ", ").append(level.id()).append(' ').append(count(level));
            first = false;
        }
        s.append("), ").append(fixable).append(" fixable; ").append(setAsideText());
        return s.toString();
    }
}
