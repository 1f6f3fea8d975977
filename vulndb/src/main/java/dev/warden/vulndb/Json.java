package dev.warden.vulndb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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
