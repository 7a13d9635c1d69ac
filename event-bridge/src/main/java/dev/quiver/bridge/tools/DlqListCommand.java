package dev.quiver.bridge.tools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quiver dlq list}: the dead letters, one line each, counted per sink and reason. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        descriptionHeading = "%n", optionListHeading = "%nOptions:%n", footerHeading = "%n",
        description = {
            "Shows the dead letters: events the event-bridge could never store in a sink (a poison message, or one"
                    + " the sink refused for good). Each line is one letter: its sequence in the dead-letter stream,"
                    + " when it was dead-lettered, the sink, the cause and reason, the subject it was first published"
                    + " on, its event id (when it could be decoded), the payload size and the first 80 characters of"
                    + " the payload. Below: how many letters there are per sink and reason. Reading does not consume"
                    + " them; they stay until replayed with --purge (quiver dlq replay) or removed by the stream's"
                    + " limits."},
        footer = {
            "Examples:",
            "  quiver dlq list",
            "  quiver dlq list --sink clickhouse --limit 10",
            "  quiver dlq list --format json | jq '.counts'",
            "",
            "Exit status: 0 listed (also when empty), 1 NATS or the stream failed, 2 bad command line."})
public final class DlqListCommand implements Callable<Integer> {
    @Option(names = "--limit", defaultValue = "${env:QUIVER_DLQ_LIMIT:-50}", paramLabel = "N",
            description = "Letters printed at most, oldest first; the summary counts all.")
    int limit;

    @Option(names = "--sink", defaultValue = "${env:QUIVER_DLQ_SINK}", paramLabel = "NAME",
            description = "Only this sink's letters, e.g. clickhouse or elasticsearch (none: every sink).")
    String sink;

    @Option(names = "--format", defaultValue = "${env:QUIVER_DLQ_FORMAT:-table}", paramLabel = "FORMAT",
            description = "table, or json (one object with the letters and the counts).")
    DlqListConfig.Format format;

    @Mixin
    EventStreamOptions streams;

    @Spec
    CommandSpec spec;

    DlqListConfig config() {
        return new DlqListConfig(streams.deadLetters.stream(), sink, limit, format);
    }

    @Override
    public Integer call() {
        DlqListConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        return streams.run(spec, EventStreamOptions.REQUEST_TIMEOUT, nats -> {
            DeadLetterStream stream = new DeadLetterStream(nats.jetStreamManagement(), config.stream());
            DeadLetterListing listing = new DeadLetterListing(config.sink(), config.limit());
            stream.forEach(listing::add);
            out.print(config.format() == DlqListConfig.Format.JSON ? listing.json(config.stream())
                    : listing.table(config.stream()));
            out.flush();
            return 0;
        });
    }
}
