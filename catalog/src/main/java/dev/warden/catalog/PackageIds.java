package dev.warden.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import dev.warden.core.Package;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

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

    /**
     * Catalogers give ids; a missing one is derived from the package, and a clash (two catalogers
     * choosing the same id) gets a numbered suffix so references stay unambiguous.
     */
    static List<Package> unique(List<Package> packages) {
        Set<String> seen = new HashSet<>();
        List<Package> result = new ArrayList<>(packages.size());
        for (Package pkg : packages) {
            String id = pkg.id();
            if (id == null || id.isBlank()) {
                id = of(pkg.foundBy(), pkg.purl(), pkg.locations().isEmpty() ? "" : pkg.locations().get(0).path());
            }
            String unique = id;
            for (int n = 2; !seen.add(unique); n++) {
                unique = id + "-" + n;
            }
            result.add(unique.equals(pkg.id()) ? pkg : pkg.withId(unique));
        }
        return result;
    }
}
