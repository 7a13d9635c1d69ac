package dev.quiver.flight.subscription;

import dev.quiver.flight.outbox.EventsConfig;
import dev.quiver.sinks.api.EventStreamContract;
import dev.quiver.sinks.api.ObserverEventJson;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How GraphQL subscriptions are served. Each setting is a flag, or an environment variable, or its default.
 *
 * <p><b>Slow consumers.</b> Each subscriber has a bounded buffer of events the server has received for it but
 * could not yet send (its client reads slower than events arrive). When a new event would take the buffer past
 * {@code bufferEvents} events or {@code bufferBytes} bytes, the server ends <em>that</em> subscriber's stream
 * with {@code RESOURCE_EXHAUSTED} ("slow consumer: ...; read faster or narrow the filter") and frees its
 * buffer; other subscribers are unaffected. The server never blocks the shared NATS feed for one client and
 * never drops events silently from a stream that stays open: a stream either has every matching event or ends
 * with that error.
 *
 * @param natsUrl       the NATS server with the events stream (the server's {@code --nats-url} when
 *                      {@code --subscriptions} is on); null = subscriptions are refused with {@code UNAVAILABLE} (the
 *                      rest of the server works)
 * @param stream        {@code --events-stream} / {@code QUIVER_EVENTS_STREAM}: JetStream stream holding the events
 *                      (default {@value #DEFAULT_STREAM})
 * @param subjectPrefix {@code --events-subject-prefix} / {@code QUIVER_EVENTS_SUBJECT_PREFIX}: events are on
 *                      {@code <prefix>.<entity_type>.<event_type>} (default {@value #DEFAULT_SUBJECT_PREFIX})
 * @param bufferEvents  {@code --subscription-buffer} / {@code QUIVER_SUBSCRIPTION_BUFFER}: most events buffered for one
 *                      subscriber (default 10,000)
 * @param bufferBytes   {@code --subscription-buffer-bytes} / {@code QUIVER_SUBSCRIPTION_BUFFER_BYTES}: most bytes
 *                      buffered for one subscriber, at least the largest event (default 64 MiB)
 * @param batchEvents   {@code --subscription-batch} / {@code QUIVER_SUBSCRIPTION_BATCH}: events per Arrow batch; a
 *                      batch is sent as soon as it is full (default 1,000)
 * @param linger        {@code --subscription-linger} / {@code QUIVER_SUBSCRIPTION_LINGER}: longest an event
 *                      waits for its batch to fill before the partial batch is sent (default 50 ms; 0 = at once)
 * @param transmitBytes {@code --subscription-transmit-bytes} / {@code QUIVER_SUBSCRIPTION_TRANSMIT_BYTES}: most bytes
 *                      of batches in transmission at once across all subscribers (encoded into direct memory and
 *                      handed to gRPC, not yet written to the network); more batches wait their turn (default an
 *                      eighth of the JVM's direct memory limit, which is {@code -XX:MaxDirectMemorySize} or else
 *                      {@code -Xmx}, because gRPC's framing buffers can take twice a batch's bytes; at least 1 MiB)
 * @param maxSubscribers        {@code --max-subscriptions} / {@code QUIVER_MAX_SUBSCRIPTIONS}: most subscriptions open
 *                              at once on this server, all users together (default 20,000); one more is refused
 *                              with RESOURCE_EXHAUSTED (security review M4)
 * @param maxSubscribersPerUser {@code --max-subscriptions-per-user} / {@code QUIVER_MAX_SUBSCRIPTIONS_PER_USER}: most
 *                              subscriptions one authenticated user holds open at once (default 1,000); with
 *                              authentication off there are no users to tell apart and only the server's cap holds
 */
public record SubscriptionConfig(String natsUrl, String stream, String subjectPrefix, int bufferEvents, long bufferBytes,
                                 int batchEvents, Duration linger, long transmitBytes, int maxSubscribers,
                                 int maxSubscribersPerUser) {
    public static final String DEFAULT_STREAM = EventStreamContract.EVENTS_STREAM;
    public static final String DEFAULT_SUBJECT_PREFIX = EventStreamContract.EVENTS_SUBJECT_PREFIX;
    public static final int DEFAULT_BUFFER_EVENTS = 10_000;
    public static final long DEFAULT_BUFFER_BYTES = 64L << 20;
    public static final int DEFAULT_BATCH_EVENTS = 1_000;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(50);
    public static final int DEFAULT_MAX_SUBSCRIBERS = 20_000;
    public static final int DEFAULT_MAX_SUBSCRIBERS_PER_USER = 1_000;

    private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern SUBJECT_PREFIX = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    public SubscriptionConfig {
        if (natsUrl != null && natsUrl.isBlank()) {
            natsUrl = null;
        }
        EventsConfig.requireNatsUrl(natsUrl);
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(subjectPrefix, "subjectPrefix");
        Objects.requireNonNull(linger, "linger");
        if (!STREAM_NAME.matcher(stream).matches()) {
            throw new IllegalArgumentException("--events-stream must be a JetStream stream name (letters, digits, _ and -),"
                    + " got '" + stream + "'");
        }
        if (!SUBJECT_PREFIX.matcher(subjectPrefix).matches()) {
            throw new IllegalArgumentException("--events-subject-prefix must be dot-separated NATS tokens without"
                    + " wildcards, e.g. " + DEFAULT_SUBJECT_PREFIX + "; got '" + subjectPrefix + "'");
        }
        if (bufferEvents < 1) {
            throw new IllegalArgumentException("--subscription-buffer must be at least 1, got " + bufferEvents);
        }
        if (bufferBytes < ObserverEventJson.MAX_EVENT_BYTES) {
            throw new IllegalArgumentException("--subscription-buffer-bytes must be at least "
                    + ObserverEventJson.MAX_EVENT_BYTES + " (the largest event), got " + bufferBytes);
        }
        if (batchEvents < 1 || batchEvents > bufferEvents) {
            throw new IllegalArgumentException("--subscription-batch must be 1.." + bufferEvents
                    + " (at most --subscription-buffer), got " + batchEvents);
        }
        if (linger.isNegative() || linger.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("--subscription-linger must be 0..1m, got " + linger);
        }
        if (transmitBytes < ObserverEventJson.MAX_EVENT_BYTES) {
            throw new IllegalArgumentException("--subscription-transmit-bytes must be at least "
                    + ObserverEventJson.MAX_EVENT_BYTES + " (the largest event), got " + transmitBytes);
        }
        if (maxSubscribers < 1) {
            throw new IllegalArgumentException("--max-subscriptions must be at least 1, got " + maxSubscribers);
        }
        if (maxSubscribersPerUser < 1 || maxSubscribersPerUser > maxSubscribers) {
            throw new IllegalArgumentException("--max-subscriptions-per-user must be 1.." + maxSubscribers
                    + " (at most --max-subscriptions), got " + maxSubscribersPerUser);
        }
    }

    /** These settings with the default subscription caps. */
    public SubscriptionConfig(String natsUrl, String stream, String subjectPrefix, int bufferEvents, long bufferBytes,
                              int batchEvents, Duration linger, long transmitBytes) {
        this(natsUrl, stream, subjectPrefix, bufferEvents, bufferBytes, batchEvents, linger, transmitBytes,
                DEFAULT_MAX_SUBSCRIBERS, DEFAULT_MAX_SUBSCRIBERS_PER_USER);
    }

    /** These settings with other subscription caps. */
    public SubscriptionConfig withCaps(int maxSubscribers, int maxSubscribersPerUser) {
        return new SubscriptionConfig(natsUrl, stream, subjectPrefix, bufferEvents, bufferBytes, batchEvents, linger,
                transmitBytes, maxSubscribers, maxSubscribersPerUser);
    }

    /** Subscriptions off (no NATS), every other setting at its default. */
    public static SubscriptionConfig disabled() {
        return new SubscriptionConfig(null, DEFAULT_STREAM, DEFAULT_SUBJECT_PREFIX, DEFAULT_BUFFER_EVENTS,
                DEFAULT_BUFFER_BYTES, DEFAULT_BATCH_EVENTS, DEFAULT_LINGER, defaultTransmitBytes());
    }

    /** An eighth of this JVM's direct memory limit, at least the largest event. */
    public static long defaultTransmitBytes() {
        return Math.max(ObserverEventJson.MAX_EVENT_BYTES, DirectMemory.limit() / 8);
    }

    /** Whether a NATS server is configured, i.e. subscriptions are served. */
    public boolean enabled() {
        return natsUrl != null;
    }

    /** The subject filter of every event: {@code <prefix>.>}. */
    public String subjectFilter() {
        return EventStreamContract.streamSubjects(subjectPrefix);
    }
}
