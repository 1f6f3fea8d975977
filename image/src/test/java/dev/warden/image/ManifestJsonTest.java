package dev.warden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Index, manifest and config documents are read by Jackson's streaming parser into a tree (no data binding set up in a
 * fresh JVM): the tree must be the one data binding's {@code readTree} gives, and bad documents one clear line.
 */
class ManifestJsonTest {
    private static final ObjectMapper REFERENCE = new ObjectMapper();

    @Test
    void theTreeIsTheOneDataBindingReads() throws Exception {
        List<String> documents = List.of(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":1234},"
                        + "\"layers\":[{\"size\":9223372036854775807},{\"size\":-1},{\"size\":123456789012345678901234567890}],"
                        + "\"annotations\":{\"org.opencontainers.image.ref.name\":\"t\u00e9st \\u2713\",\"empty\":\"\"}}",
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"A=1\",\"B=\\\"q\\\"\"],"
                        + "\"ExposedPorts\":{\"80/tcp\":{}},\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":3.0e10}},"
                        + "\"history\":[{\"empty_layer\":true,\"created_by\":null},{\"comment\":1.5}],\"rootfs\":{\"diff_ids\":[]}}",
                "[1, [2, [3, []]], {\"a\": {\"b\": [true, false, null]}}]",
                "{\"dup\": 1, \"dup\": {\"x\": 2}}",
                "  {\"manifests\":[]}  ");
        for (String doc : documents) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            assertThat(ManifestImages.parse(bytes, "t")).as(doc).isEqualTo(REFERENCE.readTree(bytes));
        }
    }

    @Test
    void badDocumentsAreOneClearLine() {
        assertThatThrownBy(() -> ManifestImages.parse("{\"a\": [1, 2".getBytes(StandardCharsets.UTF_8), "img: manifest"))
                .isInstanceOf(WardenException.class).hasMessageStartingWith("img: manifest: invalid JSON (");
        assertThatThrownBy(() -> ManifestImages.parse("\"just a string\"".getBytes(StandardCharsets.UTF_8), "img: config"))
                .isInstanceOf(WardenException.class).hasMessage("img: config: not a JSON document");
        assertThatThrownBy(() -> ManifestImages.parse(new byte[0], "img: index.json"))
                .isInstanceOf(WardenException.class).hasMessage("img: index.json: not a JSON document");
        assertThatThrownBy(() -> ManifestImages.parse("{\"a\": tru}".getBytes(StandardCharsets.UTF_8), "img"))
                .isInstanceOf(WardenException.class).hasMessageStartingWith("img: invalid JSON (");
        // nesting beyond the parser's limit: refused, not a stack overflow
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> ManifestImages.parse(deep.getBytes(StandardCharsets.UTF_8), "img"))
                .isInstanceOf(WardenException.class).hasMessageStartingWith("img: invalid JSON (");
    }
}
