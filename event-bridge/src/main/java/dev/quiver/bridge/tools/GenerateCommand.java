package dev.quiver.bridge.tools;

import dev.quiver.sinks.api.EventStreamContract;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quiver events generate}: publishes synthetic observer events at a steady rate, with a progress bar. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        descriptionHeading = "%n", optionListHeading = "%nOptions:%n", footerHeading = "%n",
        description = {
            "Publishes synthetic observer events to NATS JetStream (subjects PREFIX.<entity_type>.<event_type>, "
                    + EventStreamContract.MESSAGE_ID_HEADER + " = event_id) at a steady rate, with a progress bar on"
                    + " stderr and a summary JSON on stdout. It waits for every publish acknowledgement, so when it"
                    + " ends each event is stored in the stream. For tests and benchmarks of the event pipeline."},
        footer = {
            "Example: quiver events generate --rate 10000 --count 1000000 --payload-bytes 512",
            "",
            "Exit status: 0 every event acknowledged, 1 NATS or JetStream failed (the message says what to do),"
                    + " 2 bad command line."})
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "${env:QUIVER_EVENTS_COUNT:-100000}", paramLabel = "N",
            description = "Events to publish.")
    long count;

    @Option(names = "--rate", defaultValue = "${env:QUIVER_EVENTS_RATE:-10000}", paramLabel = "N",
            description = "Events per second; 0 = as fast as JetStream acknowledges.")
    int rate;

    @Option(names = "--payload-bytes", defaultValue = "${env:QUIVER_EVENTS_PAYLOAD_BYTES:-200}", paramLabel = "N",
            description = "Approximate size of each event's data JSON, at most 1000000.")
    int payloadBytes;

    @Option(names = "--entity-type", defaultValue = "${env:QUIVER_EVENTS_ENTITY_TYPE:-Order}", paramLabel = "NAME",
            description = "Entity type of the events.")
    String entityType;

    @Option(names = "--max-in-flight", defaultValue = "${env:QUIVER_EVENTS_MAX_IN_FLIGHT:-2000}", paramLabel = "N",
            description = "Publishes awaiting their acknowledgement at most.")
    int maxInFlight;

    @Option(names = "--ack-timeout", defaultValue = "${env:QUIVER_EVENTS_ACK_TIMEOUT:-30s}", paramLabel = "DURATION",
            description = "Longest wait for a JetStream acknowledgement; beyond it the run fails.")
    Duration ackTimeout;

    @Option(names = "--seed", defaultValue = "${env:QUIVER_EVENTS_SEED}", paramLabel = "N",
            description = "Makes the event ids and contents repeatable (none: random).")
    Long seed;

    @Option(names = "--summary-json", defaultValue = "${env:QUIVER_EVENTS_SUMMARY_JSON}", paramLabel = "FILE",
            description = "Also write the summary JSON to this file (none: stdout only).")
    Path summaryJson;

    @Mixin
    EventStreamOptions streams;

    @Spec
    CommandSpec spec;

    GenerateConfig config() {
        return new GenerateConfig(streams.events.subjectPrefix(), count, rate, payloadBytes, entityType, maxInFlight,
                seed, summaryJson, ackTimeout);
    }

    @Override
    public Integer call() {
        GenerateConfig config = config();
        String name = spec.qualifiedName();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // a lone publish (a stream without atomic batches) waits for its ack as long as a batch does
        return streams.run(spec, config.ackTimeout(), nats -> {
            ProgressBar bar = new ProgressBar(err, "events", config.count());
            EventGenerator.Summary summary = new EventGenerator(nats, config).run(bar::update);
            bar.finish(summary.acknowledged());
            out.println(summary.toJson());
            out.flush();
            if (config.summaryJson() != null) {
                try {
                    Files.writeString(config.summaryJson(), summary.toJson());
                } catch (IOException e) {
                    err.println(name + ": cannot write " + config.summaryJson() + ": " + e.getMessage());
                    return 1;
                }
            }
            if (summary.firstError() != null) {
                err.println(name + ": " + summary.firstError());
                return 1;
            }
            return 0;
        });
    }
}
