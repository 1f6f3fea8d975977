package dev.warden.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows a command's {@link ProgressCounters} on stderr, sampled from a scheduled thread of its own so the pipeline
 * never waits for it. On a terminal: one line rewritten in place ({@code \r}), cut to the terminal's width, shown
 * only once the command has run for {@link #TERMINAL_AFTER} and erased when it ends. Elsewhere (CI logs, files): a
 * plain line every {@link #LOG_PERIOD}, and nothing at all for a command that ends sooner. Never on stdout.
 */
final class ProgressDisplay implements AutoCloseable {
    /** How often the terminal line is redrawn: smooth enough to read, cheap enough not to show in a profile. */
    static final Duration REDRAW_EVERY = Duration.ofMillis(200);
    /** A command quicker than this draws nothing: a line that flashes and vanishes is noise. */
    static final Duration TERMINAL_AFTER = Duration.ofSeconds(1);
    /** Where stderr is not a terminal: a line this often, as Trivy's and Maven's CI logs show progress. */
    static final Duration LOG_PERIOD = Duration.ofSeconds(10);
    /** The width when the terminal does not say ({@code COLUMNS} unset). */
    static final int DEFAULT_WIDTH = 80;

    /** How a report is shown. */
    enum Mode { TERMINAL, LOG }

    private final ProgressCounters counters;
    private final StatusLine line;
    private final Mode mode;
    private final Duration period;
    private final LongSupplier nanoClock;
    private final int width;
    private final long started;
    private long lastLog;
    private ScheduledExecutorService scheduler;

    /**
     * {@code period}: between two log lines ({@link Mode#LOG}); {@code nanoClock}: {@link System#nanoTime} but in tests;
     * {@code width}: the terminal's columns.
     */
    ProgressDisplay(ProgressCounters counters, StatusLine line, Mode mode, Duration period, LongSupplier nanoClock, int width) {
        this.counters = counters;
        this.line = line;
        this.mode = mode;
        this.period = period;
        this.nanoClock = nanoClock;
        this.width = width;
        this.started = nanoClock.getAsLong();
        this.lastLog = started;
    }

    /** The display stderr calls for (a terminal or not, per {@code env}'s TERM and COLUMNS), ticking on its own thread. */
    static ProgressDisplay start(ProgressCounters counters, StatusLine line, Map<String, String> env) {
        boolean terminal = stderrIsTerminal() && !"dumb".equals(env.get("TERM"));
        ProgressDisplay display = new ProgressDisplay(counters, line, terminal ? Mode.TERMINAL : Mode.LOG, LOG_PERIOD,
                System::nanoTime, width(env));
        display.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-progress");
            t.setDaemon(true); // never keeps the JVM alive
            return t;
        });
        long every = (terminal ? REDRAW_EVERY : Duration.ofSeconds(1)).toMillis();
        display.scheduler.scheduleAtFixedRate(display::tick, every, every, TimeUnit.MILLISECONDS);
        return display;
    }

    /** Samples the counters and shows them if it is time to. */
    synchronized void tick() {
        long now = nanoClock.getAsLong();
        Duration elapsed = Duration.ofNanos(now - started);
        ProgressCounters.Snapshot snapshot = counters.snapshot();
        if (snapshot.phase() == null && snapshot.task() == null) {
            return; // a command that reports nothing long (sign, verify) shows nothing
        }
        if (mode == Mode.TERMINAL) {
            if (elapsed.compareTo(TERMINAL_AFTER) >= 0) {
                line.draw(fit(ProgressLine.of(snapshot, elapsed), width));
            }
        } else if (now - lastLog >= period.toNanos()) {
            lastLog = now;
            line.println("warden: " + ProgressLine.of(snapshot, elapsed));
        }
    }

    /** Stops sampling and erases the terminal line; what it printed as log lines stays. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        line.clear();
    }

    /** {@code text} cut to one column less than the terminal (a full row would wrap on some terminals). */
    static String fit(String text, int width) {
        int room = Math.max(10, width - 1);
        return text.length() <= room ? text : text.substring(0, room - 3) + "...";
    }

    static int width(Map<String, String> env) {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
            return columns > 0 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /**
     * Whether file descriptor 2 is a terminal (what isatty(2) says): on Linux its link in /proc names a tty device.
     * {@link System#console()} asks about stdin and stdout, which a piped {@code --format json | jq} redirects while
     * stderr still shows on the terminal. Elsewhere, the console is the best sign there is.
     */
    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
