package dev.quiver.bridge;

import dev.quiver.sinks.api.EventStreamContract;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The JetStream streams the bridge reads and writes. Configurable so tests (and several deployments on one
 * server) can use names of their own. The defaults, subjects and stream shapes are {@link EventStreamContract}'s.
 *
 * @param events              stream of observer events ({@code --events-stream}, default {@value EventStreamContract#EVENTS_STREAM})
 * @param eventSubjectPrefix  its subjects are {@code <prefix>.<entity_type>.<event_type>}
 *                            ({@code --events-subject-prefix}, default {@value EventStreamContract#EVENTS_SUBJECT_PREFIX})
 * @param deadLetters         stream of dead letters ({@code --dlq-stream}, default {@value EventStreamContract#DLQ_STREAM})
 * @param deadLetterPrefix    its subjects are {@code <prefix>.<sink>} ({@code --dlq-subject-prefix}, default
 *                            {@value EventStreamContract#DLQ_SUBJECT_PREFIX})
 * @param duplicateWindow     how long both streams drop a repeated {@code Nats-Msg-Id}
 *                            ({@code --duplicate-window}, default {@link EventStreamContract#DUPLICATE_WINDOW})
 * @param replicas            JetStream replicas of both streams when the bridge creates them
 *                            ({@code --stream-replicas}, default {@value EventStreamContract#REPLICAS})
 */
public record StreamNames(String events, String eventSubjectPrefix, String deadLetters, String deadLetterPrefix,
                          Duration duplicateWindow, int replicas) {
    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SUBJECT_PREFIX = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    public static final StreamNames DEFAULTS = new StreamNames(EventStreamContract.EVENTS_STREAM,
            EventStreamContract.EVENTS_SUBJECT_PREFIX, EventStreamContract.DLQ_STREAM,
            EventStreamContract.DLQ_SUBJECT_PREFIX, EventStreamContract.DUPLICATE_WINDOW, EventStreamContract.REPLICAS);

    public StreamNames {
        requireMatch("--events-stream", events, STREAM, "letters, digits, - and _ (at most 64)");
        requireMatch("--dlq-stream", deadLetters, STREAM, "letters, digits, - and _ (at most 64)");
        requireMatch("--events-subject-prefix", eventSubjectPrefix, SUBJECT_PREFIX, "dot-separated tokens without wildcards");
        requireMatch("--dlq-subject-prefix", deadLetterPrefix, SUBJECT_PREFIX, "dot-separated tokens without wildcards");
        if (events.equals(deadLetters)) {
            throw new IllegalArgumentException("--events-stream and --dlq-stream must differ, both are " + events);
        }
        if (covers(eventSubjectPrefix, deadLetterPrefix) || covers(deadLetterPrefix, eventSubjectPrefix)) {
            throw new IllegalArgumentException("--events-subject-prefix " + eventSubjectPrefix
                    + " and --dlq-subject-prefix " + deadLetterPrefix + " overlap; dead letters would be consumed again");
        }
        Objects.requireNonNull(duplicateWindow, "duplicateWindow");
        if (duplicateWindow.toMillis() < 100) {
            throw new IllegalArgumentException("--duplicate-window must be at least 100ms, got " + duplicateWindow);
        }
        EventStreamContract.requireReplicas(replicas);
    }

    /** Names and window as given, {@value EventStreamContract#REPLICAS} replica. */
    public StreamNames(String events, String eventSubjectPrefix, String deadLetters, String deadLetterPrefix,
                       Duration duplicateWindow) {
        this(events, eventSubjectPrefix, deadLetters, deadLetterPrefix, duplicateWindow, EventStreamContract.REPLICAS);
    }

    /** What the events stream looks like when it is created. */
    public EventStreamContract.StreamSpec eventsStream() {
        return EventStreamContract.eventsStream(events, eventSubjectPrefix, duplicateWindow, replicas);
    }

    /** What the dead-letter stream looks like when it is created. */
    public EventStreamContract.StreamSpec deadLetterStream() {
        return EventStreamContract.deadLetterStream(deadLetters, deadLetterPrefix, duplicateWindow, replicas);
    }

    /** The wildcard subject of the events stream, {@code <prefix>.>}. */
    public String eventSubjects() {
        return EventStreamContract.streamSubjects(eventSubjectPrefix);
    }

    /** The wildcard subject of the dead-letter stream, {@code <prefix>.>}. */
    public String deadLetterSubjects() {
        return EventStreamContract.streamSubjects(deadLetterPrefix);
    }

    /** Where one sink's dead letters go: {@code <prefix>.<sink>}. */
    public String deadLetterSubject(String sink) {
        return EventStreamContract.deadLetterSubject(deadLetterPrefix, sink);
    }

    private static boolean covers(String prefix, String other) {
        return other.equals(prefix) || other.startsWith(prefix + ".");
    }

    private static void requireMatch(String flag, String value, Pattern pattern, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(flag + " must be " + rule + ", got '" + value + "'");
        }
    }
}
