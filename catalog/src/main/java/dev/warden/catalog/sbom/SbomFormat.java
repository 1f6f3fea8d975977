package dev.warden.catalog.sbom;

import dev.warden.core.WardenException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The SBOM formats Warden writes, by the name the CLI accepts. */
public enum SbomFormat {
    CYCLONEDX_JSON("cyclonedx-json"),
    SPDX_JSON("spdx-json"),
    JSON("json"),
    TABLE("table");

    private final String cliName;

    SbomFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static SbomFormat fromCliName(String name) {
        if ("cyclonedx".equalsIgnoreCase(name)) { // Trivy's and Syft's name for CycloneDX JSON
            return CYCLONEDX_JSON;
        }
        for (SbomFormat f : values()) {
            if (f.cliName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new WardenException("unknown SBOM format '" + name + "': expected one of "
                + Arrays.stream(values()).map(SbomFormat::cliName).collect(Collectors.joining(", ")));
    }

    /** A writer for this format; {@code tool} names the producer recorded in the document. */
    public SbomWriter writer(Tool tool) {
        return switch (this) {
            case CYCLONEDX_JSON -> new CycloneDxWriter(tool);
            case SPDX_JSON -> new SpdxWriter(tool);
            case JSON -> new WardenJsonWriter();
            case TABLE -> new TableWriter();
        };
    }

    @Override
    public String toString() {
        return cliName;
    }
}
