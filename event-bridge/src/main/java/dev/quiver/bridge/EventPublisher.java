package dev.quiver.bridge;

import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * How to publish an observer event so the bridge can consume it — the whole contract, in three rules:
 * <ol>
 *   <li>subject {@code <prefix>.<entity_type>.<event_type>} (prefix {@code quiver.events}), see {@link #subject};</li>
 *   <li>payload {@link ObserverEventJson#encode};</li>
 *   <li>header {@code Nats-Msg-Id = event_id} ({@link PublishOptions.Builder#messageId}), so JetStream drops a
 *       re-publish within the stream's duplicate window, and wait for the {@link PublishAck} before treating the
 *       event as sent (an outbox row is deleted only then).</li>
 * </ol>
 * Modules that may not depend on the bridge (the client's load generator) follow the same three rules.
 */
public final class EventPublisher {
    private final JetStream jetStream;
    private final String stream;
    private final String subjectPrefix;

    /**
     * @param stream        the events stream, checked by the server on publish ({@code QUIVER_EVENTS})
     * @param subjectPrefix the events subject prefix ({@code quiver.events})
     */
    public EventPublisher(JetStream jetStream, String stream, String subjectPrefix) {
        this.jetStream = jetStream;
        this.stream = stream;
        this.subjectPrefix = subjectPrefix;
    }

    /** Publishes and waits for the stream's acknowledgement ({@link PublishAck#isDuplicate()} for a repeat). */
    public PublishAck publish(ObserverEvent event) throws IOException, JetStreamApiException {
        return jetStream.publish(subject(subjectPrefix, event), ObserverEventJson.encode(event), options(event));
    }

    /** Publishes without waiting; the future completes with the stream's acknowledgement. */
    public CompletableFuture<PublishAck> publishAsync(ObserverEvent event) {
        return jetStream.publishAsync(subject(subjectPrefix, event), ObserverEventJson.encode(event), options(event));
    }

    private PublishOptions options(ObserverEvent event) {
        return PublishOptions.builder().messageId(event.eventId()).expectedStream(stream).build();
    }

    /**
     * The subject of an event: {@code <prefix>.<entity_type>.<event_type>}. Characters a subject token may not
     * hold (dots, wildcards, whitespace) in the entity type become {@code _}.
     */
    public static String subject(String prefix, ObserverEvent event) {
        return prefix + "." + token(event.entityType()) + "." + event.eventType().wireName();
    }

    static String token(String text) {
        StringBuilder token = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            token.append(c == '.' || c == '*' || c == '>' || c <= ' ' || c == 127 ? '_' : c);
        }
        return token.toString();
    }
}
