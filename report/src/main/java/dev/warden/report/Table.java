package dev.warden.report;

import java.io.PrintWriter;
import java.util.List;

/** Plain aligned columns for the terminal views that need no grouping or colour. */
final class Table {
    private Table() {}

    static void print(PrintWriter w, String[] header, List<String[]> rows) {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i] == null ? 1 : row[i].length());
            }
        }
        line(w, header, width);
        for (String[] row : rows) {
            line(w, row, width);
        }
    }

    private static void line(PrintWriter w, String[] cells, int[] width) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i] == null ? "-" : TableFormat.printable(cells[i]);
            s.append(cell);
            if (i < cells.length - 1) {
                s.append(" ".repeat(width[i] - cell.length() + 2));
            }
        }
        w.println(s.toString().stripTrailing());
    }
}
