package dev.quiver.cli.format;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;

/** The formats {@code quiver query --format} knows, each with its {@link ResultWriter}. */
public enum OutputFormat {
    /** Aligned columns for a person to read. */
    TABLE(false),
    /** RFC 4180 CSV with a header row. */
    CSV(false),
    /** JSON Lines: one JSON object per row. */
    JSON(false),
    /** The Arrow IPC stream format. */
    ARROW(true);

    private final boolean binary;

    OutputFormat(boolean binary) {
        this.binary = binary;
    }

    public boolean isBinary() {
        return binary;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code name} (case-insensitive; {@code jsonl} is {@link #JSON}), or {@code null}. */
    public static OutputFormat fromCliName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("jsonl") || lower.equals("ndjson")) {
            return JSON;
        }
        for (OutputFormat format : values()) {
            if (format.cliName().equals(lower)) {
                return format;
            }
        }
        return null;
    }

    public static String cliNames() {
        return Arrays.stream(values()).map(OutputFormat::cliName).collect(Collectors.joining("|"));
    }

    /**
     * A writer for this format.
     *
     * @param out          where to write; not closed by the writer
     * @param allocator    buffers for the {@link #ARROW} writer
     * @param displayLimit {@link #TABLE} only: rows to show, 0 for all
     */
    public ResultWriter open(OutputStream out, BufferAllocator allocator, int displayLimit) {
        return switch (this) {
            case TABLE -> new TableResultWriter(out, displayLimit, TableResultWriter.DEFAULT_MAX_CELL_WIDTH);
            case CSV -> new CsvResultWriter(out);
            case JSON -> new JsonLinesResultWriter(out);
            case ARROW -> new ArrowStreamResultWriter(out, allocator);
        };
    }
}
