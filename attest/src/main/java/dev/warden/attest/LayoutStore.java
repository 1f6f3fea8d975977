package dev.warden.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image in an OCI image layout directory. Signatures go where OCI tools look for them there: blobs under
 * {@code blobs/sha256/}, and index.json entries (cosign's {@code sha256-HEX.sig} tag as a ref.name annotation; bundle
 * manifests with their {@code artifactType}), so the layout's referrers are the manifests in index.json whose
 * subject is the image. Nothing is read through a symbolic link.
 */
final class LayoutStore implements ArtifactStore {
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    private final Path dir;
    private final String selector;
    private final String name;

    /** {@code selector}: a tag, "@DIGEST", or null for the layout's only image. */
    LayoutStore(Path dir, String selector, String name) {
        this.dir = dir;
        this.selector = selector;
        this.name = name;
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(dir.resolve("oci-layout"), LinkOption.NOFOLLOW_LINKS)) {
            throw new WardenException(name + ": not an OCI image layout (no oci-layout file)");
        }
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public String dockerReference() {
        // A layout has no repository name; the tag (or the directory's name) is what a user calls it.
        String tag = selector != null && !selector.startsWith("@") ? selector : null;
        return tag != null ? tag : dir.toAbsolutePath().normalize().getFileName().toString();
    }

