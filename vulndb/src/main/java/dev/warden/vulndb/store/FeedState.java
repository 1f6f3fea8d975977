package dev.warden.vulndb.store;

import java.time.Instant;

/**
 * What the store remembers of a feed's last import.
 *
 * @param etag         the server's ETag for conditional downloads, null when none
 * @param lastModified the server's Last-Modified header verbatim, null when none
 */
public record FeedState(String feed, String kind, String location, String etag, String lastModified,
                        Instant importedAt, long records, long warnings, String sha256) {}
