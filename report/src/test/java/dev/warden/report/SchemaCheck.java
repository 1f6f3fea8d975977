package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The schemas reports are checked against: Warden's own scan-result schema (docs/schemas) and the SARIF 2.1.0 schema. */
public final class SchemaCheck {
    private SchemaCheck() {}

    /** docs/schemas/scan-result.schema.json of this checkout: the published schema itself, not a copy. */
    public static Schema scanResult() {
        Path file = repoRoot().resolve("docs/schemas/scan-result.schema.json");
        try (InputStream in = Files.newInputStream(file)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SARIF 2.1.0 JSON schema (draft-04), from src/test/resources/sarif (see the README there). */
    public static Schema sarif() {
        try (InputStream in = SchemaCheck.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            assertThat(in).as("sarif schema resource").isNotNull();
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void assertValid(Schema schema, JsonNode document, String what) {
        assertThat(schema.validate(document)).as(what + " schema errors").isEmpty();
    }

    public static Path repoRoot() {
        String root = System.getProperty("warden.repo.root");
        Path p = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
        assertThat(p.resolve("docs/schemas/scan-result.schema.json")).as("run from the warden checkout").exists();
        return p;
    }
}
