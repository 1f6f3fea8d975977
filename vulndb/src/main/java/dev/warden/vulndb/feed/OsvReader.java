package dev.warden.vulndb.feed;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import dev.warden.vulndb.Json;
import dev.warden.vulndb.Limits;
import dev.warden.vulndb.RecordSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * OSV records from osv.dev's per-ecosystem {@code all.zip}, a {@code .tar.gz}/{@code .tar} of record
 * files, a directory of them (symbolic links are not followed), or one file (a record or a JSON array
 * of records). JSON and YAML ({@code .yaml}/{@code .yml}, as PyPA publishes) are both read.
 */
public final class OsvReader implements FeedReader {

    private final ObjectMapper json = Json.json();

    @Override
    public void read(Path path, RecordSink sink) throws IOException {
        if (Files.isDirectory(path)) {
            readDirectory(path, sink);
            return;
        }
        Inputs.requireFeedFile(path);
        if (Inputs.isZip(path)) {
            readZip(path, sink);
        } else if (Inputs.isGzip(path) || path.getFileName().toString().endsWith(".tar")) {
            readTar(path, sink);
        } else {
            byte[] bytes = Inputs.readBounded(Files.newInputStream(path), Limits.MAX_FEED_FILE_BYTES, path.toString());
            JsonNode node = parse(bytes, path.getFileName().toString(), path.toString(), sink);
            if (node != null && node.isArray()) {
                int i = 0;
                for (JsonNode record : node) {
                    emit(record, path + "[" + i++ + "]", sink);
                }
            } else if (node != null) {
                emit(node, path.toString(), sink);
            }
        }
    }

    private void readDirectory(Path dir, RecordSink sink) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, Limits.MAX_NESTING_DEPTH, new FileVisitOption[0])) {
            files = walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> isRecordName(p.getFileName().toString()))
                    .sorted()
                    .limit(Limits.MAX_ARCHIVE_ENTRIES + 1)
                    .toList();
        }
        if (files.size() > Limits.MAX_ARCHIVE_ENTRIES) {
            throw new WardenException(dir + ": more than " + Limits.MAX_ARCHIVE_ENTRIES + " record files");
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                record(in, file.getFileName().toString(), dir.relativize(file).toString(), sink);
            }
        }
    }

    private void readZip(Path zip, RecordSink sink) throws IOException {
        long entries = 0;
        try (ZipInputStream in = new ZipInputStream(new java.io.BufferedInputStream(Files.newInputStream(zip), 1 << 16))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (++entries > Limits.MAX_ARCHIVE_ENTRIES) {
                    throw new WardenException(zip + ": more than " + Limits.MAX_ARCHIVE_ENTRIES + " entries");
                }
                if (!entry.isDirectory() && isRecordName(entry.getName())) {
                    record(in, entry.getName(), zip.getFileName() + "!" + entry.getName(), sink);
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new WardenException(zip + ": broken or truncated zip archive (" + e.getMessage() + ")", e);
        }
    }

    private void readTar(Path tar, RecordSink sink) throws IOException {
        long entries = 0;
        try (TarArchiveInputStream in = new TarArchiveInputStream(Inputs.open(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (++entries > Limits.MAX_ARCHIVE_ENTRIES) {
                    throw new WardenException(tar + ": more than " + Limits.MAX_ARCHIVE_ENTRIES + " entries");
                }
                // links and devices are never followed or read: only regular files carry records
                if (entry.isFile() && isRecordName(entry.getName())) {
                    record(in, entry.getName(), tar.getFileName() + "!" + entry.getName(), sink);
                }
            }
        } catch (java.io.EOFException | IllegalArgumentException e) {
            throw new WardenException(tar + ": broken or truncated tar archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            if (e instanceof Inputs.RecordTooLargeException) {
                throw e;
            }
            throw new WardenException(tar + ": broken or truncated archive (" + e.getMessage() + ")", e);
        }
    }

    private void record(InputStream in, String name, String origin, RecordSink sink) throws IOException {
        byte[] bytes;
        try {
            bytes = Inputs.readBounded(in, Limits.MAX_RECORD_BYTES, origin);
        } catch (Inputs.RecordTooLargeException e) {
            sink.warn(e.getMessage() + ": skipped");
            in.skip(Long.MAX_VALUE);
            return;
        }
        JsonNode node = parse(bytes, name, origin, sink);
        if (node != null) {
            emit(node, origin, sink);
        }
    }

    private JsonNode parse(byte[] bytes, String name, String origin, RecordSink sink) {
        try {
            return isYaml(name) ? Json.readYaml(bytes) : json.readTree(bytes);
        } catch (JacksonException e) {
            sink.warn(origin + ": not valid " + (isYaml(name) ? "YAML" : "JSON") + " ("
                    + OsvRecords.abbreviate(e.getOriginalMessage()) + "): skipped");
            return null;
        } catch (IOException e) {
            sink.warn(origin + ": unreadable (" + e.getMessage() + "): skipped");
            return null;
        }
    }

    private static void emit(JsonNode node, String origin, RecordSink sink) {
        OsvRecords.parse(node, origin, sink::warn).ifPresent(a -> sink.advisory(a, origin));
    }

    private static boolean isRecordName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".json") || isYaml(n);
    }

    private static boolean isYaml(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }
}
