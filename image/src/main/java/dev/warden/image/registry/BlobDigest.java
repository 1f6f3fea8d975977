package dev.warden.image.registry;

import dev.warden.core.WardenException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Content digests as registries use them: strictly validated, since they end up in URLs and cache file names. */
final class BlobDigest {
    static final Pattern PATTERN = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");

    private BlobDigest() {}

    static String require(String digest, String what) {
        if (digest == null || !PATTERN.matcher(digest).matches()) {
            throw new WardenException(what + ": invalid or unsupported digest '" + Messages.clip(digest) + "'");
        }
        return digest;
    }

    static String algorithm(String digest) {
        return digest.substring(0, digest.indexOf(':'));
    }

    static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    /** A hasher for the algorithm {@code digest} names (sha256 or sha512). */
    static MessageDigest hasher(String digest) {
        try {
            return MessageDigest.getInstance(algorithm(digest).equals("sha512") ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256 and SHA-512", e);
        }
    }

    static String of(String algorithm, byte[] hash) {
        return algorithm + ":" + HexFormat.of().formatHex(hash);
    }

    /** The digest of {@code content} in the algorithm of {@code like}. */
    static String compute(byte[] content, String like) {
        return of(algorithm(like), hasher(like).digest(content));
    }
}
