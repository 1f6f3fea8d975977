package dev.warden.match.vex;

import com.github.packageurl.PackageURL;
import dev.warden.core.ImageInfo;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An image named by a VEX product or by the scanned image itself: registry, repository path, tag and digest,
 * any of them unknown (null). Docker Hub is {@code docker.io} however it is spelt, with {@code library/} for
 * official images, so {@code pkg:oci/debian?repository_url=index.docker.io/library}, {@code pkg:docker/debian}
 * and {@code debian:bookworm} all name {@code docker.io/library/debian}.
 */
record ImageIdentity(String registry, String repository, String tag, Set<String> digests) {
    static final String DOCKER_HUB = "docker.io";
    private static final Set<String> DOCKER_HUB_NAMES = Set.of("docker.io", "index.docker.io", "registry-1.docker.io",
            "hub.docker.com", "registry.hub.docker.com");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");
    private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*://");

    ImageIdentity {
        digests = Set.copyOf(digests);
    }

    /** The scanned image: manifest and config digests, plus whatever its reference names. */
    static ImageIdentity of(ImageInfo image) {
        Set<String> digests = new LinkedHashSet<>();
        String registry = null;
        String repository = null;
        String tag = null;
        if (image != null) {
            addDigest(digests, image.manifestDigest());
            addDigest(digests, image.configDigest());
            Optional<ImageIdentity> ref = parseReference(image.reference());
            if (ref.isPresent()) {
                digests.addAll(ref.get().digests());
                registry = ref.get().registry();
                repository = ref.get().repository();
                tag = ref.get().tag();
            }
        }
        return new ImageIdentity(registry, repository, tag, digests);
    }

    /** A VEX product naming an image: {@code pkg:oci}, {@code pkg:docker}, a bare digest or REPO@DIGEST. */
    static Optional<ImageIdentity> ofProduct(String product) {
        String p = product.trim();
        if (DIGEST.matcher(p.toLowerCase(Locale.ROOT)).matches()) {
            return Optional.of(new ImageIdentity(null, null, null, Set.of(p.toLowerCase(Locale.ROOT))));
        }
        if (p.startsWith("pkg:")) {
            return Purls.parse(p).flatMap(ImageIdentity::ofPurl);
        }
        if (p.contains("@sha256:")) {
            return parseReference(p);
        }
        return Optional.empty();
    }

    static Optional<ImageIdentity> ofPurl(PackageURL purl) {
        String type = purl.getType().toLowerCase(Locale.ROOT);
        if (!type.equals("oci") && !type.equals("docker")) {
            return Optional.empty();
        }
        Map<String, String> q = purl.getQualifiers() == null ? Map.of() : purl.getQualifiers();
        String version = purl.getVersion();
        Set<String> digests = new LinkedHashSet<>();
        String tag = q.get("tag");
        if (version != null && DIGEST.matcher(version.toLowerCase(Locale.ROOT)).matches()) {
            digests.add(version.toLowerCase(Locale.ROOT));
        } else if (version != null && !version.isEmpty()) {
            tag = version; // pkg:docker/debian@bookworm: the version is a tag
        }
        String name = purl.getName().toLowerCase(Locale.ROOT);
        String url = q.get("repository_url");
        if (type.equals("oci")) {
            if (url == null) {
                // no registry: only the last path element is known, matched against the image's repository name
                return Optional.of(new ImageIdentity(null, name, tag, digests));
            }
            String path = registryPath(url);
            int slash = path.indexOf('/');
            String registry = slash < 0 ? path : path.substring(0, slash);
            String repo = slash < 0 ? "" : path.substring(slash + 1);
            // repository_url may name the full repository (ghcr.io/org/alpine) or its parent (index.docker.io/library)
            if (!repo.equals(name) && !repo.endsWith("/" + name)) {
                repo = repo.isEmpty() ? name : repo + "/" + name;
            }
            return Optional.of(new ImageIdentity(registry, hubRepository(registry, repo), tag, digests));
        }
        String registry = url == null ? DOCKER_HUB : registryPath(url);
        String namespace = purl.getNamespace();
        String repo = namespace == null || namespace.isEmpty() ? name : namespace.toLowerCase(Locale.ROOT) + "/" + name;
        return Optional.of(new ImageIdentity(registry, hubRepository(registry, repo), tag, digests));
    }

    /** {@code registry://host/repo:tag@digest}, {@code host/repo:tag}, {@code debian}; empty for paths and files. */
    static Optional<ImageIdentity> parseReference(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        String r = reference.trim();
        var scheme = SCHEME.matcher(r);
        if (scheme.find()) {
            String s = scheme.group();
            if (!s.equals("registry://") && !s.equals("docker://")) {
                return Optional.empty(); // oci-dir://, archive://, fs://, sbom://: no registry name
            }
            r = r.substring(s.length());
        }
        if (r.startsWith("/") || r.startsWith(".") || r.contains(" ") || r.contains("\\")) {
            return Optional.empty();
        }
        Set<String> digests = new LinkedHashSet<>();
        int at = r.indexOf('@');
        if (at >= 0) {
            addDigest(digests, r.substring(at + 1));
            r = r.substring(0, at);
        }
        String tag = null;
        int colon = r.lastIndexOf(':');
        if (colon > r.lastIndexOf('/')) {
            tag = r.substring(colon + 1);
            r = r.substring(0, colon);
        }
        if (r.isEmpty()) {
            return Optional.empty();
        }
        String registry = DOCKER_HUB;
        String repo = r;
        int slash = r.indexOf('/');
        if (slash > 0) {
            String first = r.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = normaliseHost(first);
                repo = r.substring(slash + 1);
            }
        }
        return Optional.of(new ImageIdentity(registry, hubRepository(registry, repo.toLowerCase(Locale.ROOT)), tag, digests));
    }

    /** Does this product name the scanned image? A digest decides alone; else the repository (and tag, when given). */
    boolean names(ImageIdentity image) {
        if (!digests.isEmpty()) {
            return digests.stream().anyMatch(image.digests()::contains);
        }
        if (repository == null || image.repository() == null) {
            return false;
        }
        boolean sameRepo = registry == null
                ? image.repository().equals(repository) || image.repository().endsWith("/" + repository)
                : registry.equals(image.registry()) && repository.equals(image.repository());
        return sameRepo && (tag == null || tag.equals(image.tag()));
    }

    /** {@code https://Index.Docker.io/library/} to {@code docker.io/library}. */
    static String registryPath(String url) {
        String u = url.trim();
        var scheme = SCHEME.matcher(u.toLowerCase(Locale.ROOT));
        if (scheme.find()) {
            u = u.substring(scheme.end());
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        int slash = u.indexOf('/');
        String host = slash < 0 ? u : u.substring(0, slash);
        String rest = slash < 0 ? "" : u.substring(slash);
        return normaliseHost(host) + rest.toLowerCase(Locale.ROOT);
    }

    private static String normaliseHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return DOCKER_HUB_NAMES.contains(h) ? DOCKER_HUB : h;
    }

    private static String hubRepository(String registry, String repo) {
        return DOCKER_HUB.equals(registry) && !repo.isEmpty() && !repo.contains("/") ? "library/" + repo : repo;
    }

    private static void addDigest(Set<String> digests, String digest) {
        if (digest != null && DIGEST.matcher(digest.trim().toLowerCase(Locale.ROOT)).matches()) {
            digests.add(digest.trim().toLowerCase(Locale.ROOT));
        }
    }
}
