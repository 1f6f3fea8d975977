package dev.warden.core.progress;

/**
 * Where the pipeline reports how far a long command has got: the phase, the layer being read, files seen, packages
 * found, packages matched. Callers report counts as they go and never wait for a display: an implementation only adds
 * to counters (no allocation, no lock), and a display samples them from a thread of its own. Every method does nothing
 * unless an implementation says otherwise, so a caller reports only what it knows.
 */
public interface WorkProgress {
    /** Reports nowhere: tests, the server's background work, {@code --quiet}. */
    WorkProgress NONE = new WorkProgress() {};

    /** A new phase starts. */
    default void phase(Phase phase) {}

    /** Layer {@code number} (1-based) of {@code count} is being read. */
    default void layer(int number, int count) {}

    /** {@code n} more files (index entries of layers or of a root filesystem) were seen. */
    default void files(long n) {}

    /** {@code n} more packages were found by catalogers. */
    default void packages(long n) {}

    /** {@code n} more packages are to be matched against advisories. */
    default void toMatch(long n) {}

    /** {@code n} more packages were matched. */
    default void matched(long n) {}
}
