package dev.quiver.bridge.tools;

import dev.quiver.sinks.api.EventStreamContract;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where the event streams are: the NATS server and the stream names and subject prefixes, under the same flags,
 * environment variables and defaults ({@link EventStreamContract}) as the flight-server and the event-bridge.
 * Declared once here and mixed into every {@code quiver events} / {@code quiver dlq} command.
 */
public final class EventStreamOptions {
    @Option(names = "--nats-url", defaultValue = "${env:QUIVER_NATS_URL:-nats://127.0.0.1:4222}", paramLabel = "URL",
            description = "NATS server with JetStream.")
    String natsUrl;

    @Option(names = "--events-stream", paramLabel = "NAME",
            defaultValue = "${env:QUIVER_EVENTS_STREAM:-" + EventStreamContract.EVENTS_STREAM + "}",
            description = "Stream of the observer events (the event-bridge and the flight-server create it).")
    String eventsStream;

    @Option(names = "--events-subject-prefix", paramLabel = "PREFIX",
            defaultValue = "${env:QUIVER_EVENTS_SUBJECT_PREFIX:-" + EventStreamContract.EVENTS_SUBJECT_PREFIX + "}",
            description = "Events are published to PREFIX.<entity_type>.<event_type>.")
    String eventsSubjectPrefix;

    @Option(names = "--dlq-stream", paramLabel = "NAME",
            defaultValue = "${env:QUIVER_DLQ_STREAM:-" + EventStreamContract.DLQ_STREAM + "}",
            description = "Stream of the dead letters (the event-bridge creates it).")
    String dlqStream;

    @Option(names = "--dlq-subject-prefix", paramLabel = "PREFIX",
            defaultValue = "${env:QUIVER_DLQ_SUBJECT_PREFIX:-" + EventStreamContract.DLQ_SUBJECT_PREFIX + "}",
            description = "Dead letters are published to PREFIX.<sink> (by the event-bridge; the tools read them"
                    + " from --dlq-stream).")
    String dlqSubjectPrefix;

    /** Connects to {@code --nats-url}; a lone request waits up to 30 s for its answer. */
    Connection connect() throws IOException, InterruptedException {
        return connect(Duration.ofSeconds(30));
    }

    /**
     * Connects to {@code --nats-url}. {@code requestTimeout} bounds a lone publish's acknowledgement (jnats' request
     * clean-up interval, the deadline of publishAsync, 5 s by default, which a disk that syncs every write may
     * exceed).
     */
    Connection connect(Duration requestTimeout) throws IOException, InterruptedException {
        // The default listener logs each failed connection attempt as SEVERE with a stack of JUL lines; the
        // failures that matter reach the command as exceptions, which it reports with what to do.
        Options options = new Options.Builder().server(natsUrl).connectionTimeout(Duration.ofSeconds(5))
                .requestCleanupInterval(requestTimeout)
                .maxReconnects(10).errorListener(new ErrorListener() { }).build();
        return Nats.connect(options);
    }

    /** What {@code command} says when {@link #connect} failed with {@code e}. */
    String unreachable(String command, Exception e) {
        return command + ": cannot reach NATS at " + natsUrl + " (" + e.getMessage()
                + "); start it with scripts/services.sh up, or point --nats-url / QUIVER_NATS_URL at a running one";
    }
}
