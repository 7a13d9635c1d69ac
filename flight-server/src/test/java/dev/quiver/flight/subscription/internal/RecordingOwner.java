package dev.quiver.flight.subscription.internal;

import java.util.ArrayList;
import java.util.List;

/** Records what subscribers report to their owner. */
final class RecordingOwner implements SubscriberEvents {
    final List<EndReason> ended = new ArrayList<>();
    long delivered;

    @Override
    public void delivered(int events) {
        delivered += events;
    }

    @Override
    public void ended(Subscriber subscriber, EndReason reason) {
        ended.add(reason);
    }
}
