package dev.quiver.bridge;

import java.util.List;

/** Writes dead letters durably ({@code JetStreamDeadLetterPublisher}: to the dead-letter stream). */
public interface DeadLetterPublisher {

    /**
     * Publishes every letter and returns once the destination has confirmed all of them; only then may the
     * originals be acknowledged.
     *
     * @throws DeadLetterException if any letter was not confirmed; the caller must not acknowledge those originals
     */
    void publish(List<DeadLetter> letters) throws DeadLetterException;
}
