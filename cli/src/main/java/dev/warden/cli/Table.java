package dev.warden.cli;

import dev.warden.core.SafeText;
import java.io.PrintWriter;
import java.util.List;

/** Prints rows as left-aligned columns; the first row is the header. */
final class Table {
    private Table() {}

    static void print(List<String[]> given, PrintWriter out) {
        if (given.isEmpty()) {
            return;
        }
        // names from images and registries: control characters shown as escapes, before the widths are measured
        List<String[]> rows = given.stream()
                .map(row -> java.util.Arrays.stream(row).map(c -> c == null ? null : SafeText.clean(c)).toArray(String[]::new)).toList();
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i] == null ? 1 : row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i] == null ? "-" : row[i];
                line.append(cell);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
