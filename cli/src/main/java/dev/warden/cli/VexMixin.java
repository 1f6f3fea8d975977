package dev.warden.cli;

import dev.warden.pipeline.VexInputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --vex FILE|DIR} (repeatable) for every command that judges findings: OpenVEX, CycloneDX VEX and CSAF
 * documents, or directories of them. For an {@code sbom://} source the VEX the SBOM itself carries (CycloneDX
 * analysis) is applied too, before the files given, so the files win ties ({@link VexInputs}).
 */
public final class VexMixin {

    @Option(names = "--vex", paramLabel = "FILE|DIR",
            description = "VEX document (OpenVEX, CycloneDX VEX, CSAF) or directory of them (*.json). Repeatable; "
                    + "later statements win.")
    List<Path> vex = new ArrayList<>();

    private VexInputs inputs;

    /** The documents given, read once on first use. */
    public VexInputs inputs() {
        if (inputs == null) {
            inputs = new VexInputs(vex);
        }
        return inputs;
    }
}
