package dev.quiver.bridge.tools;

import dev.quiver.sinks.api.EventStreamContract;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quiver dlq replay}: publishes dead letters again to the subjects they were first published on. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        descriptionHeading = "%n", optionListHeading = "%nOptions:%n", footerHeading = "%n",
        description = {
            "Publishes dead letters again: each selected letter's original payload, byte for byte, to the subject it"
                    + " was first published on, so the event-bridge delivers it to the sinks once more (fix the"
                    + " cause first: 'quiver dlq list' shows each reason). The publish carries "
                    + EventStreamContract.MESSAGE_ID_HEADER + " = the event id when the letter has one; if the"
                    + " events stream still remembers that id (its duplicate window, 2 min by default) JetStream"
                    + " drops the publish as a duplicate: such letters are counted as 'duplicate', kept in the"
                    + " dead-letter stream, and can be replayed after the window has passed.",
            "",
            "Select the letters with --all or --seq (one is required; --sink narrows either)."},
        footer = {
            "Examples:",
            "  quiver dlq replay --seq 12,13 --dry-run",
            "  quiver dlq replay --sink clickhouse --all --purge",
            "",
            "Exit status: 0 every selected letter was accepted (or it was a dry run), 1 some letter was refused,"
                    + " missing, or NATS failed, 2 bad command line."})
public final class DlqReplayCommand implements Callable<Integer> {
    /** Replays of at least this many letters draw a progress bar on stderr. */
    private static final long PROGRESS_FROM = 100;

    @Option(names = "--all", // what this replay selects: an argument, never read from the environment
            description = "Every letter.")
    boolean all;

    @Option(names = "--seq", split = ",", paramLabel = "N",
            description = "These letters, by their sequence in the dead-letter stream (see quiver dlq list),"
                    + " e.g. --seq 12,13.")
    List<Long> sequences;

    @Option(names = "--sink", defaultValue = "${env:QUIVER_DLQ_SINK}", paramLabel = "NAME",
            description = "Only this sink's letters, e.g. clickhouse or elasticsearch (none: every sink).")
    String sink;

    @Option(names = "--dry-run",
            description = "Print what would be replayed; publish and delete nothing.")
    boolean dryRun;

    @Option(names = "--purge",
            description = "Delete each letter from the dead-letter stream after JetStream acknowledged its replay"
                    + " (never before; letters dropped as duplicates or refused stay).")
    boolean purge;

    @Mixin
    EventStreamOptions streams;

    @Spec
    CommandSpec spec;

    DlqReplayConfig config() {
        return new DlqReplayConfig(streams.deadLetters.stream(), sink, sequences, all, dryRun, purge);
    }

    @Override
    public Integer call() {
        DlqReplayConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return streams.run(spec, EventStreamOptions.REQUEST_TIMEOUT, nats -> {
            DeadLetterStream stream = new DeadLetterStream(nats.jetStreamManagement(), config.stream());
            DeadLetterReplayer replayer = new DeadLetterReplayer(nats.jetStream(), stream, err);
            ProgressBar[] bar = new ProgressBar[1];
            long[] replayed = new long[1];
            DeadLetterReplayer.Summary summary = replayer.replay(config, (done, total) -> {
                replayed[0] = done;
                if (bar[0] == null && total >= PROGRESS_FROM && !config.dryRun()) {
                    bar[0] = new ProgressBar(err, "replay", total);
                }
                if (bar[0] != null) {
                    bar[0].update(done);
                }
            });
            if (bar[0] != null) {
                bar[0].finish(replayed[0]);
            }
            out.println(summary.describe());
            out.flush();
            return summary.failed() > 0 ? 1 : 0;
        });
    }
}
