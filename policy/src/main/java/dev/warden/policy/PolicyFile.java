package dev.warden.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.warden.core.SafeText;
import dev.warden.core.WardenException;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a policy file (YAML, docs/schemas/policy.schema.json): {@code version: 1} and the list of enabled
 * policies with their parameters. Strict: unknown keys, wrong types, explicit nulls, duplicate keys and unknown
 * policy types are errors, reported as one line naming the file, the line and the problem. Custom rules are
 * compiled when the {@link PolicyEngine} is built from the set, so a bad rule also fails before any scan.
 */
public final class PolicyFile {

    /** The only version so far; a later format gets a new number so old Wardens refuse it instead of misreading it. */
    public static final int VERSION = 1;

    /** The file's top level. */
    record Document(Integer version, List<String> baseImages, List<PolicySpec> policies) {
        Document {
            baseImages = baseImages == null ? List.of() : List.copyOf(baseImages);
            if (baseImages.size() > PolicyLimits.MAX_BASE_IMAGES) throw new IllegalArgumentException("more than " + PolicyLimits.MAX_BASE_IMAGES + " base_images");
            if (baseImages.stream().anyMatch(String::isBlank)) throw new IllegalArgumentException("base_images: an entry is empty");
            if (version == null) throw new IllegalArgumentException("missing 'version: " + VERSION + "'");
            if (version != VERSION) throw new IllegalArgumentException("version " + version + " is not supported (only " + VERSION + ")");
            if (policies == null || policies.isEmpty()) throw new IllegalArgumentException("'policies' must list at least one policy");
            if (policies.size() > PolicyLimits.MAX_POLICIES) throw new IllegalArgumentException("more than " + PolicyLimits.MAX_POLICIES + " policies");
            policies = List.copyOf(policies);
        }
    }

    private PolicyFile() {}

