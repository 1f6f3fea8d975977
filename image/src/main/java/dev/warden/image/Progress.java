package dev.warden.image;

import dev.warden.core.progress.WorkProgress;

/**
 * Receives progress of long operations: bytes of downloads and large layers here, and the pipeline's counters
 * (layers, files, packages) of {@link WorkProgress}; the CLI shows them on stderr.
 */
public interface Progress extends WorkProgress {
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {}

        @Override
        public void advance(long amount) {}

        @Override
        public void done() {}
    };

    /** Starts a task; {@code total} in bytes, or -1 when unknown. */
    void start(String task, long total);

    void advance(long amount);

    void done();
}
