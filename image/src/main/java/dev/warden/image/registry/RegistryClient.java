package dev.warden.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import dev.warden.image.SourceOptions;
import dev.warden.image.registry.RegistryHttp.Authorization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The pull half of the OCI distribution API for one repository: manifests by tag or digest, and blobs. */
final class RegistryClient implements java.io.Closeable {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final Set<String> INDEX_TYPES = Set.of(OCI_INDEX, DOCKER_LIST);
    static final Set<String> IMAGE_TYPES = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    /** Docker schema 1 (signed JWS manifests) was deprecated in 2017 and removed from registries since. */
    static final Set<String> SCHEMA1_TYPES = Set.of("application/vnd.docker.distribution.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v1+prettyjws");
    static final String ACCEPT_MANIFESTS = String.join(", ", OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST);
    /** A missing manifest or blob: 404 only. */
    private static final Set<Integer> NOT_FOUND = Set.of(404);
    /**
     * A registry without the referrers API: the spec says 404, but registries that predate it also answer 400
     * (unknown path parameter), 405 (method not allowed) or 406; all mean "use the tag schema", not "error".
     */
    private static final Set<Integer> NO_REFERRERS_API = Set.of(400, 404, 405, 406);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryReference reference;
    private final RegistryHttp http;
    private final RegistryAuth auth;
    private final URI base;
    private final String scope;
    /** Writes need a token for both actions: a registry checks pull on the blobs a manifest names. */
    private final String pushScope;

    RegistryClient(RegistryReference reference, RegistryHttp http, RegistryAuth auth) {
        this.reference = reference;
        this.http = http;
        this.auth = auth;
        this.base = http.baseUri(reference.apiHost());
        this.scope = "repository:" + reference.repository() + ":pull";
        this.pushScope = "repository:" + reference.repository() + ":pull,push";
    }

    /** A client with the credentials {@code options} give (explicit ones first, then docker's config.json). */
    static RegistryClient create(RegistryReference reference, SourceOptions options, RetryPolicy retry, Clock clock) {
        Credentials credentials = null;
        String helper = null;
        if (options.username() != null) {
            if (options.password() == null) {
                throw new WardenException(reference + ": --username needs a password (--password-stdin)");
            }
            credentials = new Credentials(options.username(), options.password());
        } else {
            DockerConfig config = DockerConfig.load(options.dockerConfig());
            credentials = config.credentialsFor(reference.registry()).orElse(null);
            helper = credentials == null ? config.helperFor(reference.registry()).orElse(null) : null;
            if (helper != null) {
                credentials = config.credentialsFromHelper(helper, reference.registry()).orElse(null);
                helper = credentials == null ? helper : null; // named in a refusal: it held nothing for this registry
            }
        }
        RegistryHttp http = new RegistryHttp(retry, options.insecureRegistries());
        return new RegistryClient(reference, http, new RegistryAuth(http, reference.registry(), credentials, helper, clock));
    }

    RegistryReference reference() {
        return reference;
    }

    RegistryAuth auth() {
        return auth;
    }

    RegistryHttp http() {
        return http;
    }

    /**
     * A manifest as the registry stores it, verified against {@code expectedDigest} (the digest asked for), else
     * the Docker-Content-Digest header; with neither, its sha256 is computed. The digest in the result is always
     * one of the content.
     *
     * @param manifestRef    tag or digest
     * @param expectedDigest digest the content must have, or null
     * @param expectedSize   size from a descriptor, or -1
     */
    Manifest manifest(String manifestRef, String expectedDigest, long expectedSize, long maxBytes) throws IOException {
        return manifest(manifestRef, expectedDigest, expectedSize, maxBytes, false);
    }

    /** Like {@link #manifest}, but null when the registry has no such manifest (HTTP 404): for tags that may not exist. */
    Manifest manifestIfPresent(String manifestRef, long maxBytes) throws IOException {
        return manifest(manifestRef, null, -1, maxBytes, true);
    }

