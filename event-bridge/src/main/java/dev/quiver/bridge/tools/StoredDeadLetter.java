package dev.quiver.bridge.tools;

import dev.quiver.bridge.DeadLetter;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A dead letter as stored in the dead-letter stream: the {@code Quiver-Dlq-*} headers read back, and the
 * original payload.
 *
 * @param sequence         its sequence in the dead-letter stream
 * @param time             when it was dead-lettered
 * @param sink             the sink that gave up on it ({@code ?} if the header is missing)
 * @param cause            {@code poison}, {@code rejected} or {@code batch_failed} ({@code ?} if missing)
 * @param reason           why, in words
 * @param originalSubject  where it was first published, or {@code null} if the header is missing
 * @param originalSequence its sequence in the events stream, or {@code null}
 * @param eventId          its event id, or {@code null} (a poison message has none)
 * @param payload          the original payload, byte for byte
 */
public record StoredDeadLetter(long sequence, Instant time, String sink, String cause, String reason,
                               String originalSubject, String originalSequence, String eventId, byte[] payload) {
    static final int PREVIEW_CHARS = 80;

    /** Reads the headers the bridge writes ({@link DeadLetter}). */
    public static StoredDeadLetter of(long sequence, Instant time, Headers headers, byte[] payload) {
        return new StoredDeadLetter(sequence, time,
                header(headers, DeadLetter.HEADER_SINK, "?"),
                header(headers, DeadLetter.HEADER_CAUSE, "?"),
                header(headers, DeadLetter.HEADER_REASON, "-"),
                header(headers, DeadLetter.HEADER_ORIGINAL_SUBJECT, null),
                header(headers, DeadLetter.HEADER_ORIGINAL_SEQUENCE, null),
                header(headers, DeadLetter.HEADER_EVENT_ID, null),
                payload == null ? new byte[0] : payload);
    }

    /** The first {@value #PREVIEW_CHARS} characters of the payload on one line, {@code …} when cut. */
    public String preview() {
        String text = new String(payload, StandardCharsets.UTF_8);
        StringBuilder line = new StringBuilder(Math.min(text.length(), PREVIEW_CHARS + 1));
        for (int i = 0; i < text.length() && line.length() < PREVIEW_CHARS; i++) {
            char c = text.charAt(i);
            line.append(Character.isISOControl(c) ? ' ' : c);
        }
        return line.length() < text.length() ? line + "…" : line.toString();
    }

    private static String header(Headers headers, String name, String fallback) {
        String value = headers == null ? null : headers.getFirst(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
