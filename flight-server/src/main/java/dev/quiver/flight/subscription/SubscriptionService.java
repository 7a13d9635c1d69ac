package dev.quiver.flight.subscription;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import dev.quiver.flight.subscription.internal.DeliveryLimits;
import dev.quiver.flight.subscription.internal.EventHub;
import dev.quiver.flight.subscription.internal.SubscriberQuota;
import dev.quiver.flight.subscription.internal.Subscriptions;
import dev.quiver.flight.subscription.internal.TransmitBudget;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GraphQL subscriptions: a {@code subscription { events(entityType:, types:) { ... } }} request becomes an endless
 * stream of Arrow batches, one row per live observer event that matches, on the {@link SubscriberChannel} of the
 * transport the client came by (a Flight DoGet stream, or an HTTP Server-Sent Events response).
 *
 * <p>Design, for tens of thousands of concurrent subscribers on one server:
 * <ul>
 *   <li><b>One feed.</b> The server holds one {@link EventFeed}, whatever the number of subscribers (a JetStream
 *       consumer on the events stream: see {@code JetStreamEventFeed} for why JetStream); each message is decoded
 *       once and fanned out by an {@link EventHub} to the matching subscribers' bounded buffers.</li>
 *   <li><b>No thread per subscriber.</b> DoGet returns as soon as the subscriber is registered and its schema is
 *       sent; batches are sent by a small shared delivery pool (the {@link DeliveryScheduler}), only when the
 *       client's transport is ready ({@link SubscriberChannel#isReady()}: Flight's {@code isReady}/on-ready
 *       handler), never by a thread that waits for a client. (Over HTTP the JDK server's response stream is
 *       blocking, so the HTTP adapter writes each subscription's events on that request's worker thread; the
 *       delivery pool still never waits.)</li>
 *   <li><b>Batches.</b> A batch goes out when {@code --subscription-batch} events (or 8 MiB) are waiting, or when
 *       the oldest waiting event has lingered {@code --subscription-linger}, so a lone event arrives promptly.</li>
 *   <li><b>Slow consumers.</b> See {@link SubscriptionConfig}: a subscriber whose buffer overflows gets
 *       RESOURCE_EXHAUSTED, the others are unaffected, memory stays bounded.</li>
 *   <li><b>Cancel.</b> A client cancel or disconnect removes its subscriber at once.</li>
 * </ul>
 *
 * <p>Columns: ID, String, JSON and {@code EventType} are utf8 ({@code eventType} as the GraphQL enum value, upper
 * case: {@code CREATED}, {@code UPDATED}, {@code DELETED}), {@code occurredAt} is timestamp[µs, UTC]; fields are
 * named by their alias when one is given. Delivery is live only: events stored before the subscription started
 * are not replayed (query ClickHouse or Elasticsearch for history).
 */
