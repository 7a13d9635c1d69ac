package dev.quiver.settings;

import dev.quiver.sinks.api.EventStreamContract;
import picocli.CommandLine.Option;

/**
 * {@code --events-stream} and {@code --events-subject-prefix}: where observer events are published, with
 * {@link EventStreamContract}'s defaults, for every program that publishes or reads them (a picocli mixin).
 */
public final class EventStreamNames {
    @Option(names = "--events-stream", paramLabel = "NAME",
            defaultValue = "${env:QUIVER_EVENTS_STREAM:-" + EventStreamContract.EVENTS_STREAM + "}",
            description = "JetStream stream of the observer events (created if missing).")
    private String stream;

    @Option(names = "--events-subject-prefix", paramLabel = "PREFIX",
            defaultValue = "${env:QUIVER_EVENTS_SUBJECT_PREFIX:-" + EventStreamContract.EVENTS_SUBJECT_PREFIX + "}",
            description = "Events are published to PREFIX.<entity_type>.<event_type>.")
    private String subjectPrefix;

    public String stream() {
        return stream;
    }

    public String subjectPrefix() {
        return subjectPrefix;
    }
}
