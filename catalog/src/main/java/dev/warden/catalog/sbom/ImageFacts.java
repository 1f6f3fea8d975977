package dev.warden.catalog.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.ImageInfo.LayerInfo;
import dev.warden.core.ImageInfo.Platform;
import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistryReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image's identity as {@code warden:image:} name/value pairs (CycloneDX metadata component
 * properties, SPDX annotations on the image package) and its {@code pkg:oci} purl.
 *
 * <pre>
 * warden:image:reference, :manifestDigest, :configDigest, :os, :architecture, :variant
 * warden:image:repoDigest                                    (one per REPOSITORY@DIGEST a container engine gives)
 * warden:image:layer:N:digest, warden:image:layer:N:diffID   (N from 0, bottom layer first)
 * warden:distro:id, :versionId, :codename, :prettyName       (on the operating-system element)
 * </pre>
 */
public final class ImageFacts {
    static final String REFERENCE = "warden:image:reference";
    static final String MANIFEST_DIGEST = "warden:image:manifestDigest";
    static final String CONFIG_DIGEST = "warden:image:configDigest";
    /** One of the engine's RepoDigests ({@code REPOSITORY@sha256:HEX}); repeated, one fact each, as Trivy's RepoDigest. */
    static final String REPO_DIGEST = "warden:image:repoDigest";
    /** Repo digests read back: an engine names one per repository; a document with more is not kept whole. */
    static final int MAX_REPO_DIGESTS = 64;
    static final String OS = "warden:image:os";
    static final String ARCHITECTURE = "warden:image:architecture";
    static final String VARIANT = "warden:image:variant";
    static final String CODENAME = "warden:distro:codename";
    /** The OCI annotation naming an image: a tag in an OCI layout's index.json, a full reference where Warden knows one. */
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** The full name containerd and Docker 25+ write beside ref.name in an exported layout. */
    static final String CONTAINERD_NAME = "io.containerd.image.name";
    private static final Pattern LAYER = Pattern.compile("warden:image:layer:(\\d{1,5}):(digest|diffID)");
    private static final Pattern REGISTRY_REF = Pattern.compile("(?:registry://)?([a-z0-9.-]+(?::\\d+)?/[a-z0-9._/-]+)(?::([\\w][\\w.-]{0,127}))?(?:@.*)?");

    private ImageFacts() {}

    static List<PackageFacts.Fact> of(ImageInfo info) {
        List<PackageFacts.Fact> facts = new ArrayList<>();
        add(facts, REFERENCE, info.reference());
        add(facts, MANIFEST_DIGEST, info.manifestDigest());
        add(facts, CONFIG_DIGEST, info.configDigest());
        info.repoDigests().forEach(d -> add(facts, REPO_DIGEST, d));
        if (info.platform() != null) {
            add(facts, OS, info.platform().os());
            add(facts, ARCHITECTURE, info.platform().architecture());
            add(facts, VARIANT, info.platform().variant());
        }
        for (int i = 0; i < info.layers().size(); i++) {
            LayerInfo l = info.layers().get(i);
            add(facts, "warden:image:layer:" + i + ":digest", l.digest());
            add(facts, "warden:image:layer:" + i + ":diffID", l.diffId());
        }
        return facts;
    }

