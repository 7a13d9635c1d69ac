package dev.quiver.bridge.tools;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads and deletes letters of the dead-letter stream by sequence (JetStream's message get API), so reading
 * never consumes anything and needs no consumer.
 */
final class DeadLetterStream {
    /** JetStream's "stream not found" API error code. */
    private static final int STREAM_NOT_FOUND = 10059;
    /** JetStream's "no message found" API error code. */
    private static final int NO_MESSAGE = 10037;

    private final JetStreamManagement jsm;
    private final String stream;

    DeadLetterStream(JetStreamManagement jsm, String stream) {
        this.jsm = jsm;
        this.stream = stream;
    }

    String name() {
        return stream;
    }

    /** The stream's state; fails with what to do when it does not exist. */
    StreamInfo info() throws DlqToolException {
        try {
            return jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                throw new DlqToolException("the dead-letter stream " + stream + " does not exist; the event-bridge"
                        + " creates it when it starts (or pass --dlq-stream / QUIVER_DLQ_STREAM as the bridge has it)",
                        e);
            }
            throw failed("read the state of", e);
        } catch (IOException e) {
            throw failed("read the state of", e);
        }
    }

    /** Calls {@code visitor} with every letter, oldest first. */
    void forEach(Consumer<StoredDeadLetter> visitor) throws DlqToolException {
        StreamInfo info = info();
        long last = info.getStreamState().getLastSequence();
        long next = info.getStreamState().getFirstSequence();
        while (info.getStreamState().getMsgCount() > 0 && next <= last) {
            MessageInfo message;
            try {
                message = jsm.getNextMessage(stream, next, ">");
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == NO_MESSAGE) {
                    return;
                }
                throw failed("read", e);
            } catch (IOException e) {
                throw failed("read", e);
            }
            visitor.accept(letter(message));
            next = message.getSeq() + 1;
        }
    }

    /** The letter with this sequence, or empty when there is none (never was, or deleted). */
    Optional<StoredDeadLetter> get(long sequence) throws DlqToolException {
        try {
            return Optional.of(letter(jsm.getMessage(stream, sequence)));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE) {
                return Optional.empty();
            }
            throw failed("read letter " + sequence + " of", e);
        } catch (IOException e) {
            throw failed("read letter " + sequence + " of", e);
        }
    }

    /** Deletes the letter (marks it deleted; no overwrite of its storage). */
    void delete(long sequence) throws DlqToolException {
        try {
            jsm.deleteMessage(stream, sequence, false);
        } catch (JetStreamApiException | IOException e) {
            throw failed("delete letter " + sequence + " from", e);
        }
    }

    private static StoredDeadLetter letter(MessageInfo message) {
        return StoredDeadLetter.of(message.getSeq(),
                message.getTime() == null ? null : message.getTime().toInstant(), message.getHeaders(),
                message.getData());
    }

    private DlqToolException failed(String what, Exception e) {
        return new DlqToolException("could not " + what + " the dead-letter stream " + stream + ": "
                + e.getMessage() + " (is NATS up? scripts/services.sh up starts it)", e);
    }
}
