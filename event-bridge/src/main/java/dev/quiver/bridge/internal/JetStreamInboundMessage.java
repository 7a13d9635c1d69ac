package dev.quiver.bridge.internal;

import dev.quiver.bridge.InboundMessage;
import io.nats.client.Message;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A JetStream message as an {@link InboundMessage}; acknowledgement failures are logged, never thrown. */
final class JetStreamInboundMessage implements InboundMessage {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamInboundMessage.class);

    private final Message message;
    /** Read from the reply subject when first asked; null until then, or when only the client can read it. */
    private AckSubject ack;

    JetStreamInboundMessage(Message message) {
        this.message = message;
    }

    @Override
    public byte[] data() {
        byte[] data = message.getData();
        return data == null ? new byte[0] : data;
    }

    /** As the server counts it for a pull's {@code max_bytes} (subject, reply, headers and payload). */
    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, message.consumeByteCount());
    }

    @Override
    public String subject() {
        return message.getSubject();
    }

    @Override
    public long streamSequence() {
        AckSubject subject = ackSubject();
        return subject != null ? subject.streamSequence() : message.metaData().streamSequence();
    }

    @Override
    public long deliveryCount() {
        AckSubject subject = ackSubject();
        return subject != null ? subject.delivered() : message.metaData().deliveredCount();
    }

    private AckSubject ackSubject() {
        if (ack == null) {
            ack = AckSubject.parse(message.getReplyTo());
        }
        return ack;
    }

    @Override
    public void ack() {
        settle("ack", message::ack);
    }

    @Override
    public void nak(Duration delay) {
        settle("nak", () -> {
            if (delay.isZero()) {
                message.nak();
            } else {
                message.nakWithDelay(delay);
            }
        });
    }

    @Override
    public void inProgress() {
        settle("in-progress", message::inProgress);
    }

    private void settle(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // the connection is gone: the server redelivers after the ack wait, de-duplication absorbs it
            LOG.debug("could not send {} for {}: {}", what, message.getSubject(), e.toString());
        }
    }
}
