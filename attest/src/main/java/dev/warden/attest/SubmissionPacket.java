package dev.warden.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The submission packet: the files a repository's review needs, and {@code packet.sigstore.json}, a Sigstore bundle
 * whose signed in-toto statement names the image's digest as its subject and lists every file with its sha256, so
 * one signature covers all of them and any Sigstore client can check it.
 */
public final class SubmissionPacket {
    public static final String PREDICATE = "https://warden.dev/attestation/packet/v1";
    public static final String BUNDLE = "packet.sigstore.json";
    /** What every packet holds; a packet without one of these is incomplete whatever its statement lists. */
    public static final List<String> REQUIRED = List.of("sbom.cdx.json", "sbom.spdx.json", "scan.json", "scan.sarif",
            "scan.html", "vex.openvex.json", "policy.json", "image.md");
    /** Plain file names only: a packet never names a path outside its folder. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** More files than this is not a packet Warden wrote. */
    static final int MAX_FILES = 64;

    private SubmissionPacket() {}

    /** One file of the packet. */
    public record Part(String name, String mediaType, byte[] content) {}

    /** Writes the parts and the signed bundle into {@code dir} (created when missing). */
    public static void write(Path dir, String dockerReference, String imageDigest, List<Part> parts, SigningKey key) throws IOException {
        Files.createDirectories(dir);
        ObjectNode predicate = OciDocuments.JSON.createObjectNode();
        ArrayNode files = predicate.putArray("files");
        for (Part part : parts) {
            checkName(part.name(), dir.toString());
            Files.write(dir.resolve(part.name()), part.content());
            files.addObject().put("name", part.name()).put("mediaType", part.mediaType())
                    .put("sha256", OciDocuments.hex(OciDocuments.sha256(part.content())));
        }
        byte[] statement = SigstoreBundle.signatureStatement(dockerReference, imageDigest, PREDICATE, predicate);
        Files.write(dir.resolve(BUNDLE), SigstoreBundle.dsseBundle(statement, key));
    }

    /** The packet's verdict: the image digest it is about and each problem found (none: complete, signed, intact). */
    public record Check(String imageDigest, List<String> files, List<String> problems) {}

    /** Checks {@code dir}: the bundle verifies with {@code key}, names {@code imageDigest}, and every file is there and intact. */
    public static Check check(Path dir, VerificationKey key, String imageDigest) throws IOException {
        Path bundleFile = dir.resolve(BUNDLE);
        if (!Files.isRegularFile(bundleFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new WardenException(dir + ": not a submission packet (no " + BUNDLE + ")");
        }
        byte[] bundle = readLimited(bundleFile);
        SigstoreBundle.Read read = SigstoreBundle.read(bundle, bundleFile.toString());
        List<String> problems = new ArrayList<>();
        if (!(read.content() instanceof SigstoreBundle.DsseContent dsse)) {
            throw new WardenException(bundleFile + ": holds a message signature, not the packet's statement");
        }
        Dsse.Envelope envelope = dsse.envelope();
        if (!key.verifies(Dsse.pae(envelope.payloadType(), envelope.payload()), envelope.signature())) {
            problems.add(BUNDLE + ": the signature does not verify with key " + key.shortId());
        }
        JsonNode statement = OciDocuments.parse(envelope.payload(), bundleFile + " statement");
        if (!statement.path("predicateType").asText("").equals(PREDICATE)) {
            throw new WardenException(bundleFile + ": not a submission packet statement (predicateType '"
                    + OciDocuments.clip(statement.path("predicateType").asText("")) + "')");
        }
        List<String> subjects = SigstoreBundle.subjects(statement);
        String about = subjects.isEmpty() ? "" : subjects.getFirst();
        if (imageDigest != null && !subjects.contains(imageDigest)) {
            problems.add(BUNDLE + ": the packet is about " + (about.isEmpty() ? "no image" : about) + ", not " + imageDigest);
        }
        JsonNode files = statement.path("predicate").path("files");
        if (files.size() > MAX_FILES) {
            throw new WardenException(bundleFile + ": lists " + files.size() + " files, more than the limit of " + MAX_FILES);
        }
        List<String> listed = new ArrayList<>();
        for (JsonNode f : files) {
            String name = f.path("name").asText("");
            if (!NAME.matcher(name).matches()) {
                problems.add(BUNDLE + ": lists a file named '" + OciDocuments.clip(name) + "', which is not a plain file name");
                continue;
            }
            listed.add(name);
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(name + ": missing (or a link)");
            } else if (!OciDocuments.hex(OciDocuments.sha256(readLimited(file))).equals(f.path("sha256").asText(""))) {
                problems.add(name + ": changed since it was signed (sha256 differs)");
            }
        }
        for (String required : REQUIRED) {
            if (!listed.contains(required)) {
                problems.add(required + ": not in the packet");
            }
        }
        return new Check(about, List.copyOf(listed), List.copyOf(problems));
    }

    private static void checkName(String name, String where) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": invalid packet file name " + name);
        }
    }

    private static byte[] readLimited(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] content = in.readNBytes(AttestLimits.MAX_BLOB_BYTES + 1);
            if (content.length > AttestLimits.MAX_BLOB_BYTES) {
                throw new WardenException(file + ": larger than " + AttestLimits.MAX_BLOB_BYTES + " bytes");
            }
            return content;
        }
    }
}
