package dev.warden.match.vex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import dev.warden.core.vex.VexStatement;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads VEX statements from files and directories: OpenVEX (v0.2.0, v0.0.x), CycloneDX (standalone VEX or an
 * SBOM with analysis) and CSAF 2.0, told apart by their content. A directory contributes its {@code *.json}
 * files (not sub-directories, not symbolic links), in name order. Statements keep the order of the inputs, which
 * breaks ties between statements with the same timestamp (the later one wins).
 */
public final class VexDocuments {
    private VexDocuments() {}

    /** Statements and the problems that did not stop loading (unresolvable products...). */
    public record Loaded(List<VexStatement> statements, List<String> warnings) {
        public Loaded {
            statements = List.copyOf(statements);
            warnings = List.copyOf(warnings);
        }
    }

    /** The statements of every file and directory given. */
    public static List<VexStatement> load(List<Path> inputs) {
        return read(inputs).statements();
    }

    public static Loaded read(List<Path> inputs) {
        List<VexStatement> statements = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Path input : inputs) {
            for (Path file : files(input)) {
                List<VexStatement> read = parse(VexJson.readFile(file), file.toString(), warnings::add);
                if (statements.size() + read.size() > VexLimits.MAX_STATEMENTS) {
                    throw new WardenException("VEX " + file + ": more than " + VexLimits.MAX_STATEMENTS
                            + " statements in all the VEX documents given");
                }
                statements.addAll(read);
            }
        }
        return new Loaded(statements, warnings);
    }

    /** The statements of one document; {@code name} identifies it in statements and error messages. */
    public static List<VexStatement> parse(byte[] json, String name, java.util.function.Consumer<String> warnings) {
        JsonNode root = VexJson.parse(json, name);
        List<VexStatement> statements;
        if (OpenVexReader.accepts(root)) {
            statements = new OpenVexReader().read(root, name, warnings);
        } else if (CycloneDxVexReader.accepts(root)) {
            statements = new CycloneDxVexReader().read(root, name, warnings);
        } else if (CsafVexReader.accepts(root)) {
            statements = new CsafVexReader().read(root, name, warnings);
        } else {
            throw new WardenException("VEX " + name + ": not an OpenVEX, CycloneDX or CSAF document");
        }
        if (statements.size() > VexLimits.MAX_STATEMENTS) {
            throw new WardenException("VEX " + name + ": more than " + VexLimits.MAX_STATEMENTS + " statements");
        }
        return statements;
    }

    /**
     * The VEX an SBOM carries in itself (CycloneDX {@code vulnerabilities[].analysis}); empty for SBOMs of other
     * formats and CycloneDX SBOMs without analysis.
     */
    public static Loaded fromSbom(Path sbomFile) {
        if (!Files.isRegularFile(sbomFile)) {
            return new Loaded(List.of(), List.of()); // the SBOM reader reports a missing file in its own words
        }
        byte[] bytes;
        try {
            bytes = VexJson.readFile(sbomFile);
        } catch (WardenException tooLarge) {
            return new Loaded(List.of(), List.of(tooLarge.getMessage() + "; the VEX inside this SBOM is not applied"));
        }
        JsonNode root;
        try {
            root = VexJson.parse(bytes, sbomFile.toString());
        } catch (WardenException notJson) {
            return new Loaded(List.of(), List.of()); // SPDX tag-value or XML: not ours to judge, the SBOM reader does
        }
        if (!CycloneDxVexReader.accepts(root)) {
            return new Loaded(List.of(), List.of());
        }
        List<String> warnings = new ArrayList<>();
        return new Loaded(new CycloneDxVexReader().read(root, sbomFile.toString(), warnings::add), warnings);
    }

    private static List<Path> files(Path input) {
        if (Files.isDirectory(input)) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(input)) {
                for (Path p : dir) {
                    if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(p);
                        if (files.size() > VexLimits.MAX_FILES_PER_DIRECTORY) {
                            throw new WardenException("VEX " + input + ": more than " + VexLimits.MAX_FILES_PER_DIRECTORY
                                    + " JSON files");
                        }
                    }
                }
            } catch (IOException e) {
                throw new WardenException("VEX " + input + ": cannot list directory: " + e.getMessage(), e);
            }
            files.sort(null);
            return files;
        }
        if (!Files.exists(input)) {
            throw new WardenException("VEX " + input + ": no such file or directory");
        }
        return List.of(input);
    }
}
