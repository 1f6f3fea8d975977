package dev.warden.core;

/**
 * A component's one-time set-up (loading and initialising its classes, Jackson's or the CycloneDX library's), done
 * ahead of need so that a command's first real use does not pay for it on the main thread. Start-up runs every
 * warm-up, on a thread of its own while the image is read: {@code pipeline}'s {@code StartUpWork} lists them, in order,
 * with why, and is the only caller of {@link #prepare}.
 */
public interface WarmUp {
    /**
     * Does the set-up; writes nothing anywhere and changes nothing the real work depends on. Failures are left for the
     * real work to meet and report.
     */
    void prepare();
}
