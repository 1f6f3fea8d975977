package dev.warden.vulndb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.yaml.snakeyaml.LoaderOptions;

/** The Jackson mappers of this module, built with {@link Limits} so hostile feeds cannot exhaust memory or stack. */
public final class Json {

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(Limits.MAX_NESTING_DEPTH)
            .maxStringLength(Limits.MAX_STRING_CHARS)
            .maxDocumentLength(Limits.MAX_FEED_FILE_BYTES)
            .build();

    private Json() {}

    /** For reading feeds. */
    public static ObjectMapper json() {
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();
        return JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** For reading OSV YAML (PyPA) and Alpine secdb YAML. */
    public static ObjectMapper yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(Limits.MAX_YAML_ALIASES);
        options.setNestingDepthLimit(Limits.MAX_NESTING_DEPTH);
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, Limits.MAX_RECORD_BYTES));
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options).streamReadConstraints(CONSTRAINTS).build();
        return YAMLMapper.builder(factory).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /**
     * A YAML document as a tree, refusing aliases ({@code *name}): Jackson's YAML parser reads an alias as its
     * anchor's name (a scalar) or as nothing (a collection), so the data would change silently. No feed Warden reads
     * uses them (PyPA, Alpine secdb); expanding them would bring back "billion laughs".
     */
    public static JsonNode readYaml(byte[] bytes) throws IOException {
        ObjectMapper mapper = yaml();
        try (JsonParser parser = mapper.createParser(bytes)) {
            return mapper.readTree(new JsonParserDelegate(parser) {
                @Override
                public JsonToken nextToken() throws IOException {
                    JsonToken token = super.nextToken();
                    if (delegate instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                        throw new JsonParseException(this, "YAML alias '*" + yaml.getText() + "' refused: write the value out");
                    }
                    return token;
                }
            });
        }
    }

    /**
     * For the bundle manifest (feed states, with instants as ISO-8601 text); also the format in which data binding
     * wrote the store's advisory documents before AdvisoryDocuments streamed them (its tests' reference). Only record
     * components are properties: helper methods like {@code isWithdrawn()} must not become fields.
     */
    public static ObjectMapper store() {
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
    }
}
