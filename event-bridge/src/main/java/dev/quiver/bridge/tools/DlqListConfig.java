package dev.quiver.bridge.tools;

/**
 * How {@code quiver dlq list} runs ({@link DlqListCommand} declares the flags).
 *
 * @param stream the dead-letter stream
 * @param sink   only this sink's letters ({@code null}: every sink)
 * @param limit  letters printed at most, oldest first (the summary counts all)
 * @param format {@code table} or {@code json}
 */
public record DlqListConfig(String stream, String sink, int limit, Format format) {
    /** How the letters are printed. */
    public enum Format { TABLE, JSON }

    public DlqListConfig {
        DlqReplayConfig.requireStream(stream);
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 or more, got " + limit);
        }
        if (sink != null && sink.isBlank()) {
            throw new IllegalArgumentException("--sink needs a sink name, e.g. clickhouse");
        }
        if (format == null) {
            throw new IllegalArgumentException("--format must be table or json");
        }
    }
}
