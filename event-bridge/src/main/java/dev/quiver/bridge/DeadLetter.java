package dev.quiver.bridge;

import java.util.Objects;

/**
 * A message that can never be stored by a sink, on its way to the dead-letter stream.
 *
 * @param original the message as delivered; its payload is dead-lettered byte for byte
 * @param sink     the sink whose pipeline gave up on it
 * @param cause    why, in kind
 * @param reason   why, in words a person can act on
 * @param eventId  its event id when it could be decoded, else {@code null}
 */
public record DeadLetter(InboundMessage original, String sink, Cause cause, String reason, String eventId) {
    /** Header: why the message was dead-lettered (printable ASCII, at most {@value #MAX_HEADER_CHARS} chars). */
    public static final String HEADER_REASON = "Quiver-Dlq-Reason";
    /** Header: {@code poison}, {@code rejected}, {@code batch_failed} or {@code max_deliveries} ({@link Cause#tag()}). */
    public static final String HEADER_CAUSE = "Quiver-Dlq-Cause";
    /** Header: the sink whose pipeline gave up on it. */
    public static final String HEADER_SINK = "Quiver-Dlq-Sink";
    /** Header: the subject it was published on. */
    public static final String HEADER_ORIGINAL_SUBJECT = "Quiver-Dlq-Original-Subject";
    /** Header: its sequence number in the events stream. */
    public static final String HEADER_ORIGINAL_SEQUENCE = "Quiver-Dlq-Original-Sequence";
    /** Header: its event id, when it could be decoded. */
    public static final String HEADER_EVENT_ID = "Quiver-Dlq-Event-Id";
    /** Longest header value written; longer reasons are cut. */
    public static final int MAX_HEADER_CHARS = 1024;

    /** Why a message was dead-lettered; also the {@code cause} tag of the dead-letter metric. */
    public enum Cause {
        /** Not a valid observer event (bad JSON, missing field, too large). */
        POISON,
        /** A valid event that the sink refused for good, on its own. */
        REJECTED,
        /** A valid event in a batch the sink refused for good as a whole. */
        BATCH_FAILED,
        /**
         * A valid event the server delivered more than {@code --max-deliveries} times while its sink was up: it
         * kept failing in a way nobody classified (or kept the bridge from acknowledging it).
         */
        MAX_DELIVERIES;

        /** The lower-case name used in metrics and headers. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DeadLetter {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(reason, "reason");
    }
}
