package dev.warden.vulndb.feed;

import dev.warden.vulndb.RecordSink;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one feed format from a local file (or directory, for OSV) into a sink. A record it cannot read
 * is a warning; input it cannot read to the end (truncated archive, broken top-level JSON) is a
 * {@link dev.warden.core.WardenException} so the import is rolled back.
 */
public interface FeedReader {
    void read(Path path, RecordSink sink) throws IOException;
}
