package dev.warden.image;

import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistrySource;
import java.io.IOException;

/**
 * Turns a SOURCE argument into an {@link ImageSource}: {@code oci-dir://PATH[:TAG|@DIGEST]},
 * {@code archive://FILE[:TAG]}, {@code fs://PATH} (also {@code fs:/}), {@code registry://HOST/REPO[:TAG|@DIGEST]}
 * or a bare {@code HOST/REPO:TAG}. ({@code sbom://} is handled by the catalog, which owns SBOM formats.)
 */
public final class ImageSources {
    private ImageSources() {}

    public static ImageSource open(String source, SourceOptions options) throws IOException {
        if (source == null || source.isBlank()) {
            throw new WardenException("empty image source: expected oci-dir://PATH, archive://FILE, fs://PATH, registry://HOST/REPO[:TAG] or HOST/REPO:TAG");
        }
        if (source.startsWith("fs:")) {
            return DirectorySource.open(stripScheme(source, "fs:"), source, options);
        }
        if (source.startsWith("oci-dir:")) {
            return OciLayoutSource.open(stripScheme(source, "oci-dir:"), source, options);
        }
        if (source.startsWith("archive:")) {
            return ArchiveSource.open(stripScheme(source, "archive:"), source, options);
        }
        if (source.startsWith("registry://")) {
            return RegistrySource.open(source.substring("registry://".length()), options);
        }
        if (!source.contains("://") && source.indexOf('/') > 0) {
            return RegistrySource.open(source, options);
        }
        throw new WardenException("unsupported image source '" + source
                + "': expected oci-dir://PATH, archive://FILE, fs://PATH, registry://HOST/REPO[:TAG] or HOST/REPO:TAG");
    }

    /**
     * Splits an OCI layout's "PATH", "PATH:TAG" or "PATH@DIGEST" (PATH may itself hold ':' or '@': the longest
     * existing directory wins) into {path, selector-or-null}; a digest selector keeps its '@'.
     */
    public static String[] splitLayoutSelector(String spec) {
        return OciLayoutSource.splitSelector(spec, java.nio.file.Files::isDirectory);
    }

    /** "fs:///x" and "fs:/x" both mean "/x"; "fs://rel" means the relative path "rel". */
    static String stripScheme(String source, String scheme) {
        String rest = source.substring(scheme.length());
        return rest.startsWith("//") ? rest.substring(2) : rest;
    }
}
