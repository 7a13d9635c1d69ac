package dev.quiver.bridge.tools;

import java.util.Map;
import java.util.Set;

/**
 * How {@code quiver dlq list} runs.
 *
 * @param natsUrl {@code --nats-url} / {@code QUIVER_NATS_URL} (default {@code nats://127.0.0.1:4222})
 * @param stream  {@code --stream}: the dead-letter stream (default {@value DlqOptions#DEFAULT_STREAM})
 * @param sink    {@code --sink}: only this sink's letters (default: every sink)
 * @param limit   {@code --limit}: letters printed at most, oldest first (default 50; the summary counts all)
 * @param format  {@code --format}: {@code table} or {@code json} (default {@code table})
 */
public record DlqListConfig(String natsUrl, String stream, String sink, int limit, Format format) {
    /** How the letters are printed. */
    public enum Format { TABLE, JSON }

    static final String HELP = String.join("\n",
            "Usage: quiver dlq list [--limit N] [--sink NAME] [--format table|json] [--stream NAME] [--nats-url URL]",
            "",
            "Shows the dead letters: events the event-bridge could never store in a sink (a poison message, or one",
            "the sink refused for good). Each line is one letter: its sequence in the dead-letter stream, when it was",
            "dead-lettered, the sink, the cause and reason, the subject it was first published on, its event id",
            "(when it could be decoded), the payload size and the first 80 characters of the payload. Below: how",
            "many letters there are per sink and reason. Reading does not consume them; they stay until replayed",
            "with --purge (quiver dlq replay) or removed by the stream's limits.",
            "",
            "Options:",
            "  --limit N          letters printed at most, oldest first (default 50); the summary counts all",
            "  --sink NAME        only this sink's letters (e.g. clickhouse, elasticsearch)",
            "  --format F         table (default) or json (one object with letters and counts)",
            "  --stream NAME      the dead-letter stream (default " + DlqOptions.DEFAULT_STREAM
                    + ", as the event-bridge's --dlq-stream)",
            "  --nats-url URL     [QUIVER_NATS_URL] (default nats://127.0.0.1:4222)",
            "",
            "Examples:",
            "  quiver dlq list",
            "  quiver dlq list --sink clickhouse --limit 10",
            "  quiver dlq list --format json | jq '.counts'",
            "",
            "Exit status: 0 listed (also when empty), 1 NATS or the stream failed, 2 bad command line.");

    private static final Set<String> VALUED = Set.of("limit", "sink", "format", "stream", "nats-url");

    public DlqListConfig {
        DlqReplayConfig.requireStream(stream);
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 or more, got " + limit);
        }
        if (sink != null && sink.isBlank()) {
            throw new IllegalArgumentException("--sink needs a sink name, e.g. clickhouse");
        }
    }

    /** Reads the flags, falling back to {@code env} and the defaults. */
    public static DlqListConfig parse(String[] args, Map<String, String> env) {
        DlqOptions options = DlqOptions.parse(args, VALUED, Set.of());
        long limit = options.number("limit", 50);
        if (limit > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--limit is too large: " + limit);
        }
        String format = options.get("format", "table");
        Format parsed = switch (format) {
            case "table" -> Format.TABLE;
            case "json" -> Format.JSON;
            default -> throw new IllegalArgumentException("--format must be table or json, got '" + format + "'");
        };
        return new DlqListConfig(options.natsUrl(env), options.get("stream", DlqOptions.DEFAULT_STREAM),
                options.get("sink", null), (int) limit, parsed);
    }
}