    private Manifest manifest(String manifestRef, String expectedDigest, long expectedSize, long maxBytes, boolean mayBeMissing)
            throws IOException {
        String what = reference.registry() + "/" + reference.repository()
                + (manifestRef.contains(":") ? "@" : ":") + manifestRef;
        if (expectedSize > maxBytes) {
            throw new WardenException(what + ": manifest of " + expectedSize + " bytes is larger than the limit of " + maxBytes);
        }
        HttpResponse<InputStream> response;
        byte[] content;
        // a body cut short (connection closed, a Content-Length it does not keep) or stalled is a broken connection:
        // the request is made again, as for one that broke before its headers, then the failure is one line
        for (int attempt = 1;; attempt++) {
            response = get("/manifests/" + manifestRef, ACCEPT_MANIFESTS, what, "manifest unknown",
                    mayBeMissing ? NOT_FOUND : Set.of());
            if (response == null) {
                return null;
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            try (InputStream in = response.body()) {
                if (declared > maxBytes) {
                    throw new WardenException(what + ": manifest of " + declared + " bytes is larger than the limit of " + maxBytes);
                }
                content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (content.length > maxBytes) {
                    throw new WardenException(what + ": manifest larger than the limit of " + maxBytes + " bytes");
                }
                break;
            } catch (IOException e) {
                if (e instanceof java.io.InterruptedIOException && !(e instanceof java.net.http.HttpTimeoutException)
                        || attempt >= http.retry().maxAttempts()) {
                    throw new WardenException(what + ": reading the manifest failed after " + attempt + " attempt"
                            + (attempt == 1 ? "" : "s") + ": " + Messages.clip(String.valueOf(e.getMessage())), e);
                }
                http.pause(http.retry().backoff(attempt + 1));
            }
        }
        String header = response.headers().firstValue("Docker-Content-Digest").orElse(null);
        String digest;
        if (expectedDigest != null) {
            digest = expectedDigest;
        } else if (header != null) {
            digest = BlobDigest.require(header.trim(), what + ": Docker-Content-Digest header");
        } else {
            digest = BlobDigest.compute(content, "sha256:");
        }
        String actual = BlobDigest.compute(content, digest);
        if (!actual.equals(digest)) {
            throw new WardenException(what + ": manifest does not match its digest: expected " + digest + ", content has " + actual);
        }
        if (expectedSize >= 0 && content.length != expectedSize) {
            throw new WardenException(what + ": manifest is " + content.length + " bytes, its descriptor says " + expectedSize);
        }
        String mediaType = mediaType(response, content, what);
        return new Manifest(content, mediaType, digest, INDEX_TYPES.contains(mediaType));
    }

    /**
     * The digest the registry gives for {@code manifestRef} without sending the manifest: {@code HEAD
     * /v2/REPO/manifests/REF} and its {@code Docker-Content-Digest} header (distribution-spec "checking if content
     * exists"). Registries count a HEAD apart from a pull (Docker Hub's pull limit counts GETs only), so a tag that has
     * not moved costs no manifest download. Null when the registry does not answer HEAD with a digest (no such
     * method, no header, an error status): the caller then GETs the manifest, which says what is wrong.
     */
    String headDigest(String manifestRef) throws IOException {
        String what = reference.registry() + "/" + reference.repository() + (manifestRef.contains(":") ? "@" : ":") + manifestRef
                + ": manifest digest";
        URI uri = base.resolve("/v2/" + reference.repository() + "/manifests/" + manifestRef);
        HttpResponse<InputStream> response = http.head(uri, ACCEPT_MANIFESTS, auth.authorization(scope), what);
        if (response.statusCode() == 401) {
            List<String> challenges = response.headers().allValues("WWW-Authenticate");
            response.body().close();
            auth.onUnauthorized(challenges, scope, what);
            response = http.head(uri, ACCEPT_MANIFESTS, auth.authorization(scope), what);
        }
        response.body().close();
        if (response.statusCode() != 200) {
            return null;
        }
        String header = response.headers().firstValue("Docker-Content-Digest").orElse(null);
        return header == null || !BlobDigest.PATTERN.matcher(header.trim()).matches() ? null : header.trim();
    }

    /** A manifest's bytes, its media type, its verified digest, and whether it is an index of manifests. */
    record Manifest(byte[] content, String mediaType, String digest, boolean isIndex) {}

    private static String mediaType(HttpResponse<?> response, byte[] content, String what) {
        JsonNode json;
        try {
            json = JSON.readTree(content);
        } catch (IOException e) {
            throw new WardenException(what + ": manifest is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new WardenException(what + ": manifest is not a JSON object");
        }
        String header = response.headers().firstValue("Content-Type").orElse("");
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        if (!IMAGE_TYPES.contains(type) && !INDEX_TYPES.contains(type) && !SCHEMA1_TYPES.contains(type)) {
            // Registries may answer application/json or nothing useful; the document then says what it is.
            String declared = json.path("mediaType").asText("");
            type = !declared.isEmpty() ? declared : json.has("manifests") ? OCI_INDEX : json.has("layers") ? OCI_MANIFEST : type;
        }
        if (SCHEMA1_TYPES.contains(type) || json.path("schemaVersion").asInt(2) == 1) {
            throw new WardenException(what + ": Docker schema 1 manifests are not supported (deprecated since 2017; re-push the image)");
        }
        if (!IMAGE_TYPES.contains(type) && !INDEX_TYPES.contains(type)) {
            throw new WardenException(what + ": unsupported manifest media type '" + Messages.clip(type) + "'");
        }
        return type;
    }

    /**
     * The repository's tags ({@code GET /v2/REPO/tags/list}), following the registry's {@code Link: <...>; rel="next"}
     * pages, at most {@code maxTags} of them; pages must stay under this repository on this registry.
     */
    List<String> tags(int maxTags) throws IOException {
        return tags(maxTags, RegistryLimits.TAGS_PER_PAGE);
    }

    List<String> tags(int maxTags, int pageSize) throws IOException {
        String what = reference.registry() + "/" + reference.repository() + ": tag list";
        String listPath = "/v2/" + reference.repository() + "/tags/list";
        List<String> tags = new java.util.ArrayList<>();
        String query = "?n=" + Math.min(maxTags, pageSize);
        for (int page = 0; query != null; page++) {
            if (page >= RegistryLimits.MAX_TAG_PAGES) {
                throw new WardenException(what + ": more than " + RegistryLimits.MAX_TAG_PAGES + " pages");
            }
            HttpResponse<InputStream> response = get("/tags/list" + query, "application/json", what, "repository unknown", Set.of());
            JsonNode json;
            try (InputStream in = response.body()) {
                byte[] body = in.readNBytes(RegistryLimits.MAX_TAG_PAGE_BYTES + 1);
                if (body.length > RegistryLimits.MAX_TAG_PAGE_BYTES) {
                    throw new WardenException(what + ": page larger than " + RegistryLimits.MAX_TAG_PAGE_BYTES + " bytes");
                }
                try {
                    json = JSON.readTree(body);
                } catch (IOException e) {
                    throw new WardenException(what + ": not JSON");
                }
            }
            if (json == null || !json.isObject() || !(json.path("tags").isArray() || json.path("tags").isNull() || json.path("tags").isMissingNode())) {
                throw new WardenException(what + ": not a tag list");
            }
            for (JsonNode tag : json.path("tags")) {
                if (!tag.isTextual()) {
                    throw new WardenException(what + ": a tag is not a string");
                }
                tags.add(tag.asText());
                if (tags.size() >= maxTags) {
                    return List.copyOf(tags);
                }
            }
            query = nextPage(response.headers().firstValue("Link").orElse(null), listPath, what);
        }
        return List.copyOf(tags);
    }

    /** The query of a {@code Link: </v2/REPO/tags/list?last=x&n=y>; rel="next"} header, or null when there is no next page. */
    static String nextPage(String link, String listPath, String what) {
        if (link == null || !link.contains("rel=\"next\"")) {
            return null;
        }
        int open = link.indexOf('<');
        int close = link.indexOf('>', open + 1);
        if (open < 0 || close < 0) {
            throw new WardenException(what + ": malformed Link header");
        }
        String target = link.substring(open + 1, close);
        if (!target.startsWith(listPath + "?")) {
            throw new WardenException(what + ": next page outside the repository's tag list: " + Messages.clip(target));
        }
        return target.substring(listPath.length());
    }

    /**
     * The OCI referrers list of {@code digest} ({@code GET /v2/REPO/referrers/DIGEST}, distribution-spec 1.1): an image
     * index of the manifests whose subject is {@code digest}. Null when the registry answers 404, which the spec says
     * means it has no referrers API (clients then fall back to the {@code sha256-HEX} tag schema), or another status
     * of {@link #NO_REFERRERS_API}.
     */
    byte[] referrers(String digest, long maxBytes) throws IOException {
        BlobDigest.require(digest, reference + ": referrers");
        String what = reference.registry() + "/" + reference.repository() + ": referrers of " + digest;
        HttpResponse<InputStream> response = get("/referrers/" + digest, OCI_INDEX, what, "not found", NO_REFERRERS_API);
        if (response == null) {
            return null;
        }
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw new WardenException(what + ": larger than the limit of " + maxBytes + " bytes");
            }
            return body;
        }
    }

