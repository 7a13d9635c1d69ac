package dev.quiver.flight.outbox;

import dev.quiver.sinks.api.EventStreamContract;
import dev.quiver.sinks.api.EventType;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where mutation events go and how the outbox relay runs. Each setting is a flag, or an environment variable,
 * or its default:
 *
 * @param natsUrl         {@code --nats-url} / {@code QUIVER_NATS_URL}: the NATS server the relay publishes to
 *                        (default {@value #DEFAULT_NATS_URL}); {@code off} means no relay: mutations still
 *                        record their events in the outbox, where they wait. Stored as null when off.
 * @param stream          {@code --events-stream} / {@code QUIVER_EVENTS_STREAM}: the JetStream stream, created
 *                        when missing as {@link #eventsStream()} says (default {@value #DEFAULT_STREAM})
 * @param subjectPrefix   {@code --events-subject-prefix} / {@code QUIVER_EVENTS_SUBJECT_PREFIX}: events go to
 *                        {@code <prefix>.<entity_type>.<event_type>} (default {@value #DEFAULT_SUBJECT_PREFIX})
 * @param relayBatch      {@code --relay-batch} / {@code QUIVER_RELAY_BATCH}: most outbox rows claimed and published
 *                        per transaction (default 256)
 * @param relayPoll       {@code --relay-poll-ms} / {@code QUIVER_RELAY_POLL_MS}: how often an idle relay looks for
 *                        rows; a commit on this server wakes it at once (default 500 ms)
 * @param outboxRetention {@code --outbox-retention-minutes} / {@code QUIVER_OUTBOX_RETENTION_MINUTES}: how long
 *                        published rows stay in the outbox for inspection before the relay deletes them
 *                        (default 60; 0 deletes them at the next purge, at most a minute later)
 */
public record EventsConfig(String natsUrl, String stream, String subjectPrefix, int relayBatch, Duration relayPoll,
                           Duration outboxRetention) {
    public static final String DEFAULT_NATS_URL = "nats://127.0.0.1:4222";
    public static final String DEFAULT_STREAM = EventStreamContract.EVENTS_STREAM;
    public static final String DEFAULT_SUBJECT_PREFIX = EventStreamContract.EVENTS_SUBJECT_PREFIX;
    /** The value of {@code --nats-url} that turns the relay off. */
    public static final String OFF = "off";
    /** The flags this record reads; {@code ServerConfig} accepts them. */
    public static final Set<String> FLAGS = Set.of("nats-url", "events-stream", "events-subject-prefix", "relay-batch",
            "relay-poll-ms", "outbox-retention-minutes");
    /** The {@code --help} section for these flags and for mutations. */
    public static final String HELP = String.join("\n",
            "Mutations and events:",
            "  Every @table type with a key (id: ID!) gets createT(input: CreateTInput!), updateT(id, input: UpdateTInput!)",
            "  and deleteT(id); a field marked @setter also gets updateTField(id, field), e.g. updateOrderStatus.",
            "  CreateTInput requires T's non-null fields except the key (omit it and the database supplies it);",
            "  UpdateTInput changes only the fields given. Send `mutation { createOrder(input: {...}) { id status } }`",
            "  as a DoGet ticket: it runs once per DoGet and returns the changed row as a one-row batch (GetFlightInfo",
            "  only validates it and returns its schema and ticket). Each mutation commits the row and its observer",
            "  event to the quiver_outbox table in one transaction; the relay publishes the events to JetStream.",
            "  An event's data is the row as GraphQL JSON (a delete carries the row as it was); its user_id is the",
            "  authenticated Flight peer, if any. Several servers may relay one outbox: rows are claimed with",
            "  FOR UPDATE SKIP LOCKED, and " + EventStreamContract.MESSAGE_ID_HEADER + " = event_id makes a re-publish a no-op.",
            "  --nats-url URL         NATS for the outbox relay [QUIVER_NATS_URL] (default " + DEFAULT_NATS_URL + ");",
            "                         'off': no relay, events wait in the outbox. NATS down: mutations still",
            "                         succeed and the relay retries with backoff until it is back",
            "  --events-stream NAME   JetStream stream, created if missing [QUIVER_EVENTS_STREAM] (default " + DEFAULT_STREAM + ")",
            "  --events-subject-prefix P  subjects P.<Type>.<created|updated|deleted> [QUIVER_EVENTS_SUBJECT_PREFIX]",
            "                         (default " + DEFAULT_SUBJECT_PREFIX + ")",
            "  --relay-batch N        outbox rows per relay transaction [QUIVER_RELAY_BATCH] (default 256)",
            "  --relay-poll-ms N      idle relay poll interval [QUIVER_RELAY_POLL_MS] (default 500)",
            "  --outbox-retention-minutes N  keep published outbox rows this long [QUIVER_OUTBOX_RETENTION_MINUTES]",
            "                         (default 60)");

    private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern SUBJECT_TOKEN = Pattern.compile("[A-Za-z0-9_-]+");

    public EventsConfig {
        if (natsUrl != null && natsUrl.isBlank()) {
            natsUrl = null;
        }
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
            throw new IllegalArgumentException("--relay-poll-ms must be at least 10, got " + relayPoll);
        }
        if (outboxRetention == null || outboxRetention.isNegative()) {
            throw new IllegalArgumentException("--outbox-retention-minutes must be 0 or more, got " + outboxRetention);
        }
    }

    /** The defaults: relay on, publishing to {@value #DEFAULT_NATS_URL}. */
    public static EventsConfig defaults() {
        return new EventsConfig(DEFAULT_NATS_URL, DEFAULT_STREAM, DEFAULT_SUBJECT_PREFIX, 256, Duration.ofMillis(500),
                Duration.ofMinutes(60));
    }

    /** The defaults without a relay: events are recorded in the outbox and stay there. */
    public static EventsConfig relayOff() {
        return defaults().withNatsUrl(null);
    }

    public EventsConfig withNatsUrl(String url) {
        return new EventsConfig(url, stream, subjectPrefix, relayBatch, relayPoll, outboxRetention);
    }

    public EventsConfig withStream(String name, String prefix) {
        return new EventsConfig(natsUrl, name, prefix, relayBatch, relayPoll, outboxRetention);
    }

    public EventsConfig withRelay(int batch, Duration poll, Duration retention) {
        return new EventsConfig(natsUrl, stream, subjectPrefix, batch, poll, retention);
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
     * window, the same as the event-bridge's default {@code --duplicate-window}.
     */
    public EventStreamContract.StreamSpec eventsStream() {
        return EventStreamContract.eventsStream(stream, subjectPrefix, EventStreamContract.DUPLICATE_WINDOW);
    }

    /**
     * Reads the settings through {@code value}, which maps a flag name to the flag's value, else the environment's,
     * else null.
     */
    public static EventsConfig parse(Function<String, String> value) {
        EventsConfig d = defaults();
        String url = value.apply("nats-url");
        if (url == null || url.isBlank()) {
            url = d.natsUrl();
        } else if (url.trim().toLowerCase(Locale.ROOT).equals(OFF)) {
            url = null;
        } else if (!url.startsWith("nats://") && !url.startsWith("tls://")) {
            throw new IllegalArgumentException("--nats-url must start with nats:// or tls://, or be '" + OFF + "', got '"
                    + url + "'");
        }
        return new EventsConfig(url,
                or(value.apply("events-stream"), d.stream()),
                or(value.apply("events-subject-prefix"), d.subjectPrefix()),
                (int) number(value, "relay-batch", d.relayBatch()),
                Duration.ofMillis(number(value, "relay-poll-ms", d.relayPoll().toMillis())),
                Duration.ofMinutes(number(value, "outbox-retention-minutes", d.outboxRetention().toMinutes())));
    }

    private static long number(Function<String, String> value, String name, long fallback) {
        String text = value.apply(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + text + "'");
        }
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
