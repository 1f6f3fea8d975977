package dev.warden.catalog.lang;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.warden.core.PackageProperties;
import dev.warden.core.SafeText;
import dev.warden.core.WardenException;
import org.yaml.snakeyaml.LoaderOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the source-tree catalogers (manifests and lock files) record about a package beyond its identity: how it
 * relates to the project that declares it, and the scope or group that needs it. The file that declares it is the
 * package's location.
 */
public final class Declared {
    private static final TomlMapper TOML = new TomlMapper();
    private static final ObjectMapper YAML = yamlMapper();

    /** A lock file written by a tool uses no aliases; a few allowed, a billion-laughs expansion refused. */
    private static final int MAX_YAML_ALIASES = 50;

    /** A lock file is one document (pnpm 10 writes two: its own tool's lock, then the project's); more is not a lock. */
    private static final int MAX_YAML_DOCUMENTS = 8;

    /** pubspec.lock nests three levels; anything past this is not a lock file. */
    private static final int MAX_YAML_NESTING = 50;

    private Declared() {}

    public static final String DIRECT = "direct";
    public static final String INDIRECT = "indirect";
    public static final String ROOT = "root";

    /** Properties for one declared package; a null relationship or scope is left out, dev only when true. */
    static Map<String, String> of(String relationship, String scope, boolean dev) {
        Map<String, String> props = new LinkedHashMap<>();
        if (relationship != null) {
            props.put(PackageProperties.RELATIONSHIP, relationship);
        }
        if (scope != null && !scope.isBlank()) {
            props.put(PackageProperties.SCOPE, scope);
        }
        if (dev) {
            props.put(PackageProperties.DEV, "true");
        }
        return props;
    }

    /** A lock file or manifest as UTF-8 text, refused past {@link LangLimits#MAX_LOCKFILE_BYTES}. */
    static String text(InputStream content, String path) throws IOException {
        return new String(Bounded.readAll(content, LangLimits.MAX_LOCKFILE_BYTES, path), StandardCharsets.UTF_8);
    }

    /** A TOML lock file or manifest as a tree, refused past {@link LangLimits#MAX_LOCKFILE_BYTES}. */
    static JsonNode toml(InputStream content, String path) throws IOException {
        return TOML.readTree(Bounded.readAll(content, LangLimits.MAX_LOCKFILE_BYTES, path));
    }

    /** A YAML lock file as a tree: aliases refused, nesting and size bounded. */
    static JsonNode yaml(InputStream content, String path) throws IOException {
        List<JsonNode> documents = yamlDocuments(Bounded.readAll(content, LangLimits.MAX_LOCKFILE_BYTES, path), path);
        return documents.isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : documents.getFirst();
    }

    /**
     * Every document of a YAML lock file ({@code ---} separated), at most {@link #MAX_YAML_DOCUMENTS}. An alias
     * ({@code *name}) is refused: Jackson's YAML parser reads one as its anchor's name or as nothing, so the data would
     * change silently, and no tool writes them into a lock file.
     */
    static List<JsonNode> yamlDocuments(byte[] yaml, String path) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (JsonParser parser = new JsonParserDelegate(YAML.createParser(yaml)) {
            @Override
            public JsonToken nextToken() throws IOException {
                JsonToken token = super.nextToken();
                if (delegate instanceof YAMLParser y && y.isCurrentAlias()) {
                    throw new WardenException(path + ": YAML alias '*" + SafeText.quote(y.getText())
                            + "' at line " + y.currentLocation().getLineNr() + " refused: lock files write values out");
                }
                return token;
            }
        }; MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(parser)) {
            while (it.hasNextValue()) {
                if (documents.size() >= MAX_YAML_DOCUMENTS) {
                    throw new WardenException(path + ": more than " + MAX_YAML_DOCUMENTS + " YAML documents, not a lock file");
                }
                documents.add(it.nextValue());
            }
        }
        return documents;
    }

    private static ObjectMapper yamlMapper() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_YAML_ALIASES);
        options.setNestingDepthLimit(MAX_YAML_NESTING);
        options.setCodePointLimit(LangLimits.MAX_LOCKFILE_BYTES);
        return new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
    }

    /** The id {@link LangPackages#create} will give this package, so edges can name packages before they exist. */
    static String id(String foundBy, LangPackages.Coordinates c, String path) {
        return dev.warden.catalog.PackageIds.of(foundBy, LangPackages.purl(c, path), path);
    }
}
