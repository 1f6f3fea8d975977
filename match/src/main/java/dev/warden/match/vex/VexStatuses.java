package dev.warden.match.vex;

import dev.warden.core.vex.VexStatus;
import java.util.Locale;
import java.util.Optional;

/** OpenVEX status words to {@link VexStatus}. */
final class VexStatuses {
    private VexStatuses() {}

    static Optional<VexStatus> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (VexStatus status : VexStatus.vexStatuses()) {
            if (status.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
