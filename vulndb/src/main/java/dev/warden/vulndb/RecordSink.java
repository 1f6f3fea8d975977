package dev.warden.vulndb;

import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.advisory.NvdEntry;

/** Where feed readers put what they read; the store's import transaction implements it. */
public interface RecordSink {

    void advisory(Advisory advisory, String origin);

    void kev(KevEntry entry);

    void epss(EpssEntry entry);

    void nvd(NvdEntry entry);

    /** A record or part of one was skipped or looks wrong; {@code message} names the record. */
    void warn(String message);
}
