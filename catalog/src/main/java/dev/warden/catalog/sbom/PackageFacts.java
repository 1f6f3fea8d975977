package dev.warden.catalog.sbom;

import dev.warden.core.Location;
import dev.warden.core.SourcePackage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts about a package that neither CycloneDX nor SPDX has a field for, as {@code warden:}
 * name/value pairs: CycloneDX carries them as component properties, SPDX as package annotations.
 * Both readers turn them back with {@link #read}, so a round trip keeps them.
 *
 * <pre>
 * warden:package:id               the package's id (SPDX only; CycloneDX uses bom-ref)
 * warden:package:type             purl type (also when the package has no purl)
 * warden:package:foundBy          the cataloger that found it
 * warden:source:name / :version   source package (dpkg Source:, apk origin, rpm SOURCERPM)
 * warden:location:N:path          N-th place the package was found, from 0
 * warden:location:N:layerDiffID   diff_id of the layer that put it there
 * warden:*                        the package's own properties, under their own names (keys without
 *                                 the warden: prefix get warden:property:KEY)
 * </pre>
 * Properties whose key ends in {@code sha1}, {@code sha256}, {@code sha512} or {@code md5} (with a
 * hex value) become the format's hashes/checksums instead, and come back as {@code warden:sha1}...
 */
public final class PackageFacts {
    /** The package's id; written only where the format has no field for it (SPDX: SPDXIDs are restricted). */
    public static final String ID = "warden:package:id";
    public static final String TYPE = "warden:package:type";
    public static final String FOUND_BY = "warden:package:foundBy";
    public static final String SOURCE_NAME = "warden:source:name";
    public static final String SOURCE_VERSION = "warden:source:version";
    public static final String LOCATION_PREFIX = "warden:location:";
    public static final String PATH_SUFFIX = ":path";
    public static final String LAYER_SUFFIX = ":layerDiffID";
    private static final String PROPERTY_PREFIX = "warden:property:";
    private static final Pattern LOCATION = Pattern.compile("warden:location:(\\d{1,6}):(path|layerDiffID)");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    /** Hash algorithms by the name that ends a property key; values are the SPDX algorithm names. */
    private static final Map<String, String> HASH_KEYS = Map.of("sha1", "SHA1", "sha256", "SHA256", "sha512", "SHA512", "md5", "MD5");

    /** A hash taken from a package's properties: SPDX algorithm name (SHA1, SHA256...) and lower-case hex. */
    public record Hash(String algorithm, String value) {}

    /** One name/value pair. */
    public record Fact(String name, String value) {}

    private PackageFacts() {}

    /** The facts of {@code pkg} in a stable order; hashes are left out (see {@link #hashes}). */
    public static List<Fact> of(dev.warden.core.Package pkg) {
        List<Fact> facts = new ArrayList<>();
        add(facts, TYPE, pkg.type());
        add(facts, FOUND_BY, pkg.foundBy());
        if (pkg.source() != null) {
            add(facts, SOURCE_NAME, pkg.source().name());
            add(facts, SOURCE_VERSION, pkg.source().version());
        }
        for (int i = 0; i < pkg.locations().size(); i++) {
            Location l = pkg.locations().get(i);
            // empty values too: a root filesystem has no layers, and "" must not come back as null
            if (l.path() != null) {
                facts.add(new Fact(LOCATION_PREFIX + i + PATH_SUFFIX, l.path()));
            }
            if (l.layerDiffId() != null) {
                facts.add(new Fact(LOCATION_PREFIX + i + LAYER_SUFFIX, l.layerDiffId()));
            }
        }
        new TreeMap<>(pkg.properties()).forEach((key, value) -> {
            if (hashAlgorithm(key, value) == null) {
                add(facts, key.startsWith("warden:") ? key : PROPERTY_PREFIX + key, value);
            }
        });
        return facts;
    }

    /** The hashes among the package's properties. */
    public static List<Hash> hashes(dev.warden.core.Package pkg) {
        List<Hash> hashes = new ArrayList<>();
        new TreeMap<>(pkg.properties()).forEach((key, value) -> {
            String algorithm = hashAlgorithm(key, value);
            if (algorithm != null) {
                hashes.add(new Hash(algorithm, value.toLowerCase(Locale.ROOT)));
            }
        });
        return hashes;
    }

    /** The property key a hash comes back as. */
    public static String hashProperty(String spdxAlgorithm) {
        return "warden:" + spdxAlgorithm.toLowerCase(Locale.ROOT).replace("-", "");
    }

    /** What the {@code warden:} facts among {@code facts} say; other names are ignored. */
    public static Read read(List<Fact> facts) {
        Read r = new Read();
        TreeMap<Integer, String[]> locations = new TreeMap<>();
        for (Fact f : facts) {
            if (f.name() == null || f.value() == null || !f.name().startsWith("warden:")) {
                continue;
            }
            r.fromWarden = true;
            Matcher m = LOCATION.matcher(f.name());
            if (m.matches()) {
                String[] loc = locations.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new String[2]);
                loc[m.group(2).equals("path") ? 0 : 1] = f.value();
            } else if (f.name().equals(ID)) {
                r.id = f.value();
            } else if (f.name().equals(TYPE)) {
                r.type = f.value();
            } else if (f.name().equals(FOUND_BY)) {
                r.foundBy = f.value();
            } else if (f.name().equals(SOURCE_NAME)) {
                r.sourceName = f.value();
            } else if (f.name().equals(SOURCE_VERSION)) {
                r.sourceVersion = f.value();
            } else if (f.name().startsWith(PROPERTY_PREFIX)) {
                r.properties.put(f.name().substring(PROPERTY_PREFIX.length()), f.value());
            } else {
                r.properties.put(f.name(), f.value());
            }
        }
        locations.values().forEach(l -> r.locations.add(new Location(l[0], l[1])));
        return r;
    }

    /** Facts read back. */
    public static final class Read {
        /** Whether any warden: fact was present, i.e. Warden wrote this element. */
        boolean fromWarden;
        String id;
        String type;
        String foundBy;
        String sourceName;
        String sourceVersion;
        final List<Location> locations = new ArrayList<>();
        final Map<String, String> properties = new TreeMap<>();

        boolean any() {
            return fromWarden;
        }

        SourcePackage source() {
            return sourceName == null ? null : new SourcePackage(sourceName, sourceVersion);
        }
    }

    private static String hashAlgorithm(String key, String value) {
        if (value == null || !HEX.matcher(value).matches()) {
            return null;
        }
        String last = key.substring(key.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT).replace("-", "");
        return HASH_KEYS.get(last);
    }

    private static void add(List<Fact> facts, String name, String value) {
        if (value != null && !value.isEmpty()) {
            facts.add(new Fact(name, value));
        }
    }
}
