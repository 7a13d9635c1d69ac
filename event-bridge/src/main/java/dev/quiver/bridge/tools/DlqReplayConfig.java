package dev.quiver.bridge.tools;

import dev.quiver.sinks.api.EventStreamContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How {@code quiver dlq replay} runs. Either {@code all} or a non-empty {@code sequences} selects the letters.
 *
 * @param natsUrl   {@code --nats-url} / {@code QUIVER_NATS_URL} (default {@code nats://127.0.0.1:4222})
 * @param stream    {@code --stream}: the dead-letter stream (default {@value DlqOptions#DEFAULT_STREAM})
 * @param sink      {@code --sink}: only this sink's letters (default: every sink)
 * @param sequences {@code --seq N[,M…]}: these letters (sequences in the dead-letter stream)
 * @param all       {@code --all}: every letter (of {@code --sink}, when given)
 * @param dryRun    {@code --dry-run}: print what would be replayed, publish and delete nothing
 * @param purge     {@code --purge}: delete each letter from the dead-letter stream once its replay is acknowledged
 */
public record DlqReplayConfig(String natsUrl, String stream, String sink, List<Long> sequences, boolean all,
                              boolean dryRun, boolean purge) {
    static final String HELP = String.join("\n",
            "Usage: quiver dlq replay (--all | --seq N[,M...]) [--sink NAME] [--dry-run] [--purge]",
            "                         [--stream NAME] [--nats-url URL]",
            "",
            "Publishes dead letters again: each selected letter's original payload, byte for byte, to the subject",
            "it was first published on, so the event-bridge delivers it to the sinks once more (fix the cause",
            "first: 'quiver dlq list' shows each reason). The publish carries " + EventStreamContract.MESSAGE_ID_HEADER + " = the event id when the",
            "letter has one; if the events stream still remembers that id (its duplicate window, 2 min by default)",
            "JetStream drops the publish as a duplicate: such letters are counted as 'duplicate', kept in the",
            "dead-letter stream, and can be replayed after the window has passed.",
            "",
            "Selection (one is required; both narrow with --sink):",
            "  --all              every letter",
            "  --seq N[,M...]     these letters, by their sequence in the dead-letter stream (see quiver dlq list)",
            "",
            "Options:",
            "  --sink NAME        only this sink's letters",
            "  --dry-run          print what would be replayed; publish and delete nothing",
            "  --purge            delete each letter from the dead-letter stream after JetStream acknowledged its",
            "                     replay (never before; letters dropped as duplicates or refused stay)",
            "  --stream NAME      the dead-letter stream (default " + DlqOptions.DEFAULT_STREAM
                    + ", as the event-bridge's --dlq-stream)",
            "  --nats-url URL     [QUIVER_NATS_URL] (default nats://127.0.0.1:4222)",
            "",
            "Examples:",
            "  quiver dlq replay --seq 12,13 --dry-run",
            "  quiver dlq replay --sink clickhouse --all --purge",
            "",
            "Exit status: 0 every selected letter was accepted (or it was a dry run), 1 some letter was refused,",
            "missing, or NATS failed, 2 bad command line.");

    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> VALUED = Set.of("sink", "seq", "stream", "nats-url");
    private static final Set<String> SWITCHES = Set.of("all", "dry-run", "purge");

    public DlqReplayConfig {
        requireStream(stream);
        sequences = List.copyOf(sequences);
        if (!all && sequences.isEmpty()) {
            throw new IllegalArgumentException("say which letters to replay: --all, or --seq N[,M...] with their"
                    + " sequences from 'quiver dlq list' (add --dry-run to see what would happen)");
        }
        if (all && !sequences.isEmpty()) {
            throw new IllegalArgumentException("give either --all or --seq, not both");
        }
        if (sink != null && sink.isBlank()) {
            throw new IllegalArgumentException("--sink needs a sink name, e.g. clickhouse");
        }
    }

    /** Reads the flags, falling back to {@code env} and the defaults. */
    public static DlqReplayConfig parse(String[] args, Map<String, String> env) {
        DlqOptions options = DlqOptions.parse(args, VALUED, SWITCHES);
        return new DlqReplayConfig(options.natsUrl(env), options.get("stream", DlqOptions.DEFAULT_STREAM),
                options.get("sink", null), sequences(options.get("seq", null)), options.on("all"),
                options.on("dry-run"), options.on("purge"));
    }

    private static List<Long> sequences(String text) {
        List<Long> sequences = new ArrayList<>();
        if (text == null) {
            return sequences;
        }
        for (String part : text.split(",", -1)) {
            try {
                long sequence = Long.parseLong(part.strip());
                if (sequence < 1) {
                    throw new NumberFormatException();
                }
                if (!sequences.contains(sequence)) {
                    sequences.add(sequence);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--seq takes sequences 1 or more separated by commas, e.g."
                        + " --seq 12,13; got '" + text + "'");
            }
        }
        return sequences;
    }

    static void requireStream(String stream) {
        if (stream == null || !STREAM.matcher(stream).matches()) {
            throw new IllegalArgumentException("--stream must be letters, digits, - and _ (at most 64), got '"
                    + stream + "'");
        }
    }
}
