package dev.warden.catalog.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A groupId from what a Java archive says of itself when it has no pom.properties: claims in its manifest
 * (Implementation-Vendor-Id, which Maven's archiver wrote; Gradle's "group#artifact;version" Implementation-Title;
 * a Bundle-SymbolicName of "group.artifactId") taken only where every claim agrees with the others and with the
 * packages of the classes inside. What it finds is a low-confidence identity: nothing here was published as the
 * coordinates.
 */
final class ArchiveEvidence {
    /** Distinct class packages remembered per archive: enough to see where the code lives. */
    static final int MAX_PACKAGES = 4096;
    /**
     * A groupId taken from a Bundle-SymbolicName must have this many parts: "org.apache.tomcat-embed-core" would give
     * "org.apache", which is the prefix of hundreds of groups (the real one is org.apache.tomcat.embed).
     */
    static final int MIN_SYMBOLIC_NAME_GROUP_PARTS = 3;
    /** Share of the class packages that must lie under the claimed groupId. */
    static final double MIN_PACKAGE_AGREEMENT = 0.5;

    private static final Pattern IVY_TITLE = Pattern.compile("([A-Za-z0-9_.-]+)#([A-Za-z0-9_.-]+);(.+)");
    private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+");

    private ArchiveEvidence() {}

    /** The groupId every piece of evidence agrees on, if there is one. */
    static Optional<String> groupId(Attributes main, String artifactId, Set<String> packages) {
        List<String> claims = new ArrayList<>();
        String vendorId = value(main, "Implementation-Vendor-Id");
        if (vendorId != null && GROUP_ID.matcher(vendorId).matches()) {
            claims.add(vendorId);
        }
        for (String attribute : List.of("Implementation-Title", "Bundle-Name", "Specification-Title")) {
            String title = value(main, attribute);
            Matcher m = title == null ? null : IVY_TITLE.matcher(title);
            if (m != null && m.matches() && m.group(2).equals(artifactId)) {
                claims.add(m.group(1));
            }
        }
        String symbolic = value(main, "Bundle-SymbolicName");
        if (symbolic != null) {
            String name = symbolic.split(";", 2)[0].strip();
            if (name.endsWith("." + artifactId)) {
                String group = name.substring(0, name.length() - artifactId.length() - 1);
                if (group.split("\\.").length >= MIN_SYMBOLIC_NAME_GROUP_PARTS) {
                    claims.add(group);
                }
            }
        }
        if (claims.isEmpty() || claims.stream().distinct().count() > 1 || packages.isEmpty()) {
            return Optional.empty();
        }
        String group = claims.getFirst();
        long under = packages.stream().filter(p -> p.equals(group) || p.startsWith(group + ".")).count();
        return under >= MIN_PACKAGE_AGREEMENT * packages.size() ? Optional.of(group) : Optional.empty();
    }

    /** The package of a class entry ("org/x/A.class" -> "org.x"), multi-release folders skipped; null for none. */
    static String packageOf(String entryName) {
        String name = entryName;
        if (name.startsWith("META-INF/versions/")) {
            int slash = name.indexOf('/', "META-INF/versions/".length());
            if (slash < 0) {
                return null;
            }
            name = name.substring(slash + 1);
        }
        if (name.startsWith("META-INF/") || name.startsWith("BOOT-INF/") || name.startsWith("WEB-INF/")) {
            return null;
        }
        int slash = name.lastIndexOf('/');
        return slash <= 0 ? null : name.substring(0, slash).replace('/', '.');
    }

    private static String value(Attributes main, String name) {
        return main == null ? null : LangPackages.blankToNull(main.getValue(name));
    }
}
