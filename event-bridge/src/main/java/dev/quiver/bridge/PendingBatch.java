package dev.quiver.bridge;

import dev.quiver.sinks.api.DecodedEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The messages a pipeline has fetched for its next write, sorted by what must happen to them: unique events
 * (written), repeats of an id already in the batch (acknowledged with it) and poison (dead-lettered).
 */
final class PendingBatch {

    /** A decoded event (its text still in the message's bytes) and the message that carried it. */
    record Entry(DecodedEvent event, InboundMessage message) {
    }

    /**
     * A message that is dead-lettered without being written, and why: not a valid event ({@code POISON}), or
     * delivered too often ({@code MAX_DELIVERIES}, with its event id).
     */
    record Poison(InboundMessage message, DeadLetter.Cause cause, String reason, String eventId) {
    }

    private final List<Entry> unique;
    private final Set<String> ids;
    private final List<InboundMessage> repeats = new ArrayList<>();
    private final List<Poison> poison = new ArrayList<>();

    /** An empty batch sized for {@code expected} messages (its id set and list never grow while it fills). */
    PendingBatch(int expected) {
        unique = new ArrayList<>(expected);
        ids = new HashSet<>((int) (expected / 0.75f) + 1);
    }

    PendingBatch() {
        this(16);
    }

    /** Adds an event; returns false if its id is already in the batch (a duplicate, acknowledged with the batch). */
    boolean add(DecodedEvent event, InboundMessage message) {
        if (!ids.add(event.eventId())) {
            repeats.add(message);
            return false;
        }
        unique.add(new Entry(event, message));
        return true;
    }

    void addPoison(InboundMessage message, String reason) {
        poison.add(new Poison(message, DeadLetter.Cause.POISON, reason, null));
    }

    /** A valid event that is dead-lettered unwritten because the server delivered it too often. */
    void addOverDelivered(DecodedEvent event, InboundMessage message, String reason) {
        poison.add(new Poison(message, DeadLetter.Cause.MAX_DELIVERIES, reason, event.eventId()));
    }

    /** Every message in the batch. */
    int size() {
        return unique.size() + repeats.size() + poison.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    List<Entry> unique() {
        return unique;
    }

    List<InboundMessage> repeats() {
        return repeats;
    }

    List<Poison> poison() {
        return poison;
    }

    /** Every message in the batch, in no particular order. */
    List<InboundMessage> messages() {
        List<InboundMessage> all = new ArrayList<>(size());
        unique.forEach(entry -> all.add(entry.message()));
        all.addAll(repeats);
        poison.forEach(p -> all.add(p.message()));
        return all;
    }
}