    /** The body of blob {@code digest} (after any redirect to a storage backend); the caller verifies it. */
    HttpResponse<InputStream> blob(String digest) throws IOException {
        BlobDigest.require(digest, reference + ": blob");
        String what = reference.registry() + "/" + reference.repository() + ": blob " + digest;
        return get("/blobs/" + digest, null, what, "blob unknown", Set.of());
    }

    /**
     * A 200 response for {@code path} under /v2/REPO, answering one auth challenge; anything else is an error, except
     * the {@code absent} statuses, which mean "not there" (then null).
     */
    private HttpResponse<InputStream> get(String path, String accept, String what, String notFound, Set<Integer> absent)
            throws IOException {
        URI uri = base.resolve("/v2/" + reference.repository() + path);
        Authorization authorization = auth.authorization(scope);
        HttpResponse<InputStream> response = http.get(uri, accept, authorization, what);
        if (response.statusCode() == 401) {
            List<String> challenges = response.headers().allValues("WWW-Authenticate");
            response.body().close();
            auth.onUnauthorized(challenges, scope, what);
            response = http.get(uri, accept, auth.authorization(scope), what);
            if (response.statusCode() == 401) {
                response.body().close();
                throw auth.refused(what, 401);
            }
        }
        int status = response.statusCode();
        if (status == 200) {
            return response;
        }
        if (absent.contains(status)) {
            response.body().close();
            return null;
        }
        String detail = RegistryHttp.errorDetail(response);
        if (status == 403) {
            throw auth.refused(what, 403).withDetail(detail);
        }
        if (status == 404) {
            throw new WardenException(what + ": " + notFound + " at " + reference.registry() + detail);
        }
        throw new WardenException(what + ": " + reference.registry() + " answered HTTP " + status + detail);
    }

