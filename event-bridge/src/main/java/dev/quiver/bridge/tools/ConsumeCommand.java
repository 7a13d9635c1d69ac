package dev.quiver.bridge.tools;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quiver events consume}: pulls and acknowledges events, storing nothing; the JetStream floor of the bridge. */
@Command(name = "consume", mixinStandardHelpOptions = true, sortOptions = false,
        descriptionHeading = "%n", optionListHeading = "%nOptions:%n", footerHeading = "%n",
        description = {
            "Pulls events from the events stream through a new consumer of its own and acknowledges each one, storing"
                    + " nothing, with a progress bar on stderr and a summary JSON on stdout (events/s and this"
                    + " process's CPU seconds). The consumer works like the bridge's (pull requests of --batch-size,"
                    + " an acknowledgement per event), so its rate is the most a bridge can reach on this machine:"
                    + " make bench prints it beside the bridge. The sinks' own consumers are not touched; the new"
                    + " consumer is deleted at the end."},
        footer = {
            "Example: quiver events generate --count 1000000 --rate 0 && quiver events consume --count 1000000",
            "",
            "Exit status: 0 every event consumed, 1 NATS or JetStream failed or fewer events came (the message says"
                    + " what to do), 2 bad command line."})
public final class ConsumeCommand implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "${env:QUIVER_EVENTS_COUNT:-100000}", paramLabel = "N",
            description = "Events to pull and acknowledge; the stream must hold at least this many on --subject (as many as events generate published, by default).")
    long count;

    @Option(names = "--batch-size", defaultValue = "${env:QUIVER_EVENTS_BATCH_SIZE:-10000}", paramLabel = "N",
            description = "Events asked for by one pull request, as the bridge's --batch-size does.")
    int batchSize;

    @Option(names = "--subject", paramLabel = "SUBJECT",
            description = "Only events on this subject, e.g. quiver.events.Order.> (default: every event subject).")
    String subject;

    @Option(names = "--idle-timeout", defaultValue = "${env:QUIVER_EVENTS_IDLE_TIMEOUT:-10s}", paramLabel = "DURATION",
            description = "Longest wait for the next event; beyond it the run fails.")
    Duration idleTimeout;

    @Option(names = "--ack", defaultValue = "each", paramLabel = "MODE",
            description = "each: an ack per event, as the bridge does; last: one per pull request, for its last event"
                    + " (ack policy all); none: no acks (ack policy none). One of: ${COMPLETION-CANDIDATES}.")
    ConsumeConfig.Ack ack;

    @Mixin
    EventStreamOptions streams;

    @Spec
    CommandSpec spec;

    ConsumeConfig config() {
        String filter = subject != null ? subject : streams.events.subjectPrefix() + ".>";
        return new ConsumeConfig(streams.events.stream(), filter, count, batchSize, idleTimeout, ack);
    }

    @Override
    public Integer call() {
        ConsumeConfig config = config();
        String name = spec.qualifiedName();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return streams.run(spec, EventStreamOptions.REQUEST_TIMEOUT, nats -> {
            ProgressBar bar = new ProgressBar(err, "events", config.count());
            EventConsumer.Summary summary = new EventConsumer(nats, config, warning -> err.println(name + ": " + warning))
                    .run(bar::update);
            bar.finish(summary.consumed());
            out.println(summary.toJson());
            out.flush();
            if (summary.firstError() != null) {
                err.println(name + ": " + summary.firstError());
                return 1;
            }
            return 0;
        });
    }
}
