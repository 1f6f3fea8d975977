package dev.warden.image.registry;

import dev.warden.core.WardenException;
import java.util.regex.Pattern;

/**
 * An image reference {@code HOST[:PORT]/REPO[:TAG][@DIGEST]} with Docker's shorthands applied: no host means
 * docker.io, and a one-part docker.io name lives under {@code library/}.
 *
 * @param registry   host[:port] as users write it (docker.io, not registry-1.docker.io)
 * @param repository path inside the registry, e.g. library/debian
 * @param tag        the tag, or null when only a digest was given
 * @param digest     the digest, or null
 */
public record RegistryReference(String registry, String repository, String tag, String digest) {
    public static final String DOCKER_HUB = "docker.io";
    /** Where docker.io's distribution API actually answers. */
    public static final String DOCKER_HUB_API = "registry-1.docker.io";
    public static final String DEFAULT_TAG = "latest";

    /** Limit from the distribution reference grammar: a name (host + repository) of at most 255 characters. */
    static final int MAX_NAME_LENGTH = 255;

    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");

    /** Whether {@code tag} is a tag as the OCI distribution spec allows one: a registry's tag list may hold anything. */
    public static boolean isTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    public static RegistryReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new WardenException("empty registry reference: expected HOST/REPO[:TAG][@DIGEST]");
        }
        String rest = text;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw invalid(text, "the digest must be sha256:<64 hex> or sha512:<128 hex>");
            }
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(text, "invalid tag '" + tag + "'");
            }
        }
        String registry;
        String repository;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (slash > 0 && (first.contains(".") || first.contains(":") || first.startsWith("[") || first.equals("localhost"))) {
            registry = first;
            repository = rest.substring(slash + 1);
            if (!HOST.matcher(registry).matches()) {
                throw invalid(text, "invalid registry host '" + registry + "'");
            }
        } else {
            registry = DOCKER_HUB;
            repository = rest;
        }
        if (registry.equals("index.docker.io") || registry.equals(DOCKER_HUB_API)) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        if (repository.isEmpty()) {
            throw invalid(text, "no repository");
        }
        for (String component : repository.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw invalid(text, "invalid repository '" + repository + "' (lower-case letters, digits and . _ - separators)");
            }
        }
        if (registry.length() + 1 + repository.length() > MAX_NAME_LENGTH) {
            throw invalid(text, "name longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
        return new RegistryReference(registry, repository, tag, digest);
    }

    /** host[:port] to send requests to. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }

    /** What the manifest endpoint is asked for: the digest when there is one (it pins the content), else the tag. */
    public String manifestReference() {
        return digest != null ? digest : tag;
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    private static WardenException invalid(String text, String why) {
        return new WardenException("invalid registry reference '" + Messages.clip(text) + "': " + why);
    }
}
