package dev.warden.cli;

import dev.warden.core.progress.Phase;
import dev.warden.image.Progress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a command has done so far, as plain counters the pipeline adds to from any thread (no lock, no allocation:
 * the catalogers and the matcher call them per file or per package) and a {@link ProgressDisplay} reads from its own
 * thread. The bytes of the current download or large layer come through {@link Progress}'s task methods.
 */
final class ProgressCounters implements Progress {
    /**
     * One reading of the counters.
     *
     * @param phase     null before the first phase starts
     * @param layer     1-based layer being read, 0 when none
     * @param task      the download or large read under way ("pull sha256:…"), or null
     * @param taskTotal its size in bytes, or -1 when unknown
     * @param records   advisory records imported (db update and import)
     */
    record Snapshot(Phase phase, int layer, int layers, long files, long packages, long matched, long toMatch, String task,
            long taskDone, long taskTotal, long records) {}

    private volatile Phase phase;
    private volatile int layer;
    private volatile int layers;
    private final LongAdder files = new LongAdder();
    private final LongAdder packages = new LongAdder();
    private final LongAdder matched = new LongAdder();
    private final AtomicLong toMatch = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private volatile String task;
    private volatile long taskTotal;
    private final AtomicLong taskDone = new AtomicLong();

    @Override
    public void phase(Phase phase) {
        if (this.phase != phase) {
            layer = 0; // the next phase reads the layers again, or none
        }
        this.phase = phase;
    }

    @Override
    public void layer(int number, int count) {
        layers = count;
        layer = number;
    }

    @Override
    public void files(long n) {
        files.add(n);
    }

    @Override
    public void packages(long n) {
        packages.add(n);
    }

    @Override
    public void toMatch(long n) {
        toMatch.addAndGet(n);
    }

    @Override
    public void matched(long n) {
        matched.add(n);
    }

    /** The advisory database's import: {@code count} records of the current feed so far. */
    void records(long count) {
        records.set(count);
    }

    @Override
    public void start(String task, long total) {
        taskDone.set(0);
        taskTotal = total;
        this.task = task;
    }

    @Override
    public void advance(long amount) {
        taskDone.addAndGet(amount);
    }

    /** The current task's bytes so far, when its reporter gives the running total rather than increments. */
    void bytes(long received, long total) {
        taskTotal = total;
        taskDone.set(received);
    }

    @Override
    public void done() {
        task = null;
    }

    Snapshot snapshot() {
        return new Snapshot(phase, layer, layers, files.sum(), packages.sum(), matched.sum(), toMatch.get(), task,
                taskDone.get(), taskTotal, records.get());
    }
}
