package dev.warden.catalog.lang;

import dev.warden.core.Package;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Installed Python distributions: {@code NAME-VER.dist-info/METADATA} (wheels, pip), {@code NAME.egg-info/PKG-INFO}
 * and a plain-file {@code NAME.egg-info} (setuptools, Debian's python3-* packages), and
 * {@code NAME.egg/EGG-INFO/PKG-INFO} (eggs). The package keeps the name as the metadata writes it
 * ("PyYAML"); its purl carries the PEP 503 normalised one ({@code pkg:pypi/pyyaml@6.0.1}).
 *
 * <p>A wheel's {@code NAME-VER.dist-info/RECORD} (written by pip and every installer following the binary distribution
 * format spec) lists the files the distribution installed, relative to the folder holding the {@code .dist-info}
 * (site-packages; scripts as {@code ../../../bin/x}) or absolute. They become the package's owned files
 * ({@link PythonRecord}), so that what is found inside them (a bundled jar, a Rust or Go extension) names the package as
 * its owner, as files of a dpkg package do.
 */
public final class PythonPackageCataloger extends FileParsingCataloger {

    /**
     * A {@code License:} value longer than this, or on several lines, is the licence's full text (setup.py
     * often passes the LICENSE file), not a name; only its first line is then considered.
     */
    static final int MAX_LICENSE_NAME_CHARS = 100;

    @Override
    public String name() {
        return "python-package";
    }

    /** 2: RECORD file lists are read (owned files). */
    @Override
    public String version() {
        return "2";
    }

    @Override
    boolean wants(FileEntry entry) {
        String path = entry.path();
        return path.endsWith(".dist-info/METADATA") || path.endsWith(".dist-info/RECORD") || path.endsWith(".egg-info/PKG-INFO")
                || path.endsWith(".egg/EGG-INFO/PKG-INFO") || entry.name().endsWith(".egg-info");
    }

    @Override
    Object startRun() {
        return new PythonRecord.Lists();
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        if (entry.path().endsWith(".dist-info/RECORD")) {
            PythonRecord.Lists lists = (PythonRecord.Lists) found.run();
            lists.add(PythonRecord.read(entry.path(), content, found::warn));
            return;
        }
        PythonMetadata metadata = PythonMetadata.read(content, LangLimits.MAX_METADATA_BYTES, entry.path());
        String name = metadata.first("Name");
        String version = metadata.first("Version");
        if (name == null || version == null) {
            throw new WardenException(entry.path() + ": python metadata without Name or Version, skipped");
        }
        found.add(new LangPackages.Coordinates("pypi", null, name, version), licenses(metadata, found.licenses()), Map.of());
    }

    @Override
    Collection<String> ownedFiles(Package pkg, Object run) {
        if (pkg.locations().isEmpty()) {
            return null;
        }
        String metadata = pkg.locations().getFirst().path();
        if (!metadata.endsWith(".dist-info/METADATA")) {
            return null;
        }
        return ((PythonRecord.Lists) run).of(metadata.substring(0, metadata.lastIndexOf('/')));
    }

    /**
     * PEP 639's {@code License-Expression} (SPDX) first; else a {@code License:} that names a known licence;
     * else the licence trove classifiers, each mapped to its SPDX id when it names exactly one; else the
     * {@code License:} name. Names without an SPDX id are kept as named licences (LicenseRef-), never
     * resolved by guess ("BSD License": which BSD?).
     */
    static List<String> licenses(PythonMetadata metadata, Licenses licenses) {
        String expression = metadata.first("License-Expression");
        if (expression != null) {
            return licenses.of(expression);
        }
        List<String> stated = licenses.of(licenseName(metadata.first("License"), licenses));
        if (!stated.isEmpty() && stated.stream().noneMatch(l -> l.contains("LicenseRef-"))) {
            return stated;
        }
        List<String> classified = new ArrayList<>();
        for (String classifier : metadata.all("Classifier")) {
            if (!classifier.strip().startsWith("License ::")) {
                continue;
            }
            Optional<String> id = licenses.fromClassifier(classifier);
            String last = classifier.substring(classifier.lastIndexOf("::") + 2).strip();
            if (id.isPresent()) {
                addOnce(classified, id.get());
            } else if (!last.equals("OSI Approved")) { // the bare category names no licence
                licenses.of(last).forEach(l -> addOnce(classified, l)); // kept as a named licence
            }
        }
        return classified.isEmpty() ? stated : classified;
    }

    /**
     * The licence name a {@code License:} value holds: the value when short, else the first line of a full
     * text when that line is itself a known licence ("MIT License", "Apache-2.0"); null otherwise.
     */
    private static String licenseName(String value, Licenses licenses) {
        if (value == null || value.equalsIgnoreCase("UNKNOWN")) {
            return null; // setuptools writes UNKNOWN for "not given"
        }
        if (!value.contains("\n") && value.length() <= MAX_LICENSE_NAME_CHARS) {
            return value;
        }
        String firstLine = value.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (firstLine.length() > MAX_LICENSE_NAME_CHARS) {
            return null;
        }
        List<String> ids = licenses.of(firstLine);
        return ids.size() == 1 && !ids.getFirst().contains("LicenseRef-") ? firstLine : null;
    }

    private static void addOnce(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }
}
