package dev.quiver.flight.outbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An in-memory stream with JetStream's de-duplication by event id; can be made unreachable or to refuse a message. */
final class FakePublisher implements EventPublisher {
    final List<OutboxMessage> stored = new ArrayList<>();
    final Set<String> ids = new HashSet<>();
    boolean reachable = true;
    String refuseEventId;
    int publishCalls;

    @Override
    public void ensureReady() throws EventPublishException {
        if (!reachable) {
            throw new EventPublishException("fake stream unreachable");
        }
    }

    @Override
    public PublishOutcome publish(List<OutboxMessage> batch) {
        publishCalls++;
        List<OutboxMessage> acked = new ArrayList<>();
        int duplicates = 0;
        EventPublishException failure = null;
        for (OutboxMessage message : batch) {
            if (message.eventId().equals(refuseEventId)) {
                failure = new EventPublishException("refused " + message.eventId());
                continue;
            }
            if (ids.add(message.eventId())) {
                stored.add(message);
            } else {
                duplicates++;
            }
            acked.add(message);
        }
        return new PublishOutcome(acked, duplicates, failure);
    }

    @Override
    public String describe() {
        return "fake stream";
    }
}
