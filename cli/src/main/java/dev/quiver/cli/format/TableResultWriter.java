package dev.quiver.cli.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Aligned columns for a person: a header, a rule, at most {@code displayLimit} rows (numbers right-aligned, cells
 * wider than {@code maxCellWidth} cut with {@code …}, line breaks shown as {@code \n}) and a footer with the row
 * count. Rows past the limit are counted, not kept.
 */
final class TableResultWriter implements ResultWriter {
    static final int DEFAULT_MAX_CELL_WIDTH = 40;
    private static final String NULL = "null";

    private final PrintWriter out;
    private final int displayLimit;
    private final int maxCellWidth;
    private final List<String[]> rows = new ArrayList<>();
    private String[] header;
    private boolean[] rightAligned;
    private long totalRows;

    TableResultWriter(OutputStream out, int displayLimit, int maxCellWidth) {
        this.out = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        this.displayLimit = displayLimit;
        this.maxCellWidth = maxCellWidth;
    }

    @Override
    public void start(Schema schema) {
        List<Field> fields = schema.getFields();
        header = new String[fields.size()];
        rightAligned = new boolean[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            header[i] = clip(fields.get(i).getName());
            rightAligned[i] = CellValues.isNumeric(fields.get(i).getType());
        }
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        List<FieldVector> vectors = batch.getFieldVectors();
        for (int row = 0; row < batch.getRowCount(); row++) {
            totalRows++;
            if (displayLimit > 0 && rows.size() >= displayLimit) {
                continue;
            }
            String[] cells = new String[vectors.size()];
            for (int col = 0; col < cells.length; col++) {
                String text = CellValues.text(vectors.get(col), row);
                cells[col] = text == null ? NULL : clip(text);
            }
            rows.add(cells);
        }
    }

    @Override
    public void finish() throws IOException {
        int[] widths = new int[header.length];
        for (int col = 0; col < header.length; col++) {
            widths[col] = width(header[col]);
            for (String[] row : rows) {
                widths[col] = Math.max(widths[col], width(row[col]));
            }
        }
        printRow(header, widths, new boolean[header.length]);
        StringBuilder rule = new StringBuilder();
        for (int col = 0; col < widths.length; col++) {
            rule.append(col == 0 ? "" : "+").append("-".repeat(widths[col] + 2));
        }
        out.print(rule + "\n");
        for (String[] row : rows) {
            printRow(row, widths, rightAligned);
        }
        out.print(footer() + "\n");
        out.flush();
        if (out.checkError()) {
            throw new IOException("writing the table failed");
        }
    }

    private String footer() {
        if (rows.size() < totalRows) {
            return String.format(Locale.ROOT, "(showing the first %,d of %,d rows; --limit-display N shows more,"
                    + " --format csv all of them)", rows.size(), totalRows);
        }
        return String.format(Locale.ROOT, "(%,d row%s)", totalRows, totalRows == 1 ? "" : "s");
    }

    private void printRow(String[] cells, int[] widths, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int col = 0; col < cells.length; col++) {
            line.append(col == 0 ? " " : " | ");
            String pad = " ".repeat(widths[col] - width(cells[col]));
            if (right[col]) {
                line.append(pad).append(cells[col]);
            } else {
                line.append(cells[col]).append(pad);
            }
        }
        // no trailing blanks
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        line.setLength(end);
        out.print(line + "\n");
    }

    /** Makes a cell one line and at most {@code maxCellWidth} wide. */
    private String clip(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ");
        if (width(oneLine) <= maxCellWidth) {
            return oneLine;
        }
        int cut = oneLine.offsetByCodePoints(0, maxCellWidth - 1);
        return oneLine.substring(0, cut) + "…";
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
