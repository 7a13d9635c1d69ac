package dev.quiver.bridge.tools;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How {@code quiver dlq replay} runs ({@link DlqReplayCommand} declares the flags). Either {@code all} or a
 * non-empty {@code sequences} selects the letters.
 *
 * @param stream    the dead-letter stream
 * @param sink      only this sink's letters ({@code null}: every sink)
 * @param sequences these letters (sequences in the dead-letter stream, 1 or more; repeats dropped)
 * @param all       every letter (of {@code sink}, when given)
 * @param dryRun    print what would be replayed, publish and delete nothing
 * @param purge     delete each letter from the dead-letter stream once its replay is acknowledged
 */
public record DlqReplayConfig(String stream, String sink, List<Long> sequences, boolean all, boolean dryRun,
                              boolean purge) {
    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public DlqReplayConfig {
        requireStream(stream);
        sequences = sequences == null ? List.of() : List.copyOf(new LinkedHashSet<>(sequences));
        for (long sequence : sequences) {
            if (sequence < 1) {
                throw new IllegalArgumentException("--seq takes sequences 1 or more separated by commas, e.g."
                        + " --seq 12,13; got " + sequence);
            }
        }
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

    static void requireStream(String stream) {
        if (stream == null || !STREAM.matcher(stream).matches()) {
            throw new IllegalArgumentException("--dlq-stream must be letters, digits, - and _ (at most 64), got '"
                    + stream + "'");
        }
    }
}