public final class SubscriptionService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionService.class);

    private final SubscriptionConfig config;
    private final EventHub hub = new EventHub();
    private final BufferAllocator allocator;
    private final DeliveryScheduler scheduler;
    private final EventFeed feed;
    private final TransmitBudget budget;
    private final Subscriptions subscriptions;

    private SubscriptionService(SubscriptionConfig config, BufferAllocator parent, Supplier<EventFeed> newFeed,
                                Supplier<DeliveryScheduler> newScheduler) {
        this.config = config;
        this.allocator = parent.newChildAllocator("subscriptions", 0, Long.MAX_VALUE);
        if (config.enabled()) {
            this.scheduler = newScheduler.get();
            this.feed = newFeed.get();
            LOG.info("subscriptions: at most {} MiB of batches in transmission at once (--subscription-transmit-bytes)",
                    config.transmitBytes() >> 20);
            this.budget = new TransmitBudget(config.transmitBytes(), scheduler);
            this.subscriptions = new Subscriptions(hub, scheduler, DeliveryLimits.of(config), budget, allocator,
                    new SubscriberQuota(config.maxSubscribers(), config.maxSubscribersPerUser()));
        } else {
            this.scheduler = null;
            this.budget = null;
            this.feed = null;
            this.subscriptions = null;
        }
    }

    /**
     * Starts the service; with a NATS URL configured it connects and starts the shared feed (retrying in the
     * background if NATS or the stream is not there yet).
     *
     * @param parent       the allocator the subscribers' batches come from (a child is taken)
     * @param newFeed      makes the shared event feed; called once, and only when subscriptions are on (the
     *                     service starts and closes what it returns)
     * @param newScheduler makes the delivery scheduler; called once, and only when subscriptions are on (the
     *                     service closes what it returns)
     */
    public static SubscriptionService start(SubscriptionConfig config, BufferAllocator parent,
                                            Supplier<EventFeed> newFeed, Supplier<DeliveryScheduler> newScheduler) {
        SubscriptionService service = new SubscriptionService(config, parent,
                Objects.requireNonNull(newFeed, "newFeed"), Objects.requireNonNull(newScheduler, "newScheduler"));
        if (service.feed != null) {
            service.feed.start(service.hub::publish);
        } else {
            LOG.info("subscriptions off (no --subscriptions)");
        }
        return service;
    }

    /**
     * Opens a subscription on a transport's channel and returns at once; events follow until the client cancels,
     * the subscriber is too slow (RESOURCE_EXHAUSTED) or the server closes (UNAVAILABLE).
     *
     * @param user who subscribes, as authenticated (empty when authentication is off), for
     *             {@code --max-subscriptions-per-user}
     * @throws QuiverException UNAVAILABLE if this server has no NATS configured, RESOURCE_EXHAUSTED when
     *         {@code --max-subscriptions} or {@code --max-subscriptions-per-user} is reached (nothing was sent on the
     *         channel either way)
     */
    public void subscribe(SubscriptionPlan plan, SubscriberChannel channel, String user) {
        checkEnabled();
        subscriptions.open(plan, channel, user);
    }

    /**
     * Throws what {@link #subscribe} would when subscriptions are off, so a transport can refuse a subscription
     * before it commits to a stream.
     *
     * @throws QuiverException UNAVAILABLE if this server has no NATS configured
     */
    public void checkEnabled() {
        if (subscriptions == null) {
            throw new QuiverException(Status.UNAVAILABLE, "subscriptions are off on this server: start it with"
                    + " --subscriptions (and --nats-url nats://HOST:4222 if NATS is not on 127.0.0.1:4222; see --help)");
        }
    }

    /** A snapshot of counts and gauges. */
    public SubscriptionStats stats() {
        return new SubscriptionStats(feed == null ? "DISABLED" : feed.state().name(), hub.liveSubscribers(),
                hub.receivedMessages(), hub.poisonMessages(), hub.deliveredEvents(), hub.slowConsumerDisconnects(),
                hub.bufferedEvents(), hub.maxBufferedEvents(), feed == null ? 0 : feed.natsSlowConsumerEvents(),
                feed == null ? 0 : feed.resumes(), budget == null ? 0 : budget.inTransit(),
                budget == null ? 0 : budget.maxInTransit(), budget == null ? 0 : budget.waits());
    }

    public SubscriptionConfig config() {
        return config;
    }

    /**
     * Stops the feed, ends every open stream with UNAVAILABLE ("the server is shutting down"), waits up to 5 s for
     * those ends to be sent, then releases all memory.
     */
    @Override
    public void close() throws InterruptedException {
        try {
            if (feed != null) {
                feed.close();
            }
            if (subscriptions != null) {
                subscriptions.closeAll();
            }
            if (scheduler != null) {
                scheduler.close(5_000);
            }
        } finally {
            hub.forceCloseAll();
            try {
                allocator.close();
            } catch (IllegalStateException e) {
                LOG.warn("subscription memory was still allocated at close: {}", e.getMessage());
            }
        }
    }
}
