package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import dev.quiver.flight.subscription.DeliveryScheduler;
import dev.quiver.flight.subscription.SubscriberChannel;
import dev.quiver.flight.subscription.SubscriptionPlan;
import dev.quiver.flight.subscription.internal.SubscriberEvents.EndReason;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Opens subscriber streams on their transports' channels and ends them all at shutdown. */
public final class Subscriptions {
    private final EventHub hub;
    private final DeliveryScheduler scheduler;
    private final DeliveryLimits limits;
    private final TransmitBudget budget;
    private final BufferAllocator allocator;
    private final SubscriberQuota quota;

    public Subscriptions(EventHub hub, DeliveryScheduler scheduler, DeliveryLimits limits, TransmitBudget budget,
                         BufferAllocator allocator, SubscriberQuota quota) {
        this.quota = quota;
        this.hub = hub;
        this.scheduler = scheduler;
        this.limits = limits;
        this.budget = budget;
        this.allocator = allocator;
    }

    /**
     * Registers a subscriber for {@code plan}, then opens the channel (Flight sends the schema), then lets deliveries
     * start. Registering first means that once the client sees the stream open, every event stored from then on
     * reaches it.
     *
     * @param user who subscribes (empty: anonymous), for the per-user cap
     * @throws dev.quiver.flight.request.QuiverException RESOURCE_EXHAUSTED when a subscription cap is reached
     *         (nothing was sent on the channel)
     */
    public Subscriber open(SubscriptionPlan plan, SubscriberChannel channel, String user) {
        SubscriberQuota.Lease lease = quota.acquire(user);
        SubscriberEvents events = new LeaseReturningEvents(hub, lease);
        VectorSchemaRoot root;
        try {
            root = VectorSchemaRoot.create(plan.schema(), allocator);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        Subscriber subscriber = new Subscriber(plan, channel, root, scheduler, limits, budget, events);
        channel.onCancel(subscriber::cancel);
        channel.onReady(subscriber::ready);
        hub.register(subscriber);
        try {
            channel.start(root);
        } catch (RuntimeException e) {
            events.ended(subscriber, EndReason.FAILED);
            root.close();
            throw e;
        }
        subscriber.activate();
        if (channel.isCancelled()) {
            subscriber.cancel();
        }
        return subscriber;
    }

    /** The hub's events, and the subscription's place under the caps given back when it ends. */
    private record LeaseReturningEvents(EventHub hub, SubscriberQuota.Lease lease) implements SubscriberEvents {
        @Override
        public void delivered(int events) {
            hub.delivered(events);
        }

        @Override
        public void ended(Subscriber subscriber, EndReason reason) {
            try {
                hub.ended(subscriber, reason);
            } finally {
                lease.close();
            }
        }
    }

    /** Ends every open stream with UNAVAILABLE: the server is shutting down. */
    public void closeAll() {
        hub.failAll(EndReason.SERVER_CLOSING, new QuiverException(Status.UNAVAILABLE, "the server is shutting down;"
                + " subscribe again (to another instance)"));
    }
}
