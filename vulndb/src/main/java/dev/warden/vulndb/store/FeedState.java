package dev.warden.vulndb.store;

import java.time.Instant;

/**
 * What the store remembers of a feed's last import.
 *
 * @param etag         the server's ETag for conditional downloads, null when none
 * @param lastModified the server's Last-Modified header verbatim, null when none
 * @param dataDate     the newest date the feed's records carry (OSV {@code modified}, KEV {@code dateAdded}, EPSS score
 *                     date, NVD {@code lastModified}): how current the data is, which the import time does not say;
 *                     null when the records carry none
 * @param sample       the feed is a sample shipped with Warden, not the complete source
 */
public record FeedState(String feed, String kind, String location, String etag, String lastModified,
                        Instant importedAt, long records, long warnings, String sha256, Instant dataDate, boolean sample) {

    /** A state whose data date the import fills in, of a complete (not sample) feed. */
    public FeedState(String feed, String kind, String location, String etag, String lastModified,
                     Instant importedAt, long records, long warnings, String sha256) {
        this(feed, kind, location, etag, lastModified, importedAt, records, warnings, sha256, null, false);
    }

    public FeedState asSample(boolean isSample) {
        return new FeedState(feed, kind, location, etag, lastModified, importedAt, records, warnings, sha256, dataDate, isSample);
    }
}
