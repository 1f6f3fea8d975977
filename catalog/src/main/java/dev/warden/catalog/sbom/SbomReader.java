package dev.warden.catalog.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Sbom;
import dev.warden.core.SbomSelection;
import dev.warden.core.WardenException;
import dev.warden.image.SourcePaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an SBOM file back into an {@link Sbom}: CycloneDX JSON (1.2-1.6), SPDX JSON (2.2, 2.3) or
 * Warden's own JSON, recognised by content, not by file name. This is the {@code sbom://FILE}
 * source every command accepts. Bad input (too big, not JSON, an unknown format, limits exceeded)
 * is a {@link WardenException} naming the file.
 */
public final class SbomReader {
    private final ObjectMapper mapper;

    public SbomReader() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(SbomLimits.MAX_JSON_DEPTH)
                        .maxStringLength(SbomLimits.MAX_STRING_CHARS)
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Reads an SBOM file ({@code sbom://FILE}, parsed by {@code dev.warden.image.SourceRef}). */
    public Sbom read(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw SourcePaths.wrongKind("sbom://" + name, file, "an SBOM file");
            }
            if (!Files.isRegularFile(file)) {
                throw new WardenException(name + ": no such SBOM file" + (file.isAbsolute() ? ""
                        : " (relative to the working directory " + Path.of("").toAbsolutePath() + ")"));
            }
            long size = Files.size(file);
            if (size > SbomLimits.MAX_FILE_BYTES) {
                throw new WardenException(name + ": SBOM file is " + size + " bytes, more than the limit of "
                        + SbomLimits.MAX_FILE_BYTES);
            }
            try (InputStream in = Files.newInputStream(file)) {
                // read one byte past the limit: the file may have grown since it was measured
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, SbomLimits.MAX_FILE_BYTES + 1));
            }
            if (bytes.length > SbomLimits.MAX_FILE_BYTES) {
                throw new WardenException(name + ": SBOM file is larger than the limit of " + SbomLimits.MAX_FILE_BYTES + " bytes");
            }
        } catch (NoSuchFileException e) {
            throw new WardenException(name + ": no such SBOM file", e);
        } catch (IOException e) {
            throw new WardenException(name + ": cannot read SBOM file: " + e.getMessage(), e);
        }
        return read(bytes, name);
    }

    /** Reads a document already in memory; {@code name} is used in messages. */
    public Sbom read(byte[] bytes, String name) {
        JsonNode root = parse(bytes, name);
        try {
            if ("CycloneDX".equals(CycloneDxReader.text(root, "bomFormat"))) {
                return CycloneDxReader.read(root, name);
            }
            String spdxVersion = CycloneDxReader.text(root, "spdxVersion");
            if (spdxVersion != null) {
                if (spdxVersion.startsWith("SPDX-2.")) {
                    return SpdxReader.read(root, name);
                }
                throw new WardenException(name + ": " + spdxVersion + " is not supported (SPDX 2.2 and 2.3 JSON are)");
            }
            if (WardenJsonWriter.SCHEMA.equals(CycloneDxReader.text(root, "schema"))) {
                return readWardenJson(root, name);
            }
            if (root.has("@context") || root.has("@graph")) {
                throw new WardenException(name + ": SPDX 3 / JSON-LD documents are not supported (SPDX 2.2 and 2.3 JSON are)");
            }
        } catch (WardenException e) {
            throw e;
        } catch (RuntimeException e) {
            // a document whose pieces have the wrong shapes (strings where objects belong...)
            throw new WardenException(name + ": malformed SBOM: " + e.getMessage(), e);
        }
        throw new WardenException(name + ": not a CycloneDX, SPDX 2 or Warden SBOM (no bomFormat, spdxVersion or schema field)");
    }

    private JsonNode parse(byte[] bytes, String name) {
        String start = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.UTF_8).stripLeading();
        if (start.startsWith("<")) {
            throw new WardenException(name + ": XML SBOMs are not supported; use CycloneDX or SPDX JSON");
        }
        if (start.startsWith("SPDXVersion:") || start.startsWith("##")) {
            throw new WardenException(name + ": SPDX tag-value is not supported; use SPDX JSON");
        }
        try {
            JsonNode root = mapper.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new WardenException(name + ": not an SBOM: the document is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new WardenException(name + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new WardenException(name + ": cannot read SBOM: " + e.getMessage(), e);
        }
    }

    private Sbom readWardenJson(JsonNode root, String name) {
        try {
            WardenJsonWriter.Document doc = mapper.treeToValue(root, WardenJsonWriter.Document.class);
            if (doc.packages() != null && doc.packages().size() > SbomLimits.MAX_PACKAGES) {
                throw new WardenException(name + ": more than " + SbomLimits.MAX_PACKAGES + " packages; refusing to read");
            }
            SbomSelection selection = doc.selection() == null ? SbomSelection.ALL : doc.selection();
            if (selection.catalogers().size() + selection.skipDirs().size() + selection.skipFiles().size() > SbomSelection.MAX_ENTRIES) {
                throw new WardenException(name + ": more than " + SbomSelection.MAX_ENTRIES + " selection entries");
            }
            return new Sbom(doc.image(), doc.distro(), nullToEmpty(doc.packages()), nullToEmpty(doc.warnings())).withSelection(selection);
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof WardenException we) {
                throw we;
            }
            throw new WardenException(name + ": malformed Warden SBOM: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static <T> java.util.List<T> nullToEmpty(java.util.List<T> list) {
        return list == null ? java.util.List.of() : list;
    }
}
