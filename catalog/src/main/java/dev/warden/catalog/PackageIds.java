package dev.warden.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Package ids that stay the same from run to run for the same image: derived from what identifies
 * a package (the cataloger, its purl and where it was found), never from discovery order.
 */
public final class PackageIds {
    private PackageIds() {}

    public static String of(String foundBy, String purl, String path) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = foundBy + '\n' + purl + '\n' + (path == null ? "" : path);
            byte[] digest = sha.digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
