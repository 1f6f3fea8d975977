package dev.warden.image;

/** Receives progress of long operations (downloads, reading layers); the CLI draws it on a terminal. */
public interface Progress {
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
