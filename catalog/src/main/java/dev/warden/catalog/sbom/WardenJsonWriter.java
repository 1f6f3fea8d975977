package dev.warden.catalog.sbom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.SbomSelection;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * Warden's own JSON: the {@link Sbom} record as it is, with a {@code schema} marker so readers know
 * what they hold. Field names are the record component names (documented in docs/sbom.md).
 */
public final class WardenJsonWriter implements SbomWriter {
    /** Changes when a field changes meaning or disappears; new fields do not change it. */
    public static final String SCHEMA = "warden-sbom/1";

    /** The document as written: {@code schema} first, then the Sbom's fields. */
    record Document(String schema, ImageInfo image, Distro distro, List<Package> packages, List<String> warnings,
                    SbomSelection selection) {}

    @Override
    public void write(Sbom sbom, OutputStream out) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        mapper.writeValue(CloseShieldOutputStream.wrap(out), new Document(SCHEMA, sbom.image(), sbom.distro(), sbom.packages(), sbom.warnings(),
                sbom.selection()));
        out.write('\n');
    }
}
