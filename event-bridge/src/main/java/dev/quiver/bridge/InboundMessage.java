package dev.quiver.bridge;

import java.time.Duration;

/**
 * One message delivered by an {@link EventSource}, with the acknowledgements JetStream offers. Acknowledging
 * never throws: a lost acknowledgement only means the message is delivered again after the ack wait, which
 * de-duplication and the sinks' idempotence absorb.
 */
public interface InboundMessage {

    /** The payload: an observer event as JSON, or something that is not (a poison message). */
    byte[] data();

    /** Its size as the server counts it for a pull's byte limit: payload and headers. */
    default int size() {
        return data().length;
    }

    /** The subject it was published on. */
    String subject();

    /** Its sequence number in the stream; identifies it in dead letters. */
    long streamSequence();

    /**
     * How many times the server has delivered it, this delivery included (JetStream's {@code num_delivered});
     * 1 from a source that does not count.
     */
    default long deliveryCount() {
        return 1;
    }

    /** The message is done with: stored, de-duplicated or dead-lettered. */
    void ack();

    /** The message could not be handled now; deliver it again after {@code delay} ({@link Duration#ZERO}: at once). */
    void nak(Duration delay);

    /** Still working on it: restart the ack-wait timer so it is not redelivered meanwhile. */
    void inProgress();
}