    /** Uploads {@code content} as a blob (POST then monolithic PUT, distribution-spec "pushing a blob"); its digest. */
    String putBlob(byte[] content) throws IOException {
        String digest = BlobDigest.compute(content, "sha256:");
        String what = reference.registry() + "/" + reference.repository() + ": upload of blob " + digest;
        HttpResponse<InputStream> started = write("POST", base.resolve("/v2/" + reference.repository() + "/blobs/uploads/"),
                null, null, what, Set.of(202));
        String location = started.headers().firstValue("Location")
                .orElseThrow(() -> new WardenException(what + ": the registry gave no upload location"));
        started.body().close();
        URI target;
        try {
            target = base.resolve(URI.create(location));
        } catch (IllegalArgumentException e) {
            throw new WardenException(what + ": invalid upload location '" + Messages.clip(location) + "'");
        }
        if (!RegistryHttp.sameOrigin(target, base)) {
            throw new WardenException(what + ": upload location on another host (" + Messages.clip(location) + ")");
        }
        String separator = target.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(target + separator + "digest=" + java.net.URLEncoder.encode(digest, java.nio.charset.StandardCharsets.UTF_8));
        write("PUT", put, "application/octet-stream", content, what, Set.of(201)).body().close();
        return digest;
    }

    /** Stores a manifest under {@code ref} (a tag, or its own digest); its digest. */
    String putManifest(byte[] content, String mediaType, String ref) throws IOException {
        String digest = BlobDigest.compute(content, "sha256:");
        String what = reference.registry() + "/" + reference.repository() + ":" + ref + ": manifest upload";
        write("PUT", base.resolve("/v2/" + reference.repository() + "/manifests/" + ref), mediaType, content, what, Set.of(201))
                .body().close();
        return digest;
    }

    private HttpResponse<InputStream> write(String method, URI uri, String contentType, byte[] body, String what,
            Set<Integer> ok) throws IOException {
        HttpResponse<InputStream> response = http.send(method, uri, contentType, body, auth.authorization(pushScope), what);
        if (response.statusCode() == 401) {
            List<String> challenges = response.headers().allValues("WWW-Authenticate");
            response.body().close();
            auth.onUnauthorized(challenges, pushScope, what);
            response = http.send(method, uri, contentType, body, auth.authorization(pushScope), what);
        }
        int status = response.statusCode();
        if (ok.contains(status)) {
            return response;
        }
        String detail = RegistryHttp.errorDetail(response);
        if (status == 401 || status == 403) {
            throw auth.refused(what, status).withDetail(detail);
        }
        throw new WardenException(what + ": " + reference.registry() + " answered HTTP " + status + detail);
    }

    @Override
    public void close() {
        http.close();
    }
}