    /** @throws WardenException (exit 2) with one line naming {@code file} and what is wrong */
    public static PolicySet load(Path file) {
        String where = "policy file " + file;
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) throw new WardenException(where + ": not found (or not a file)");
            if (Files.size(file) > PolicyLimits.MAX_FILE_BYTES) throw new WardenException(where + ": larger than " + PolicyLimits.MAX_FILE_BYTES + " bytes");
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new WardenException(where + ": cannot read: " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    /** {@code source} names the text in messages (a path). */
    public static PolicySet parse(byte[] yaml, String source) {
        String where = "policy file " + source;
        Document document;
        try {
            ObjectMapper mapper = mapper();
            refuseAliases(mapper, yaml, where);
            JsonNode tree = mapper.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) throw new WardenException(where + ": the file is empty");
            String empty = emptyValue(tree, "");
            if (empty != null) throw new WardenException(where + ": " + empty + " has no value");
            document = mapper.readValue(yaml, Document.class);
        } catch (JsonProcessingException e) {
            throw new WardenException(where + ": " + describe(e), e);
        } catch (IOException e) {
            throw new WardenException(where + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return new PolicySet(source, document.policies(), document.baseImages());
        } catch (IllegalArgumentException e) {
            throw new WardenException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Jackson's YAML parser reads an alias ({@code *name}) as its anchor's name or as nothing, so a policy would
     * silently mean something else than its author wrote; a policy file is short enough to write each value out.
     */
    private static void refuseAliases(ObjectMapper mapper, byte[] yaml, String where) throws IOException {
        try (JsonParser p = mapper.createParser(yaml)) {
            while (p.nextToken() != null) {
                if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                    throw new WardenException(where + ": line " + p.currentLocation().getLineNr() + ": YAML alias '*"
                            + SafeText.quote(p.getText()) + "' is not supported in a policy file: write the value out");
                }
            }
        }
    }

    private static ObjectMapper mapper() {
        var options = new LoaderOptions();
        options.setMaxAliasesForCollections(PolicyLimits.MAX_ALIASES);
        options.setNestingDepthLimit(PolicyLimits.MAX_NESTING);
        options.setCodePointLimit(PolicyLimits.MAX_FILE_BYTES);
        options.setAllowDuplicateKeys(false);
        var yaml = YAMLFactory.builder().loaderOptions(options).build();
        var mapper = JsonMapper.builder(yaml)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        return mapper;
    }

    /**
     * The path of the first explicit null ({@code deny:} with nothing after it), or null. A null must not silently
     * mean "the default": the author meant something. (Jackson's null-fail setting also fires on absent record
     * components, which must take their defaults, hence this walk.)
     */
    private static String emptyValue(JsonNode node, String path) {
        if (node == null || node.isMissingNode()) return null;
        if (node.isNull() || (node.isTextual() && node.asText().isBlank())) return path.isEmpty() ? null : path;
        if (node.isObject()) {
            for (var field : node.properties()) {
                String found = emptyValue(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (found != null) return found;
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = emptyValue(node.get(i), path + "[" + i + "]");
                if (found != null) return found;
            }
        }
        return null;
    }

    /**
     * One line: where and what, without Jackson's class names. A syntax error gives the line; a mapping error
     * gives the path in the document ({@code policies[2].severities[0]}), which is exact where the YAML parser's
     * line (read ahead) is not.
     */
    static String describe(JsonProcessingException e) {
        String at;
        if (e instanceof JsonMappingException m) {
            var references = m.getPath();
            // an unknown key is named in the message; the path stops at the policy that holds it
            if (e instanceof UnrecognizedPropertyException && !references.isEmpty()) {
                references = references.subList(0, references.size() - 1);
            }
            String path = path(references);
            at = path.isEmpty() ? "" : path + ": ";
        } else {
            at = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : "line " + e.getLocation().getLineNr() + ": ";
        }
        String what = switch (e) {
            case UnrecognizedPropertyException u -> "unknown key '" + u.getPropertyName() + "'"
                    + (u.getKnownPropertyIds() == null ? "" : " (known: " + u.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().collect(Collectors.joining(", ")) + ")");
            case InvalidTypeIdException t -> t.getTypeId() == null
                    ? "a policy needs 'type:' (" + TYPES + ")"
                    : "unknown policy type '" + t.getTypeId() + "' (" + TYPES + ")";
            case ValueInstantiationException v -> v.getCause() instanceof IllegalArgumentException i ? i.getMessage() : firstLine(v);
            case MismatchedInputException m when m.getTargetType() != null && !(m instanceof InvalidTypeIdException) ->
                    "expected " + expected(m.getTargetType());
            case JsonMappingException m -> firstLine(m);
            // a YAML syntax error: snakeyaml's message spans lines (context, position, problem)
            default -> String.join("; ", (e.getOriginalMessage() == null ? "unreadable YAML" : e.getOriginalMessage()).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("in 'reader'") && !l.startsWith("^")).toList());
        };
        return at + what;
    }

    /** What a YAML author should have written, in YAML's words rather than Java's. */
    private static String expected(Class<?> type) {
        if (java.util.Collection.class.isAssignableFrom(type)) return "a list, e.g. [a, b]";
        if (type == Integer.class || type == int.class || type == Long.class) return "a whole number";
        if (type == Double.class || type == double.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (type == Document.class || PolicySpec.class.isAssignableFrom(type)) return "a mapping of keys to values";
        return "a " + type.getSimpleName();
    }

    private static final String TYPES = "one of vulnerabilities, high_profile, attestations, approved_base, up_to_date_base, "
            + "non_root, licenses, epss, secrets, remote_code, healthcheck, setuid_files, world_writable, privileged_ports, "
            + "config_secrets, package_caches, custom";

    private static String path(List<JsonMappingException.Reference> references) {
        var path = new StringBuilder();
        for (var r : references) {
            if (r.getIndex() >= 0) path.append('[').append(r.getIndex()).append(']');
            else if (r.getFieldName() != null) path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
        }
        return path.toString();
    }

    private static String firstLine(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        // Jackson names Java types ("java.lang.Double"); the file's author thinks in YAML values
        message = message.replaceAll("`(?:java\\.(?:lang|util)\\.)?([\\w.$]+)`", "$1");
        return message.lines().findFirst().orElse(message).strip();
    }
}
