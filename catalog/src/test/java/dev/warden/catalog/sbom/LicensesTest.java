package dev.warden.catalog.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LicensesTest {
    /** Every id CycloneDX's schema accepts, read here with a tree (Licenses reads the same file with a stream). */
    private static List<String> schemaIds() throws Exception {
        try (InputStream in = org.cyclonedx.model.License.class.getResourceAsStream("/spdx.schema.json")) {
            JsonNode ids = new ObjectMapper().readTree(in).path("enum");
            List<String> list = new ArrayList<>();
            ids.forEach(id -> list.add(id.asText()));
            return list;
        }
    }

    @Test
    void everyIdOfTheSchemaIsKnownInItsOwnSpellingWhateverTheCase() throws Exception {
        List<String> ids = schemaIds();
        assertThat(ids).hasSizeGreaterThan(700).contains("0BSD", "Apache-2.0", "MIT", "Classpath-exception-2.0");
        for (String id : ids) {
            assertThat(Licenses.spdxId(id)).as(id).contains(id);
            assertThat(Licenses.spdxId(id.toLowerCase(Locale.ROOT))).as(id).contains(id);
            assertThat(Licenses.kind(" " + id.toUpperCase(Locale.ROOT) + " ")).as(id).isEqualTo(Licenses.Kind.SPDX_ID);
        }
    }

    @Test
    void namesThatAreNotIdsStayNames() {
        assertThat(Licenses.spdxId("Apache License, Version 2.0")).isEmpty();
        assertThat(Licenses.spdxId("enum")).isEmpty();
        assertThat(Licenses.spdxId("http://json-schema.org/draft-07/schema#")).isEmpty();
        assertThat(Licenses.kind("GPL-2.0-only WITH Classpath-exception-2.0")).isEqualTo(Licenses.Kind.EXPRESSION);
        assertThat(Licenses.canonicalExpression("mit or apache-2.0")).contains("MIT OR Apache-2.0");
        assertThat(Licenses.kind("MIT-like")).isEqualTo(Licenses.Kind.NAME);
    }
}
