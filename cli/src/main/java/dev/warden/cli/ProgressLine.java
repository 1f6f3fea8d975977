package dev.warden.cli;

import dev.warden.core.progress.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of a progress report: {@code cataloguing, layer 3/7, 12,345 files, 87 packages, 42s}. */
final class ProgressLine {
    private ProgressLine() {}

    static String of(ProgressCounters.Snapshot s, Duration elapsed) {
        List<String> parts = new ArrayList<>();
        parts.add(s.phase() == null ? "starting" : s.phase().label());
        if (s.layer() > 0 && s.phase() != Phase.MATCH && s.phase() != Phase.DATABASE) {
            parts.add("layer " + s.layer() + "/" + s.layers());
        }
        if (s.files() > 0) {
            parts.add(count(s.files()) + (s.files() == 1 ? " file" : " files"));
        }
        if (s.packages() > 0) {
            parts.add(count(s.packages()) + (s.packages() == 1 ? " package" : " packages"));
        }
        if (s.toMatch() > 0) {
            parts.add(count(Math.min(s.matched(), s.toMatch())) + "/" + count(s.toMatch()) + " matched");
        }
        if (s.records() > 0) {
            parts.add(count(s.records()) + " records");
        }
        // a task's name alone says nothing the phase does not ("reading fs:/"): shown once its bytes are known
        if (s.task() != null && (s.taskTotal() > 0 || s.taskDone() > 0)) {
            parts.add(s.task() + (s.taskTotal() > 0
                    ? String.format(Locale.ROOT, " %d%% (%s / %s)", Math.min(100, s.taskDone() * 100 / s.taskTotal()),
                            human(s.taskDone()), human(s.taskTotal()))
                    : s.taskDone() > 0 ? " " + human(s.taskDone()) + " read" : "")); // a stream without a length: no total
        }
        parts.add(elapsed(elapsed));
        return String.join(", ", parts);
    }

    /** {@code 42s}, {@code 3m05s}, {@code 1h02m}. */
    static String elapsed(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String units = "KMGTPE";
        int unit = (int) (Math.log(bytes) / Math.log(1024)) - 1;
        return String.format(Locale.ROOT, "%.1f %siB", bytes / Math.pow(1024, unit + 1), units.charAt(unit));
    }
}
