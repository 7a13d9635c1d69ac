package dev.quiver.bridge.internal;

import dev.quiver.bridge.InboundMessage;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JetStream message as an {@link InboundMessage}, holding only what the bridge needs of it: the payload, the
 * subject, the ack subject (reply-to), and the delivery count and stream sequence of the client's metadata (which
 * the client's pull manager has parsed already for its own tracking).
 * The client's message object (its parsed headers, metadata with a {@code ZonedDateTime}, and a string per token of
 * the ack subject) is not kept: held for every message of the two batches a pipeline has in flight it was most of
 * the bridge's live heap, and copying it at every young collection most of its GC time. Acknowledgements are the
 * JetStream ack protocol's bodies published to the ack subject, as the client's own {@code ack()}, {@code nak()}
 * and {@code inProgress()} send them. Failures are logged, never thrown.
 */
final class JetStreamInboundMessage implements InboundMessage {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamInboundMessage.class);
    private static final byte[] ACK = "+ACK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAK = "-NAK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IN_PROGRESS = "+WPI".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private final Connection connection;
    private final byte[] data;
    private final String subject;
    private final String replyTo;
    private final int size;
    private final long deliveryCount;
    private final long streamSequence;

    JetStreamInboundMessage(Message message, Connection connection) {
        this.connection = connection;
        byte[] payload = message.getData();
        this.data = payload == null ? EMPTY : payload;
        this.subject = message.getSubject();
        this.replyTo = message.getReplyTo();
        this.size = (int) Math.min(Integer.MAX_VALUE, message.consumeByteCount());
        this.deliveryCount = message.metaData().deliveredCount();
        this.streamSequence = message.metaData().streamSequence();
    }

    @Override
    public byte[] data() {
        return data;
    }

    /** As the server counts it for a pull's {@code max_bytes} (subject, reply, headers and payload). */
    @Override
    public int size() {
        return size;
    }

    @Override
    public String subject() {
        return subject;
    }

    @Override
    public long streamSequence() {
        return streamSequence;
    }

    @Override
    public long deliveryCount() {
        return deliveryCount;
    }

    @Override
    public void ack() {
        send("ack", ACK);
    }

    @Override
    public void nak(Duration delay) {
        send("nak", delay.isZero() ? NAK
                : ("-NAK {\"delay\": " + delay.toNanos() + "}").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void inProgress() {
        send("in-progress", IN_PROGRESS);
    }

    private void send(String what, byte[] body) {
        try {
            connection.publish(replyTo, body);
        } catch (RuntimeException e) {
            // the connection is gone: the server redelivers after the ack wait, de-duplication absorbs it
            LOG.debug("could not send {} for {}: {}", what, subject, e.toString());
        }
    }
}
