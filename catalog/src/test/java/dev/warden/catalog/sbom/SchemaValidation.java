package dev.warden.catalog.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;

/** Checks documents against the official schemas: CycloneDX's (inside cyclonedx-core-java) and SPDX's (inside org.spdx:tools-java). */
final class SchemaValidation {
    private static final Schema SPDX_2_3 = loadSpdxSchema();

    private SchemaValidation() {}

    static void assertValidCycloneDx16(byte[] json) throws IOException {
        List<ParseException> errors = new JsonParser().validate(json, Version.VERSION_16);
        assertThat(errors).as("CycloneDX 1.6 schema errors").isEmpty();
    }

    static void assertValidSpdx23(byte[] json) throws IOException {
        var errors = SPDX_2_3.validate(new ObjectMapper().readTree(json));
        assertThat(errors).as("SPDX 2.3 schema errors").isEmpty();
    }

    private static Schema loadSpdxSchema() {
        try (InputStream in = SchemaValidation.class.getClassLoader().getResourceAsStream("resources/spdx-schema-v2.3.json")) {
            if (in == null) {
                throw new IllegalStateException("resources/spdx-schema-v2.3.json missing from org.spdx:tools-java");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
