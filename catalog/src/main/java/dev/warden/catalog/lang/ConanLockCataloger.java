package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.PackageProperties;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Conan's {@code conan.lock}: Conan 2's {@code requires}, {@code build_requires} and {@code python_requires} lists of
 * references ({@code zlib/1.2.13#revision%timestamp}) and Conan 1's {@code graph_lock.nodes} (each node's
 * {@code ref}; node 0 is the consumer). {@code build_requires} are tools of the build, scoped {@code build}; a
 * reference's {@code @user/channel} is kept as a property. The purl is {@code pkg:conan/NAME@VERSION}.
 */
public final class ConanLockCataloger extends FileParsingCataloger {
    @Override
    public String name() {
        return "cpp-conan-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("conan.lock");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        JsonNode lock = Json.read(content, LangLimits.MAX_LOCKFILE_BYTES, entry.path());
        JsonNode nodes = lock.path("graph_lock").path("nodes");
        if (nodes.isObject()) {
            for (Map.Entry<String, JsonNode> node : nodes.properties()) {
                String ref = Json.text(node.getValue(), "ref");
                if (ref != null && !node.getKey().equals("0")) {
                    add(ref, null, found);
                }
            }
            return;
        }
        if (!lock.has("requires") && !lock.has("build_requires")) {
            throw new WardenException(entry.path() + ": neither requires nor graph_lock nodes, not a conan.lock, skipped");
        }
        for (String list : List.of("requires", "build_requires", "python_requires")) {
            for (JsonNode ref : lock.path(list)) {
                if (ref.isTextual()) {
                    add(ref.asText(), list.equals("build_requires") ? "build" : null, found);
                }
            }
        }
    }

    /** "name/version[@user/channel][#revision[%timestamp]]". */
    private static void add(String reference, String scope, Found found) {
        String ref = reference.strip();
        int hash = ref.indexOf('#');
        String revision = hash < 0 ? null : ref.substring(hash + 1).replaceFirst("%.*", "");
        ref = hash < 0 ? ref : ref.substring(0, hash);
        int at = ref.indexOf('@');
        String userChannel = at < 0 ? null : ref.substring(at + 1);
        ref = at < 0 ? ref : ref.substring(0, at);
        int slash = ref.indexOf('/');
        if (slash <= 0 || slash == ref.length() - 1) {
            return;
        }
        Map<String, String> props = Declared.of(null, scope, false);
        if (userChannel != null && !userChannel.isBlank() && !userChannel.equals("_/_")) {
            props.put(PackageProperties.CONAN_USER_CHANNEL, userChannel);
        }
        if (revision != null && !revision.isBlank()) {
            props.put(PackageProperties.CONAN_REVISION, revision);
        }
        found.add(new LangPackages.Coordinates("conan", null, ref.substring(0, slash), ref.substring(slash + 1)), List.of(), props);
    }
}
