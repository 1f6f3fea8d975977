package dev.warden.catalog.sbom;

import dev.warden.core.SbomSelection;
import dev.warden.core.WardenException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the cataloguing left out ({@link SbomSelection}) as {@code warden:selection:} name/value pairs, one per entry
 * (a glob may hold any character but a line break, so lists are not joined): CycloneDX {@code metadata.properties},
 * SPDX {@code creationInfo.comment} lines ({@code NAME=VALUE}). An SBOM without them was catalogued whole.
 *
 * <pre>
 * warden:selection:catalogers, warden:selection:skip-dirs, warden:selection:skip-files
 * </pre>
 */
final class SelectionFacts {
    static final String CATALOGERS = "warden:selection:catalogers";
    static final String SKIP_DIRS = "warden:selection:skip-dirs";
    static final String SKIP_FILES = "warden:selection:skip-files";

    private SelectionFacts() {}

    static List<PackageFacts.Fact> of(SbomSelection selection) {
        List<PackageFacts.Fact> facts = new ArrayList<>();
        selection.catalogers().forEach(c -> facts.add(new PackageFacts.Fact(CATALOGERS, oneLine(c))));
        selection.skipDirs().forEach(g -> facts.add(new PackageFacts.Fact(SKIP_DIRS, oneLine(g))));
        selection.skipFiles().forEach(g -> facts.add(new PackageFacts.Fact(SKIP_FILES, oneLine(g))));
        return facts;
    }

    /** The selection {@code facts} record (other names are ignored); {@link SbomSelection#ALL} when none. */
    static SbomSelection read(List<PackageFacts.Fact> facts, String file) {
        List<String> catalogers = new ArrayList<>();
        List<String> skipDirs = new ArrayList<>();
        List<String> skipFiles = new ArrayList<>();
        int count = 0;
        for (PackageFacts.Fact f : facts) {
            List<String> target = switch (f.name()) {
                case CATALOGERS -> catalogers;
                case SKIP_DIRS -> skipDirs;
                case SKIP_FILES -> skipFiles;
                default -> null;
            };
            if (target == null) {
                continue;
            }
            if (++count > SbomSelection.MAX_ENTRIES) {
                throw new WardenException(file + ": more than " + SbomSelection.MAX_ENTRIES + " warden:selection: entries");
            }
            target.add(f.value());
        }
        return new SbomSelection(catalogers, skipDirs, skipFiles);
    }

    /** SPDX's comment holds the facts as {@code NAME=VALUE} lines: a line break in a value would end it early. */
    private static String oneLine(String value) {
        return value.replace('\r', ' ').replace('\n', ' ');
    }

    /** The SPDX {@code creationInfo.comment}: a sentence for people, then one {@code NAME=VALUE} line per entry. */
    static String spdxComment(SbomSelection selection) {
        StringBuilder comment = new StringBuilder(selection.caveat().orElseThrow());
        for (PackageFacts.Fact f : of(selection)) {
            comment.append('\n').append(f.name()).append('=').append(f.value());
        }
        return comment.toString();
    }

    /** The facts of an SPDX {@code creationInfo.comment} written by {@link #spdxComment}; other lines are ignored. */
    static List<PackageFacts.Fact> fromSpdxComment(String comment) {
        List<PackageFacts.Fact> facts = new ArrayList<>();
        if (comment == null) {
            return facts;
        }
        for (String line : comment.split("\n", -1)) {
            int eq = line.indexOf('=');
            if (line.startsWith("warden:selection:") && eq > 0) {
                facts.add(new PackageFacts.Fact(line.substring(0, eq), line.substring(eq + 1)));
            }
        }
        return facts;
    }
}
