package dev.warden.vulndb.feed;

import dev.warden.core.WardenException;
import dev.warden.vulndb.FeedKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Which feed format a local file is, by its content (names lie): for {@code warden db import PATH}. */
public final class FeedFormats {

    /** Bytes looked at; every format announces itself in its first object. */
    private static final int SNIFF_BYTES = 64 * 1024;
    private static final Pattern TRACKER = Pattern.compile("\"releases\"\\s*:\\s*\\{");
    private static final Pattern NVD = Pattern.compile("\"(format\"\\s*:\\s*\"NVD_CVE|resultsPerPage)\"?");
    private static final Pattern SECDB = Pattern.compile("\"?distroversion\"?\\s*:|\"?secfixes\"?\\s*:");
    private static final Pattern OSV = Pattern.compile("\"?(affected|schema_version|modified|withdrawn)\"?\\s*:");

    private FeedFormats() {}

    public static FeedReader reader(FeedKind kind) {
        return switch (kind) {
            case OSV -> new OsvReader();
            case DEBIAN_TRACKER -> new DebianTrackerReader();
            case ALPINE_SECDB -> new SecdbReader();
            case NVD -> new NvdReader();
            case KEV -> new KevReader();
            case EPSS -> new EpssReader();
        };
    }

    public static FeedKind detect(Path path) throws IOException {
        if (Files.isDirectory(path) || Inputs.isZip(path)) {
            return FeedKind.OSV;
        }
        Inputs.requireFeedFile(path);
        String head;
        try (InputStream in = Inputs.open(path)) {
            byte[] bytes = in.readNBytes(SNIFF_BYTES);
            if (Inputs.isGzip(path) && bytes.length > 262 && new String(bytes, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
                return FeedKind.OSV; // a tar.gz of record files
            }
            head = new String(bytes, StandardCharsets.UTF_8);
        }
        String trimmed = head.stripLeading();
        if (trimmed.startsWith("#model_version") || trimmed.toLowerCase(java.util.Locale.ROOT).startsWith("cve,epss")) {
            return FeedKind.EPSS;
        }
        if (head.contains("\"catalogVersion\"")) {
            return FeedKind.KEV;
        }
        if (NVD.matcher(head).find()) {
            return FeedKind.NVD;
        }
        if (SECDB.matcher(head).find()) {
            return FeedKind.ALPINE_SECDB;
        }
        if (TRACKER.matcher(head).find()) {
            return FeedKind.DEBIAN_TRACKER;
        }
        if (OSV.matcher(head).find()) {
            return FeedKind.OSV;
        }
        throw new WardenException(path + ": not a feed format Warden knows (OSV, Debian tracker, secdb, NVD, KEV, EPSS); "
                + "name it with --format");
    }
}
