package dev.warden.server.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An inline SVG line chart's geometry, computed here so the template only places numbers: a fixed view box, each
 * series as polyline points, a few labelled ticks. Labels are our own (dates, numbers), never image data.
 *
 * @param series  one line each; {@code cssClass} colours it from the style sheet (no inline style under the CSP)
 * @param xTicks  labels along the bottom
 * @param yTicks  labels up the side
 * @param summary the chart said in words, for screen readers and for browsers that show no SVG
 */
public record LineChart(int width, int height, List<Series> series, List<Tick> xTicks, List<Tick> yTicks, String summary) {
    static final int WIDTH = 720;
    static final int HEIGHT = 220;
    private static final int LEFT = 48;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    /** Up to this many points each is drawn as a dot too; more would blur into the line. */
    private static final int MAX_DOTS = 20;

    /** {@code dots}: each point as a circle, for short series (one judgement is a point, not a line); null for long ones. */
    public record Series(String name, String cssClass, String points, long last, List<Tick> dots) {}

    public record Tick(double x, double y, String label) {}

    /** One named series of values, one per label. */
    public record Input(String name, String cssClass, List<Long> values) {}

    public boolean empty() {
        return series.isEmpty();
    }

    static LineChart of(List<String> labels, List<Input> inputs, String summary) {
        long max = 1;
        for (Input in : inputs) {
            for (long v : in.values()) {
                max = Math.max(max, v);
            }
        }
        max = niceCeiling(max);
        int n = labels.size();
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        List<Series> series = new ArrayList<>();
        for (Input in : inputs) {
            StringBuilder points = new StringBuilder();
            List<Tick> dots = new ArrayList<>();
            for (int i = 0; i < in.values().size(); i++) {
                double x = LEFT + (n <= 1 ? plotW / 2 : plotW * i / (n - 1));
                double y = TOP + plotH - plotH * in.values().get(i) / max;
                dots.add(new Tick(x, y, Long.toString(in.values().get(i))));
                if (!points.isEmpty()) {
                    points.append(' ');
                }
                points.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            }
            long last = in.values().isEmpty() ? 0 : in.values().get(in.values().size() - 1);
            series.add(new Series(in.name(), in.cssClass(), points.toString(), last, n <= MAX_DOTS ? List.copyOf(dots) : null));
        }
        List<Tick> xTicks = new ArrayList<>();
        int step = Math.max(1, (n + 5) / 6);
        for (int i = 0; i < n; i += step) {
            xTicks.add(new Tick(LEFT + (n <= 1 ? plotW / 2 : plotW * i / (n - 1)), HEIGHT - 8, labels.get(i)));
        }
        List<Tick> yTicks = new ArrayList<>();
        for (int k = 0; k <= 4; k++) {
            long value = max * k / 4;
            yTicks.add(new Tick(LEFT - 6, TOP + plotH - plotH * k / 4 + 4, Long.toString(value)));
        }
        return new LineChart(WIDTH, HEIGHT, List.copyOf(series), List.copyOf(xTicks), List.copyOf(yTicks), summary);
    }

    /** 4, 8, 20, 40 × 10^k at or above {@code v}: divisible by 4, so the side's four steps are whole, round numbers. */
    static long niceCeiling(long v) {
        long base = 1;
        while (true) {
            for (long m : new long[] {4, 8, 20, 40}) {
                if (m * base >= v) {
                    return m * base;
                }
            }
            base *= 10;
        }
    }

    public int plotLeft() {
        return LEFT;
    }

    public int plotRight() {
        return WIDTH - RIGHT;
    }

    public int plotBottom() {
        return HEIGHT - BOTTOM;
    }

    public int plotTop() {
        return TOP;
    }
}