    @Override
    public Manifest subject() throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode m : index().path("manifests")) {
            if (!isSignatureEntry(m)) {
                entries.add(m);
            }
        }
        JsonNode chosen;
        if (selector != null && selector.startsWith("@")) {
            chosen = entries.stream().filter(m -> m.path("digest").asText("").equals(selector.substring(1))).findFirst()
                    .orElseThrow(() -> new WardenException(name + ": no image " + selector.substring(1) + " in index.json"));
        } else if (selector != null) {
            chosen = entries.stream().filter(m -> selector.equals(m.path("annotations").path(REF_NAME).asText(null))).findFirst()
                    .orElseThrow(() -> new WardenException(name + ": no image tagged '" + selector + "' in index.json"));
        } else if (entries.size() == 1) {
            chosen = entries.getFirst();
        } else {
            throw new WardenException(name + ": index.json holds " + entries.size() + " images; pick one with :TAG or @DIGEST");
        }
        OciDocuments.Descriptor d = OciDocuments.descriptorOf(chosen, name + ": index.json");
        return manifest(d.digest());
    }

    /** Entries Warden or cosign added beside the images: signature tags and artifacts that name a subject. */
    static boolean isSignatureEntry(JsonNode entry) {
        String ref = entry.path("annotations").path(REF_NAME).asText("");
        return ref.matches("sha256-[0-9a-f]{64}(\\.sig|\\.att)?") || !entry.path("artifactType").asText("").isEmpty();
    }

    @Override
    public Manifest manifest(String digest) throws IOException {
        byte[] content = read(digest, AttestLimits.MAX_MANIFEST_BYTES);
        JsonNode doc = OciDocuments.parse(content, name + "@" + digest);
        String mediaType = doc.path("mediaType").asText(doc.has("manifests") ? OciDocuments.OCI_INDEX : OciDocuments.OCI_MANIFEST);
        return new Manifest(content, mediaType, digest);
    }

    @Override
    public Optional<Manifest> tagged(String tag) throws IOException {
        for (JsonNode m : index().path("manifests")) {
            if (tag.equals(m.path("annotations").path(REF_NAME).asText(null))) {
                return Optional.of(manifest(OciDocuments.descriptorOf(m, name + ": index.json").digest()));
            }
        }
        return Optional.empty();
    }

    @Override
    public byte[] blob(String digest) throws IOException {
        return read(digest, AttestLimits.MAX_BLOB_BYTES);
    }

    @Override
    public byte[] referrers(String digest) throws IOException {
        List<JsonNode> untagged = new ArrayList<>();
        for (JsonNode m : index().path("manifests")) {
            if (!m.path("artifactType").asText("").isEmpty() || m.path("annotations").path(REF_NAME).asText("").isEmpty()) {
                untagged.add(m); // tagged images and cosign's tags are not referrers
            }
        }
        // counted before any is read: each costs a manifest read
        if (untagged.size() > AttestLimits.MAX_REFERRERS) {
            throw new WardenException(name + ": index.json lists more than " + AttestLimits.MAX_REFERRERS + " untagged manifests");
        }
        byte[] result = OciDocuments.emptyIndex();
        for (JsonNode m : untagged) {
            OciDocuments.Descriptor d = OciDocuments.descriptorOf(m, name + ": index.json");
            JsonNode manifest = OciDocuments.parse(read(d.digest(), AttestLimits.MAX_MANIFEST_BYTES), name + "@" + d.digest());
            if (manifest.path("subject").path("digest").asText("").equals(digest)) {
                ObjectNode entry = ((ObjectNode) m).deepCopy();
                if (!manifest.path("artifactType").asText("").isEmpty()) {
                    entry.put("artifactType", manifest.path("artifactType").asText());
                }
                result = OciDocuments.withEntry(result, entry, AttestLimits.MAX_REFERRERS, name + ": referrers");
            }
        }
        return result;
    }

    @Override
    public boolean indexesReferrers(String digest) {
        return true;
    }

    @Override
    public String putBlob(byte[] content) throws IOException {
        String digest = OciDocuments.sha256(content);
        Path target = blobPath(digest);
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            return digest;
        }
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".warden-", ".tmp");
        try {
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return digest;
    }

    @Override
    public String putManifest(byte[] content, String mediaType, String tag) throws IOException {
        String digest = putBlob(content);
        JsonNode manifest = OciDocuments.parse(content, name + ": new manifest");
        ObjectNode entry = OciDocuments.descriptor(mediaType, content);
        if (!manifest.path("artifactType").asText("").isEmpty()) {
            entry.put("artifactType", manifest.path("artifactType").asText());
        }
        ObjectNode index = (ObjectNode) index();
        ArrayNode manifests = index.withArray("manifests");
        for (int i = manifests.size() - 1; i >= 0; i--) {
            JsonNode m = manifests.get(i);
            boolean sameTag = tag != null && tag.equals(m.path("annotations").path(REF_NAME).asText(null));
            boolean sameUntagged = tag == null && m.path("digest").asText("").equals(digest) && !m.path("annotations").has(REF_NAME);
            if (sameTag || sameUntagged) {
                manifests.remove(i);
            }
        }
        if (tag != null) {
            entry.putObject("annotations").put(REF_NAME, tag);
        }
        manifests.add(entry);
        Path temp = Files.createTempFile(dir, ".index-", ".tmp");
        try {
            Files.write(temp, OciDocuments.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
            Files.move(temp, dir.resolve("index.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return digest;
    }

    private JsonNode index() throws IOException {
        Path file = dir.resolve("index.json");
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new WardenException(name + ": not an OCI image layout (no index.json, or it is a link)");
        }
        if (Files.size(file) > AttestLimits.MAX_MANIFEST_BYTES) {
            throw new WardenException(name + ": index.json is larger than " + AttestLimits.MAX_MANIFEST_BYTES + " bytes");
        }
        return OciDocuments.parse(Files.readAllBytes(file), name + ": index.json");
    }

    private Path blobPath(String digest) {
        if (!OciDocuments.DIGEST.matcher(digest).matches()) {
            throw new WardenException(name + ": invalid or unsupported digest '" + OciDocuments.clip(digest) + "'");
        }
        return dir.resolve("blobs").resolve("sha256").resolve(OciDocuments.hex(digest));
    }

    private byte[] read(String digest, long max) throws IOException {
        Path file = blobPath(digest);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new WardenException(name + ": blob " + digest + " is missing (or is a link)");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (NoSuchFileException e) {
            throw new WardenException(name + ": blob " + digest + " is missing");
        }
        if (content.length > max) {
            throw new WardenException(name + ": blob " + digest + " is larger than the limit of " + max + " bytes");
        }
        if (!OciDocuments.sha256(content).equals(digest)) {
            throw new WardenException(name + ": blob " + digest + " does not match its digest");
        }
        return content;
    }

    @Override
    public void close() {}
}
