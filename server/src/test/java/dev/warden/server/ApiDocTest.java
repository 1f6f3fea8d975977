package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/api.md is what ApiMarkdown writes from the OpenAPI document a running server serves. */
class ApiDocTest {
    @TempDir
    Path home;

    @Test
    void apiDocIsGeneratedFromTheServedOpenApiDocument() throws Exception {
        Path doc = Path.of(System.getProperty("warden.repo.root", "..")).resolve("docs/api.md");
        try (ServerFixture f = new ServerFixture(home, null)) {
            String expected = ApiMarkdown.render(f.json(f.get("/api/v1/openapi.json", null)));
            if (Boolean.getBoolean("warden.updateDocs")) {
                Files.writeString(doc, expected, StandardCharsets.UTF_8);
            }
            assertThat(Files.readString(doc)).as("docs/api.md is out of date: run ApiDocTest with -Dwarden.updateDocs=true").isEqualTo(expected);
        }
    }
}
