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

    public Subscriptions(EventHub hub, DeliveryScheduler scheduler, DeliveryLimits limits, TransmitBudget budget,
                         BufferAllocator allocator) {
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
     */
    public Subscriber open(SubscriptionPlan plan, SubscriberChannel channel) {
        VectorSchemaRoot root = VectorSchemaRoot.create(plan.schema(), allocator);
        Subscriber subscriber = new Subscriber(plan, channel, root, scheduler, limits, budget, hub);
        channel.onCancel(subscriber::cancel);
        channel.onReady(subscriber::ready);
        hub.register(subscriber);
        try {
            channel.start(root);
        } catch (RuntimeException e) {
            hub.ended(subscriber, EndReason.FAILED);
            root.close();
            throw e;
        }
        subscriber.activate();
        if (channel.isCancelled()) {
            subscriber.cancel();
        }
        return subscriber;
    }

    /** Ends every open stream with UNAVAILABLE: the server is shutting down. */
    public void closeAll() {
        hub.failAll(EndReason.SERVER_CLOSING, new QuiverException(Status.UNAVAILABLE, "the server is shutting down;"
                + " subscribe again (to another instance)"));
    }
}
