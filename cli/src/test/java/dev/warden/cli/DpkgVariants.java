package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Variants of the debootstrap test image that differ only in /var/lib/dpkg/status, made by umoci in a copy of the
 * cached OCI layout, plus a Debian tracker file whose two advisories tell them apart:
 * <ul>
 *   <li>{@value #FIXED}: base + tar's version bumped to the fixed one of {@value #TAR_CVE} (medium)</li>
 *   <li>{@value #WORSE}: base + a package {@value #ADDED_PACKAGE} that {@value #ADDED_CVE} (high, no fix) affects</li>
 *   <li>{@value #MODIFIED}: latest + tar bumped, {@value #REMOVED_PACKAGE} removed and {@value #ADDED_PACKAGE} added</li>
 * </ul>
 */
record DpkgVariants(Path layout, String tarVersion) {
    static final String FIXED = "fixed";
    static final String WORSE = "worse";
    static final String MODIFIED = "modified";
    static final String TAR_CVE = "CVE-2099-3000";
    static final String ADDED_CVE = "CVE-2099-3001";
    static final String ADDED_PACKAGE = "warden-demo";
    static final String REMOVED_PACKAGE = "zlib1g";

    static DpkgVariants build(Path dir) throws IOException {
        Path layout = dir.resolve("layout");
        copyTree(TestImages.ociLayout(), layout);
        String status = Files.readString(TestImages.debootstrapRootfs().resolve("var/lib/dpkg/status"));
        List<String> stanzas = new ArrayList<>(List.of(status.strip().split("\n\n")));
        String tar = stanzas.stream().filter(s -> s.startsWith("Package: tar\n")).findFirst().orElseThrow();
        String tarVersion = tar.lines().filter(l -> l.startsWith("Version: ")).findFirst().orElseThrow().substring("Version: ".length());
        String bumped = tar.replace("Version: " + tarVersion, "Version: " + tarVersion + "+warden1");
        String demo = "Package: " + ADDED_PACKAGE + "\nStatus: install ok installed\nPriority: optional\nSection: misc\n"
                + "Installed-Size: 1\nMaintainer: Warden <warden@example.org>\nArchitecture: amd64\nVersion: 1.0-1\n"
                + "Description: warden test package\n a package added to the image by a test";

        List<String> fixed = new ArrayList<>(stanzas);
        fixed.replaceAll(s -> s.equals(tar) ? bumped : s);
        List<String> worse = new ArrayList<>(stanzas);
        worse.add(demo);
        List<String> modified = new ArrayList<>(fixed);
        modified.removeIf(s -> s.startsWith("Package: " + REMOVED_PACKAGE + "\n"));
        modified.add(demo);

        addStatusLayer(dir, layout, TestImages.BASE_TAG, FIXED, fixed);
        addStatusLayer(dir, layout, TestImages.BASE_TAG, WORSE, worse);
        addStatusLayer(dir, layout, TestImages.TAG, MODIFIED, modified);
        return new DpkgVariants(layout, tarVersion);
    }

    /** Debian tracker JSON: tar fixed in the bumped version (medium), the added package open (high). */
    ObjectNode tracker(ObjectMapper json) {
        ObjectNode doc = json.createObjectNode();
        ObjectNode tarCve = doc.putObject("tar").putObject(TAR_CVE);
        tarCve.put("description", "warden test advisory fixed in the bumped tar");
        tarCve.putObject("releases").putObject("bookworm").put("status", "resolved").put("fixed_version", tarVersion + "+warden1")
                .put("urgency", "medium");
        ObjectNode demoCve = doc.putObject(ADDED_PACKAGE).putObject(ADDED_CVE);
        demoCve.put("description", "warden test advisory of the added package");
        demoCve.putObject("releases").putObject("bookworm").put("status", "open").put("urgency", "high");
        return doc;
    }

    /** Copies tag {@code tag} into the OCI layout {@code target} (made when missing) as {@code newTag}, with skopeo. */
    void copy(String tag, Path target, String newTag) throws IOException {
        TestImages.run(layout.getParent(), "skopeo", "--insecure-policy", "copy", "--quiet", "oci:" + layout + ":" + tag,
                "oci:" + target + ":" + newTag);
    }

    private static void addStatusLayer(Path dir, Path layout, String from, String tag, List<String> stanzas) throws IOException {
        Path root = Files.createDirectories(dir.resolve("status-" + tag).resolve("var/lib/dpkg"));
        Files.writeString(root.resolve("status"), String.join("\n\n", stanzas) + "\n");
        Path tarFile = dir.resolve("status-" + tag + ".tar");
        TestImages.run(dir, "tar", "--numeric-owner", "-C", dir.resolve("status-" + tag).toString(), "-cf", tarFile.toString(), ".");
        // a copy of the tag first, so the new layer goes on top of it under the new name
        TestImages.run(dir, "umoci", "raw", "add-layer", "--image", layout + ":" + from, "--tag", tag,
                "--history.created_by", "warden test: dpkg status " + tag, tarFile.toString());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
