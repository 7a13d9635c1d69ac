package dev.quiver.bridge;

import dev.quiver.sinks.api.EventStreamContract;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes observer events the way {@link EventStreamContract} says: its subject, {@link ObserverEventJson#encode}
 * as payload, its message id ({@link PublishOptions.Builder#messageId}) so JetStream drops a re-publish within the
 * stream's duplicate window, and the expected stream set. An event counts as sent only once its {@link PublishAck}
 * came back.
 */
public final class EventPublisher {
    private final JetStream jetStream;
    private final String stream;
    private final String subjectPrefix;

    /**
     * @param stream        the events stream, checked by the server on publish
     *                      ({@value EventStreamContract#EVENTS_STREAM} by default)
     * @param subjectPrefix the events subject prefix ({@value EventStreamContract#EVENTS_SUBJECT_PREFIX} by default)
     */
    public EventPublisher(JetStream jetStream, String stream, String subjectPrefix) {
        this.jetStream = jetStream;
        this.stream = stream;
        this.subjectPrefix = subjectPrefix;
    }

    /** Publishes and waits for the stream's acknowledgement ({@link PublishAck#isDuplicate()} for a repeat). */
    public PublishAck publish(ObserverEvent event) throws IOException, JetStreamApiException {
        return jetStream.publish(EventStreamContract.subject(subjectPrefix, event), ObserverEventJson.encode(event), options(event));
    }

    /** Publishes without waiting; the future completes with the stream's acknowledgement. */
    public CompletableFuture<PublishAck> publishAsync(ObserverEvent event) {
        return jetStream.publishAsync(EventStreamContract.subject(subjectPrefix, event), ObserverEventJson.encode(event), options(event));
    }

    private PublishOptions options(ObserverEvent event) {
        return PublishOptions.builder().messageId(EventStreamContract.messageId(event)).expectedStream(stream).build();
    }
}
