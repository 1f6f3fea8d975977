package dev.warden.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.ImageInfo.LayerInfo;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code archive://FILE[:TAG]}: a docker-save tarball (manifest.json) or an OCI archive (an OCI
 * layout in a tar). The tar is read in place, member by member; nothing is extracted.
 */
final class ArchiveSource {
    /** Member names that carry the content digest: "blobs/sha256/HEX" (OCI, Docker 25+) or "HEX.tar"/"HEX.json" (skopeo). */
    private static final Pattern DIGEST_NAME = Pattern.compile("(?:.*/)?(?:blobs/sha256/([0-9a-f]{64})|([0-9a-f]{64})\\.(?:tar|json))");

    private ArchiveSource() {}

    static ImageSource open(String spec, String reference, SourceOptions options) throws IOException {
        String[] fileAndSelector = OciLayoutSource.splitSelector(spec, Files::isRegularFile);
        Path file = Path.of(fileAndSelector[0]);
        if (!Files.isRegularFile(file)) {
            throw SourcePaths.wrongKind(reference, file, "an image archive file");
        }
        GunzippedArchive gunzipped = GunzippedArchive.isGzip(file)
                ? GunzippedArchive.expand(file, options.cacheDir(), options.limits(), reference) : null;
        LayoutStorage.Tar tar;
        try {
            tar = new LayoutStorage.Tar(gunzipped != null ? gunzipped.tar() : file, reference, gunzipped);
        } catch (IOException | RuntimeException e) {
            if (gunzipped != null) {
                gunzipped.close();
            }
            throw e;
        }
        return open(tar, fileAndSelector[1], reference, options);
    }

    /**
     * The image in an archive's members, however they are stored (a tar file read in place, an engine's stream):
     * an OCI layout ({@code index.json}) or a docker save ({@code manifest.json}). {@code storage} is closed with the
     * image, or here when it cannot be opened.
     */
    static ImageSource open(LayoutStorage storage, String selector, String reference, SourceOptions options) throws IOException {
        try {
            if (storage.size("index.json") >= 0) {
                return OciLayouts.open(storage, selector, reference, options, storage);
            }
            if (storage.size("manifest.json") >= 0) {
                return dockerSave(storage, selector, reference, options);
            }
            throw new WardenException(reference + ": neither a docker-save archive (manifest.json) nor an OCI archive (index.json)");
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    private static ImageSource dockerSave(LayoutStorage tar, String selector, String reference, SourceOptions options)
            throws IOException {
        String where = reference + ": manifest.json";
        JsonNode manifest;
        try (InputStream in = tar.open("manifest.json")) {
            manifest = ManifestImages.parse(Streams.readLimited(in, options.limits().maxManifestBytes(), where), where);
        }
        if (!manifest.isArray() || manifest.isEmpty()) {
            throw new WardenException(where + ": lists no images");
        }
        JsonNode image = choose(manifest, selector, where);
        String configName = LayoutStorage.checkName(image.path("Config").asText(null), where);
        long configSize = tar.size(configName);
        if (configSize < 0) {
            throw new WardenException(where + ": config " + configName + " is missing");
        }
        // The config digest is computed, and checked against the digest its name carries, if any.
        String configDigest;
        byte[] config;
        String namedConfigDigest = digestInName(configName);
        String configWhat = reference + ": config " + configName;
        try (InputStream in = namedConfigDigest == null ? tar.open(configName)
                : new VerifyingInputStream(tar.open(configName), namedConfigDigest, configSize, configWhat)) {
            config = Streams.readLimited(in, options.limits().maxConfigBytes(), configWhat);
        }
        configDigest = Digests.sha256(config);
        List<String> diffIds = new ArrayList<>();
        ManifestImages.parse(config, configWhat).path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText("")));

        List<LayerInfo> layers = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        JsonNode layerNames = image.path("Layers");
        if (layerNames.size() > options.limits().maxLayers()) {
            throw new WardenException(reference + ": " + layerNames.size() + " layers, more than the limit of "
                    + options.limits().maxLayers());
        }
        for (JsonNode layerName : layerNames) {
            String name = LayoutStorage.checkName(layerName.asText(null), where);
            long size = tar.size(name);
            if (size < 0) {
                throw new WardenException(where + ": layer " + name + " is missing");
            }
            String mediaType;
            try (InputStream in = tar.open(name)) {
                mediaType = LayerMediaTypes.sniff(in.readNBytes(4));
            }
            String digest = digestInName(name);
            if (digest == null) {
                int i = layers.size();
                digest = mediaType.equals(LayerMediaTypes.DOCKER_TAR) && i < diffIds.size() && Digests.isValid(diffIds.get(i))
                        ? diffIds.get(i) : hash(tar, name);
            }
            names.put(digest, name);
            layers.add(new LayerInfo(digest, null, mediaType, size, -1));
        }
        String tag = repoTag(image, selector);
        return ManifestImages.fromParts(reference, null, configDigest, config, layers,
                tag == null ? Map.of() : Map.of(OciLayouts.REF_NAME, tag),
                new LayoutStorage.Blobs(tar, names), options, tar);
    }

    private static JsonNode choose(JsonNode manifest, String selector, String where) {
        List<String> tags = new ArrayList<>();
        for (JsonNode image : manifest) {
            for (JsonNode tag : image.path("RepoTags")) {
                String t = tag.asText("");
                tags.add(t);
                if (selects(selector, t)) {
                    return image;
                }
            }
        }
        if (selector != null) {
            throw new WardenException(where + ": no image tagged '" + Digests.abbreviate(selector) + "' (has: "
                    + String.join(", ", tags) + ")");
        }
        if (manifest.size() > 1) {
            throw new WardenException(where + ": holds " + manifest.size() + " images; pick one with :TAG (has: "
                    + String.join(", ", tags) + ")");
        }
        return manifest.get(0);
    }

    /** The RepoTags entry that names the chosen image: the one the selector picked, else the first; null when untagged. */
    private static String repoTag(JsonNode image, String selector) {
        String first = null;
        for (JsonNode tag : image.path("RepoTags")) {
            String t = tag.asText("");
            if (t.isBlank()) {
                continue;
            }
            if (selects(selector, t)) {
                return t;
            }
            first = first == null ? t : first;
        }
        return first;
    }

    /** Whether {@code :TAG} after the archive's name picks the image tagged {@code tag}: its full name or its tag alone. */
    private static boolean selects(String selector, String tag) {
        return selector != null && (familiar(tag).equals(familiar(selector)) || tag.endsWith(":" + selector) && !selector.contains(":"));
    }

    /** "docker.io/library/x:1" and "x:1" name the same image, as in docker's own short names. */
    private static String familiar(String name) {
        String n = name.startsWith("docker.io/") ? name.substring("docker.io/".length()) : name;
        return n.startsWith("library/") ? n.substring("library/".length()) : n;
    }

    private static String digestInName(String name) {
        Matcher m = DIGEST_NAME.matcher(name);
        if (!m.matches()) {
            return null;
        }
        return "sha256:" + (m.group(1) != null ? m.group(1) : m.group(2));
    }

    /** Old docker-save layouts name compressed layers by layer id, not digest: the digest must be computed. */
    private static String hash(LayoutStorage tar, String name) throws IOException {
        MessageDigest sha = Digests.newDigest("sha256:");
        byte[] buffer = new byte[Streams.BUFFER_BYTES];
        try (InputStream in = tar.open(name)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return Digests.format("sha256", sha.digest());
    }
}
