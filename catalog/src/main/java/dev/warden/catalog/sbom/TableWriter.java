package dev.warden.catalog.sbom;

import dev.warden.core.SafeText;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.io.output.CloseShieldOutputStream;

/** A plain table for people: TYPE, NAME, VERSION, LICENCES, sorted by type, name and version. */
public final class TableWriter implements SbomWriter {
    private static final Comparator<Package> ORDER = Comparator
            .comparing((Package p) -> nullToEmpty(p.type()))
            .thenComparing(TableWriter::displayName)
            .thenComparing(p -> nullToEmpty(p.version()));

    @Override
    public void write(Sbom sbom, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(CloseShieldOutputStream.wrap(out), StandardCharsets.UTF_8));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TYPE", "NAME", "VERSION", "LICENCES"});
        sbom.packages().stream().sorted(ORDER).forEach(p -> rows.add(new String[] {
            SafeText.clean(dash(p.type())), SafeText.clean(displayName(p)), SafeText.clean(dash(p.version())),
            p.licenses().isEmpty() ? "-" : SafeText.clean(String.join(", ", p.licenses()))}));
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            w.println(line.toString().stripTrailing());
        }
        sbom.selection().caveat().ifPresent(caveat -> w.println("WARNING: " + caveat));
        w.flush();
        if (w.checkError()) { // PrintWriter keeps write errors (a full disk, /dev/full) to itself
            throw new java.io.IOException("write failed");
        }
    }

    /** Maven and npm scoped names read better with their group: org.slf4j:slf4j-api, @babel/core. */
    static String displayName(Package p) {
        String name = nullToEmpty(p.name());
        if (p.namespace() == null || p.namespace().isBlank()) {
            return name;
        }
        return switch (nullToEmpty(p.type())) {
            case "maven" -> p.namespace() + ":" + name;
            case "npm", "golang", "composer" -> p.namespace() + "/" + name;
            default -> name;
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String dash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
