package dev.quiver.bridge.internal;

import dev.quiver.bridge.DeadLetter;
import dev.quiver.bridge.DeadLetterException;
import dev.quiver.bridge.DeadLetterPublisher;
import dev.quiver.bridge.StreamNames;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes dead letters to {@code <dlq-subject-prefix>.<sink>} on the dead-letter stream: the original payload
 * byte for byte, the reason and origin in {@code Quiver-Dlq-*} headers ({@link DeadLetter}). The message id is
 * {@code <sink>:<events stream>:<sequence>:<first 16 hex digits of the payload's SHA-256>} ({@link #messageId}), so
 * a letter published again after a failed acknowledgement is dropped by the stream's duplicate window, while the
 * letter of another message at the same sequence (the events stream was deleted and recreated, and its sequences
 * started again) is kept.
 */
public final class JetStreamDeadLetterPublisher implements DeadLetterPublisher {
    private final JetStream jetStream;
    private final StreamNames names;
    private final Duration timeout;

    public JetStreamDeadLetterPublisher(JetStream jetStream, StreamNames names, Duration timeout) {
        this.jetStream = jetStream;
        this.names = names;
        this.timeout = timeout;
    }

    @Override
    public void publish(List<DeadLetter> letters) throws DeadLetterException {
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            acks.add(jetStream.publishAsync(names.deadLetterSubject(letter.sink()), headers(letter),
                    letter.original().data(), PublishOptions.builder()
                            .expectedStream(names.deadLetters())
                            .messageId(messageId(letter, names))
                            .build()));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new DeadLetterException("stream " + names.deadLetters() + " refused a dead letter: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new DeadLetterException("stream " + names.deadLetters() + " did not confirm " + letters.size()
                    + " dead letters within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterException("interrupted while waiting for the dead-letter stream", e);
        }
    }

    /** The letter's {@code Nats-Msg-Id}: sink, events stream, sequence and a hash of the payload. */
    static String messageId(DeadLetter letter, StreamNames names) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(letter.original().data());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must have", e);
        }
        return letter.sink() + ":" + names.events() + ":" + letter.original().streamSequence() + ":"
                + HexFormat.of().formatHex(digest, 0, 8);
    }

    static Headers headers(DeadLetter letter) {
        Headers headers = new Headers()
                .put(DeadLetter.HEADER_REASON, headerValue(letter.reason()))
                .put(DeadLetter.HEADER_CAUSE, letter.cause().tag())
                .put(DeadLetter.HEADER_SINK, letter.sink())
                .put(DeadLetter.HEADER_ORIGINAL_SUBJECT, headerValue(letter.original().subject()))
                .put(DeadLetter.HEADER_ORIGINAL_SEQUENCE, Long.toString(letter.original().streamSequence()));
        if (letter.eventId() != null) {
            headers.put(DeadLetter.HEADER_EVENT_ID, headerValue(letter.eventId()));
        }
        return headers;
    }

    /** Printable ASCII only (others become {@code ?}), at most {@link DeadLetter#MAX_HEADER_CHARS} chars. */
    static String headerValue(String text) {
        String value = text == null || text.isBlank() ? "-" : text;
        StringBuilder clean = new StringBuilder(Math.min(value.length(), DeadLetter.MAX_HEADER_CHARS));
        for (int i = 0; i < value.length() && clean.length() < DeadLetter.MAX_HEADER_CHARS; i++) {
            char c = value.charAt(i);
            clean.append(c >= 32 && c < 127 ? c : (c == '\n' || c == '\r' || c == '\t' ? ' ' : '?'));
        }
        return clean.toString();
    }
}
