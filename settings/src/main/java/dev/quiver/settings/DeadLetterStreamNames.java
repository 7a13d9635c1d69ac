package dev.quiver.settings;

import dev.quiver.sinks.api.EventStreamContract;
import picocli.CommandLine.Option;

/**
 * {@code --dlq-stream} and {@code --dlq-subject-prefix}: where the event-bridge puts what it cannot store, with
 * {@link EventStreamContract}'s defaults, for the bridge and the dead-letter tools (a picocli mixin).
 */
public final class DeadLetterStreamNames {
    @Option(names = "--dlq-stream", paramLabel = "NAME",
            defaultValue = "${env:QUIVER_DLQ_STREAM:-" + EventStreamContract.DLQ_STREAM + "}",
            description = "JetStream stream of the dead letters (created by the event-bridge if missing).")
    private String stream;

    @Option(names = "--dlq-subject-prefix", paramLabel = "PREFIX",
            defaultValue = "${env:QUIVER_DLQ_SUBJECT_PREFIX:-" + EventStreamContract.DLQ_SUBJECT_PREFIX + "}",
            description = "Dead letters of a sink go to PREFIX.<sink>.")
    private String subjectPrefix;

    public String stream() {
        return stream;
    }

    public String subjectPrefix() {
        return subjectPrefix;
    }
}
