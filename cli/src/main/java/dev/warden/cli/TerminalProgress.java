package dev.warden.cli;

import dev.warden.image.Progress;
import java.io.PrintStream;

/**
 * Draws one updating progress line on stderr, only when stderr is a terminal and only for tasks
 * that run longer than a second, so scripts and CI logs stay clean.
 */
final class TerminalProgress implements Progress {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_EVERY_NANOS = 100_000_000L;

    private final PrintStream err;
    private String task = "";
    private long total;
    private long done;
    private long started;
    private long lastDraw;
    private boolean drawn;

    private TerminalProgress(PrintStream err) {
        this.err = err;
    }

    static Progress forStderr() {
        // System.console() is null when stdin or stdout is redirected; progress goes to stderr, so
        // only draw when a console exists and TERM is not "dumb".
        if (System.console() == null || "dumb".equals(System.getenv("TERM"))) {
            return Progress.NONE;
        }
        return new TerminalProgress(System.err);
    }

    @Override
    public synchronized void start(String task, long total) {
        this.task = task;
        this.total = total;
        this.done = 0;
        this.started = System.nanoTime();
        this.lastDraw = 0;
    }

    @Override
    public synchronized void advance(long amount) {
        done += amount;
        long now = System.nanoTime();
        if (now - started >= SHOW_AFTER_NANOS && now - lastDraw >= REDRAW_EVERY_NANOS) {
            lastDraw = now;
            drawn = true;
            String amountText = total > 0
                    ? String.format("%d%% (%s / %s)", done * 100 / total, human(done), human(total))
                    : human(done);
            err.print("\r\033[K" + task + " " + amountText);
            err.flush();
        }
    }

    @Override
    public synchronized void done() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String units = "KMGTPE";
        int unit = (int) (Math.log(bytes) / Math.log(1024)) - 1;
        return String.format("%.1f %siB", bytes / Math.pow(1024, unit + 1), units.charAt(unit));
    }
}
