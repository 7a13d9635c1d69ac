package dev.quiver.sinks.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The NATS JetStream contract of observer events, declared once: the default stream names and subject prefixes,
 * the subject of an event, the message id that makes a re-publish a no-op, the duplicate window and what each
 * stream looks like. Every producer and consumer (event-bridge, its tools, the flight-server's outbox relay and
 * subscription feed) reads it from here; their flags only override the names.
 *
 * <ol>
 *   <li>subject {@code <prefix>.<entity_type>.<event_type>}, see {@link #subject(String, String, EventType)};</li>
 *   <li>payload {@link ObserverEventJson#encode};</li>
 *   <li>header {@value #MESSAGE_ID_HEADER} = event id ({@link #messageId}), so the stream drops a re-publish
 *       within its duplicate window; a producer treats an event as sent only once the stream acknowledged it.</li>
 * </ol>
 *
 * <p>Pure data: it does not depend on the NATS client. Whoever creates a stream turns a {@link StreamSpec} into the
 * client's stream configuration (always file storage).
 */
public final class EventStreamContract {
    /** The default stream of observer events. */
    public static final String EVENTS_STREAM = "QUIVER_EVENTS";
    /** The default prefix of event subjects. */
    public static final String EVENTS_SUBJECT_PREFIX = "quiver.events";
    /** The default stream of dead letters. */
    public static final String DLQ_STREAM = "QUIVER_DLQ";
    /** The default prefix of dead-letter subjects, {@code <prefix>.<sink>}. */
    public static final String DLQ_SUBJECT_PREFIX = "quiver.dlq";
    /** The default duplicate window of both streams: how long a message id is remembered. */
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);
    /**
     * The default number of copies JetStream keeps of each stream it creates: 1, one NATS server. On a cluster of
     * three, 3 (a stream outlives any one node); a stream that exists keeps its own count.
     */
    public static final int REPLICAS = 1;
    /** The most replicas JetStream allows a stream. */
    public static final int MAX_REPLICAS = 5;
    /** The header JetStream de-duplicates on. */
    public static final String MESSAGE_ID_HEADER = "Nats-Msg-Id";

    private EventStreamContract() {
    }

    /**
     * What a stream looks like when it is created: file storage, {@code subjects} captured, repeated message ids
     * dropped within {@code duplicateWindow}.
     *
     * @param allowAtomicPublish whether producers may publish atomic batches (stored with one disk sync)
     * @param replicas           how many servers of a JetStream cluster keep a copy (1 .. {@value #MAX_REPLICAS})
     */
    public record StreamSpec(String name, String description, String subjects, Duration duplicateWindow,
                             boolean allowAtomicPublish, int replicas) {
        public StreamSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(subjects, "subjects");
            Objects.requireNonNull(duplicateWindow, "duplicateWindow");
            requireReplicas(replicas);
        }
    }

    /**
     * Refuses a replica count JetStream would refuse.
     *
     * @throws IllegalArgumentException naming {@code --stream-replicas} unless 1 .. {@value #MAX_REPLICAS}
     */
    public static int requireReplicas(int replicas) {
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("--stream-replicas must be 1.." + MAX_REPLICAS + " (at most the servers"
                    + " of the JetStream cluster), got " + replicas);
        }
        return replicas;
    }

    /** The events stream: subjects {@code <prefix>.>}, atomic batches allowed, {@value #REPLICAS} replica. */
    public static StreamSpec eventsStream(String name, String subjectPrefix, Duration duplicateWindow) {
        return eventsStream(name, subjectPrefix, duplicateWindow, REPLICAS);
    }

    /** The events stream: subjects {@code <prefix>.>}, atomic batches allowed, {@code replicas} copies. */
    public static StreamSpec eventsStream(String name, String subjectPrefix, Duration duplicateWindow, int replicas) {
        return new StreamSpec(name, "Quiver observer events", streamSubjects(subjectPrefix), duplicateWindow, true,
                replicas);
    }

    /** The dead-letter stream: subjects {@code <prefix>.>}, {@value #REPLICAS} replica. */
    public static StreamSpec deadLetterStream(String name, String subjectPrefix, Duration duplicateWindow) {
        return deadLetterStream(name, subjectPrefix, duplicateWindow, REPLICAS);
    }

    /** The dead-letter stream: subjects {@code <prefix>.>}, {@code replicas} copies. */
    public static StreamSpec deadLetterStream(String name, String subjectPrefix, Duration duplicateWindow,
                                              int replicas) {
        return new StreamSpec(name, "Quiver dead letters: events a sink can never store, reason in headers",
                streamSubjects(subjectPrefix), duplicateWindow, false, replicas);
    }

    /** The wildcard subject a stream under {@code prefix} captures: {@code <prefix>.>}. */
    public static String streamSubjects(String prefix) {
        return prefix + ".>";
    }

    /** The subject of an event: {@code <prefix>.<entity_type>.<event_type>}. */
    public static String subject(String prefix, ObserverEvent event) {
        return subject(prefix, event.entityType(), event.eventType());
    }

    /**
     * The subject of an event: {@code <prefix>.<entity_type>.<event_type>}. Characters a subject token may not hold
     * (dots, wildcards, whitespace and control characters) in the entity type become {@code _}.
     */
    public static String subject(String prefix, String entityType, EventType eventType) {
        return prefix + "." + token(entityType) + "." + eventType.wireName();
    }

    /** Where one sink's dead letters go: {@code <prefix>.<sink>}. */
    public static String deadLetterSubject(String prefix, String sink) {
        return prefix + "." + sink;
    }

    /** The {@value #MESSAGE_ID_HEADER} of an event: its event id. */
    public static String messageId(ObserverEvent event) {
        return event.eventId();
    }

    private static String token(String text) {
        StringBuilder token = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            token.append(c == '.' || c == '*' || c == '>' || c <= ' ' || c == 127 ? '_' : c);
        }
        return token.toString();
    }
}