    /** The image described by {@code facts}, or null when they say nothing about one. */
    static ImageInfo read(List<PackageFacts.Fact> facts, String fallbackReference) {
        Map<String, String> byName = new TreeMap<>();
        TreeMap<Integer, String[]> layers = new TreeMap<>();
        List<String> repoDigests = new ArrayList<>();
        for (PackageFacts.Fact f : facts) {
            Matcher m = LAYER.matcher(f.name());
            if (f.name().equals(REPO_DIGEST)) {
                if (repoDigests.size() < MAX_REPO_DIGESTS) {
                    repoDigests.add(f.value());
                }
            } else if (m.matches()) {
                layers.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new String[2])[m.group(2).equals("digest") ? 0 : 1] = f.value();
            } else {
                byName.putIfAbsent(f.name(), f.value());
            }
        }
        String reference = byName.getOrDefault(REFERENCE, fallbackReference);
        Platform platform = byName.containsKey(OS) && byName.containsKey(ARCHITECTURE)
                ? new Platform(byName.get(OS), byName.get(ARCHITECTURE), byName.get(VARIANT)) : null;
        List<LayerInfo> layerInfos = layers.values().stream().map(l -> new LayerInfo(l[0], l[1], null, -1, -1)).toList();
        return new ImageInfo(reference, byName.get(MANIFEST_DIGEST), byName.get(CONFIG_DIGEST), platform,
                ImageInfo.ImageConfig.EMPTY, layerInfos, Map.of(), List.of(), ImageInfo.AttestationState.NOT_CARRIED, repoDigests);
    }

    static List<PackageFacts.Fact> of(Distro distro) {
        List<PackageFacts.Fact> facts = new ArrayList<>();
        add(facts, CODENAME, distro.codename());
        return facts;
    }

    /**
     * {@code pkg:oci/NAME@DIGEST[?repository_url=HOST/REPO&tag=TAG]} per the purl oci type, or null
     * when the image has no manifest digest (a root filesystem).
     */
    static String ociPurl(ImageInfo info) {
        if (info.manifestDigest() == null || info.manifestDigest().isBlank()) {
            return null;
        }
        String named = fullName(info);
        String ref = named != null ? named : info.reference() == null ? "" : info.reference();
        // only registry references name a repository; oci-dir://, archive:// and fs:// name local files
        boolean registry = named != null || ref.startsWith("registry://") || (!ref.contains("://") && ref.indexOf('/') > 0);
        Matcher m = REGISTRY_REF.matcher(ref);
        String repository = null;
        String tag = null;
        if (registry && m.matches()) {
            repository = m.group(1);
            tag = m.group(2);
        }
        String name = lastSegment(repository != null ? repository : stripScheme(ref));
        try {
            PackageURLBuilder b = PackageURLBuilder.aPackageURL().withType("oci").withName(name).withVersion(info.manifestDigest());
            if (repository != null) {
                b.withQualifier("repository_url", repository);
            }
            if (tag != null) {
                b.withQualifier("tag", tag);
            }
            if (info.platform() != null) {
                b.withQualifier("arch", info.platform().architecture());
            }
            return b.build().canonicalize();
        } catch (MalformedPackageURLException e) {
            return null;
        }
    }

    /**
     * What reports name the image by: its full name when the source gives one (a registry reference, a docker-save
     * archive's RepoTags, containerd's or Docker's name in an OCI layout's index), with Docker Hub's shorthands
     * spelled out ({@code alpine:3.19} is {@code docker.io/library/alpine:3.19}); else the source as written, with
     * the layout's tag ({@code org.opencontainers.image.ref.name}) when it is not already there. The digest is not
     * part of the name: it is the image's version.
     */
    public static String name(ImageInfo info) {
        String full = fullName(info);
        if (full != null) {
            return full;
        }
        String ref = info.reference() == null || info.reference().isBlank() ? "unknown" : info.reference();
        String tag = info.annotations().get(REF_NAME);
        return tag == null || tag.isBlank() || ref.endsWith(":" + tag) ? ref : ref + ":" + tag;
    }

    /** The image's registry-style name from its naming annotations, or null when it has none. */
    private static String fullName(ImageInfo info) {
        String containerd = info.annotations().get(CONTAINERD_NAME);
        String refName = info.annotations().get(REF_NAME);
        // ref.name is a full reference (registry, RepoTags) or, in plain OCI layouts, only a tag ("1.0")
        String candidate = containerd != null ? containerd : refName != null && (refName.contains("/") || refName.contains(":")) ? refName : null;
        if (candidate == null) {
            return null;
        }
        try {
            RegistryReference r = RegistryReference.parse(candidate);
            return r.registry() + "/" + r.repository() + (r.tag() != null ? ":" + r.tag() : "");
        } catch (WardenException e) {
            return candidate; // a name Docker's grammar refuses is still the name the archive gives
        }
    }

    private static String stripScheme(String ref) {
        int i = ref.indexOf("://");
        String s = i >= 0 ? ref.substring(i + 3) : ref;
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(0, colon) : s;
    }

    private static String lastSegment(String path) {
        String trimmed = path.replaceAll("/+$", "");
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return last.isEmpty() ? "image" : last;
    }

    private static void add(List<PackageFacts.Fact> facts, String name, String value) {
        if (value != null && !value.isEmpty()) {
            facts.add(new PackageFacts.Fact(name, value));
        }
    }
}
