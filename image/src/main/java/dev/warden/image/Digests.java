package dev.warden.image;

import dev.warden.core.WardenException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** OCI content digests: parsing (strictly, since digests also name files) and computing. */
final class Digests {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern SHA512 = Pattern.compile("sha512:[0-9a-f]{128}");

    private Digests() {}

    /** True for the digests Warden can verify: sha256 and sha512 in canonical lower-case hex. */
    static boolean isValid(String digest) {
        return digest != null && (SHA256.matcher(digest).matches() || SHA512.matcher(digest).matches());
    }

    /** Refuses a digest Warden cannot verify; {@code what} names where it was found. */
    static String require(String digest, String what) {
        if (!isValid(digest)) {
            throw new WardenException(what + ": invalid or unsupported digest '" + abbreviate(digest) + "'");
        }
        return digest;
    }

    static MessageDigest newDigest(String digest) {
        try {
            return MessageDigest.getInstance(digest.startsWith("sha512:") ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256 and SHA-512", e);
        }
    }

    static String algorithm(String digest) {
        return digest.substring(0, digest.indexOf(':'));
    }

    static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    static String format(String algorithm, byte[] hash) {
        return algorithm + ":" + HexFormat.of().formatHex(hash);
    }

    static String sha256(byte[] content) {
        return format("sha256", newDigest("sha256:").digest(content));
    }

    /** Keeps error messages one short line even when the input is huge or full of control characters. */
    static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }
}
