package dev.quiver.flight.outbox;

import dev.quiver.sinks.api.EventStreamContract;
import dev.quiver.sinks.api.EventType;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where mutation events go and how the outbox relay runs. Each setting is a flag, or an environment variable,
 * or its default:
 *
 * @param natsUrl         {@code --nats-url} / {@code QUIVER_NATS_URL}: the NATS server the relay publishes to
 *                        (the server's {@code --nats-url}, default {@value #DEFAULT_NATS_URL}); null when the relay is off
 *                        ({@code --no-relay}): mutations still record their events in the outbox, where they wait
 * @param stream          {@code --events-stream} / {@code QUIVER_EVENTS_STREAM}: the JetStream stream, created
 *                        when missing as {@link #eventsStream()} says (default {@value #DEFAULT_STREAM})
 * @param subjectPrefix   {@code --events-subject-prefix} / {@code QUIVER_EVENTS_SUBJECT_PREFIX}: events go to
 *                        {@code <prefix>.<entity_type>.<event_type>} (default {@value #DEFAULT_SUBJECT_PREFIX})
 * @param relayBatch      {@code --relay-batch} / {@code QUIVER_RELAY_BATCH}: most outbox rows claimed and published
 *                        per transaction (default 256)
 * @param relayPoll       {@code --relay-poll} / {@code QUIVER_RELAY_POLL}: how often an idle relay looks for
 *                        rows; a commit on this server wakes it at once (default 500 ms)
 * @param outboxRetention {@code --outbox-retention} / {@code QUIVER_OUTBOX_RETENTION}: how long
 *                        published rows stay in the outbox for inspection before the relay deletes them
 *                        (default 1 hour; 0 deletes them at the next purge, at most a minute later)
 * @param streamReplicas  {@code --stream-replicas} / {@code QUIVER_STREAM_REPLICAS}: JetStream replicas of the
 *                        stream when the relay creates it (default {@value EventStreamContract#REPLICAS}; 3 on a
 *                        3-node cluster)
 */
public record EventsConfig(String natsUrl, String stream, String subjectPrefix, int relayBatch, Duration relayPoll,
                           Duration outboxRetention, int streamReplicas) {
    public static final String DEFAULT_NATS_URL = "nats://127.0.0.1:4222";
    public static final String DEFAULT_STREAM = EventStreamContract.EVENTS_STREAM;
    public static final String DEFAULT_SUBJECT_PREFIX = EventStreamContract.EVENTS_SUBJECT_PREFIX;
    private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern SUBJECT_TOKEN = Pattern.compile("[A-Za-z0-9_-]+");

    public EventsConfig {
        if (natsUrl != null && natsUrl.isBlank()) {
            natsUrl = null;
        }
        requireNatsUrl(natsUrl);
        if (stream == null || !STREAM_NAME.matcher(stream).matches()) {
            throw new IllegalArgumentException("--events-stream must be letters, digits, _ or -, got '" + stream + "'");
        }
        if (subjectPrefix == null || subjectPrefix.isEmpty()
                || !java.util.Arrays.stream(subjectPrefix.split("\\.", -1)).allMatch(t -> SUBJECT_TOKEN.matcher(t).matches())) {
            throw new IllegalArgumentException("--events-subject-prefix must be dot-separated tokens of letters, digits,"
                    + " _ or - (no wildcards), got '" + subjectPrefix + "'");
        }
        if (relayBatch < 1 || relayBatch > 10_000) {
            throw new IllegalArgumentException("--relay-batch must be 1..10000, got " + relayBatch);
        }
        if (relayPoll == null || relayPoll.toMillis() < 10) {
            throw new IllegalArgumentException("--relay-poll must be at least 10ms, got " + relayPoll);
        }
        if (outboxRetention == null || outboxRetention.isNegative()) {
            throw new IllegalArgumentException("--outbox-retention must be 0 or more, got " + outboxRetention);
        }
        EventStreamContract.requireReplicas(streamReplicas);
    }

    /** The defaults: relay on, publishing to {@value #DEFAULT_NATS_URL}. */
    public static EventsConfig defaults() {
        return new EventsConfig(DEFAULT_NATS_URL, DEFAULT_STREAM, DEFAULT_SUBJECT_PREFIX, 256, Duration.ofMillis(500),
                Duration.ofMinutes(60), EventStreamContract.REPLICAS);
    }

    /** The defaults without a relay: events are recorded in the outbox and stay there. */
    public static EventsConfig relayOff() {
        return defaults().withNatsUrl(null);
    }

    public EventsConfig withNatsUrl(String url) {
        return new EventsConfig(url, stream, subjectPrefix, relayBatch, relayPoll, outboxRetention, streamReplicas);
    }

    public EventsConfig withStream(String name, String prefix) {
        return new EventsConfig(natsUrl, name, prefix, relayBatch, relayPoll, outboxRetention, streamReplicas);
    }

    public EventsConfig withRelay(int batch, Duration poll, Duration retention) {
        return new EventsConfig(natsUrl, stream, subjectPrefix, batch, poll, retention, streamReplicas);
    }

    public EventsConfig withStreamReplicas(int replicas) {
        return new EventsConfig(natsUrl, stream, subjectPrefix, relayBatch, relayPoll, outboxRetention, replicas);
    }

    /**
     * Refuses a NATS URL that is neither {@code nats://} nor {@code tls://} (null: none configured, accepted); the
     * one check of {@code --nats-url}, shared by the relay and subscriptions.
     */
    public static void requireNatsUrl(String url) {
        if (url != null && !url.startsWith("nats://") && !url.startsWith("tls://")) {
            throw new IllegalArgumentException("--nats-url must start with nats:// or tls://, got '" + url + "'; to run"
                    + " without NATS, give --no-relay (and leave --subscriptions off) instead");
        }
    }

    public boolean relayEnabled() {
        return natsUrl != null;
    }

    /** The subject of an event: {@code <prefix>.<entityType>.<eventType>}, see {@link EventStreamContract#subject}. */
    public String subject(String entityType, EventType eventType) {
        return EventStreamContract.subject(subjectPrefix, entityType, eventType);
    }

    /** The subjects the stream captures: {@code <prefix>.>}. */
    public String streamSubjects() {
        return EventStreamContract.streamSubjects(subjectPrefix);
    }

    /**
     * What the stream looks like when the relay creates it: the contract's events stream with its default duplicate
     * window, the same as the event-bridge's default {@code --duplicate-window}, and {@code --stream-replicas} copies.
     */
    public EventStreamContract.StreamSpec eventsStream() {
        return EventStreamContract.eventsStream(stream, subjectPrefix, EventStreamContract.DUPLICATE_WINDOW,
                streamReplicas);
    }
}
