package dev.warden.catalog.lang;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the source-tree catalogers (manifests and lock files) record about a package beyond its identity: how it
 * relates to the project that declares it, and the scope or group that needs it. The file that declares it is the
 * package's location.
 */
public final class Declared {
    private Declared() {}

    /** {@code direct} (the project names it), {@code indirect} (pulled in by another), {@code root} (the project itself). */
    public static final String RELATIONSHIP = "warden:relationship";

    /** The build scope or configurations that need it, as the file names them (Maven scope, Gradle configurations, Conan's build). */
    public static final String SCOPE = "warden:scope";

    /** {@code true} when only development or test needs it, as the file says (dev groups, develop sections, test scope). */
    public static final String DEV = "warden:dev";

    public static final String DIRECT = "direct";
    public static final String INDIRECT = "indirect";
    public static final String ROOT = "root";

    /** Properties for one declared package; a null relationship or scope is left out, dev only when true. */
    static Map<String, String> of(String relationship, String scope, boolean dev) {
        Map<String, String> props = new LinkedHashMap<>();
        if (relationship != null) {
            props.put(RELATIONSHIP, relationship);
        }
        if (scope != null && !scope.isBlank()) {
            props.put(SCOPE, scope);
        }
        if (dev) {
            props.put(DEV, "true");
        }
        return props;
    }

    /** A lock file or manifest as UTF-8 text, refused past {@link LangLimits#MAX_LOCKFILE_BYTES}. */
    static String text(InputStream content, String path) throws IOException {
        return new String(Bounded.readAll(content, LangLimits.MAX_LOCKFILE_BYTES, path), StandardCharsets.UTF_8);
    }
}
