package dev.quiver.flight.subscription.internal;

import dev.quiver.flight.events.EventRow;
import dev.quiver.flight.request.QuiverException;
import dev.quiver.sinks.api.PoisonEventException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out: every message from the one shared feed is decoded once and offered to the subscribers whose filter
 * matches. Subscribers with an {@code entityType} filter are indexed by it, so an event only visits the
 * subscribers of its own entity type plus those without one. Offering never blocks: a subscriber whose buffer
 * overflows ends itself (see {@link Subscriber}), the others are unaffected. Poison messages (not a valid
 * observer event) are logged, counted and skipped; they never end a stream.
 */
public final class EventHub implements SubscriberEvents {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final int POISON_LOGGED_IN_FULL = 10;

    private final Set<Subscriber> anyEntity = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, Set<Subscriber>> byEntity = new ConcurrentHashMap<>();
    private final Set<Subscriber> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger live = new AtomicInteger();
    private final LongAdder received = new LongAdder();
    private final LongAdder poison = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder slowConsumers = new LongAdder();
    private final AtomicInteger maxBuffered = new AtomicInteger();

    /** Adds a subscriber; it gets every matching event from now on. */
    public void register(Subscriber subscriber) {
        if (!all.add(subscriber)) {
            return;
        }
        String entityType = subscriber.filter().entityType();
        if (entityType == null) {
            anyEntity.add(subscriber);
        } else {
            byEntity.compute(entityType, (key, set) -> {
                Set<Subscriber> subscribers = set == null ? ConcurrentHashMap.newKeySet() : set;
                subscribers.add(subscriber);
                return subscribers;
            });
        }
        live.incrementAndGet();
    }

    /** One message from the feed: decode once, offer to every matching subscriber. */
    public void publish(String subject, byte[] message) {
        received.increment();
        EventRow event;
        try {
            event = EventRow.decode(message);
        } catch (PoisonEventException e) {
            poison.increment();
            long count = poison.sum();
            if (count <= POISON_LOGGED_IN_FULL || count % 1_000 == 0) {
                LOG.warn("skipped a message on {} that is not an observer event ({} skipped so far): {}", subject, count,
                        e.reason());
            } else {
                LOG.debug("skipped a message on {} that is not an observer event: {}", subject, e.reason());
            }
            return;
        }
        dispatch(event);
    }

    /** Offers a decoded event to every matching subscriber. */
    public void dispatch(EventRow event) {
        offerAll(anyEntity, event);
        Set<Subscriber> sameEntity = byEntity.get(event.entityType());
        if (sameEntity != null) {
            offerAll(sameEntity, event);
        }
    }

    /** Ends every stream with {@code error} (the server is shutting down). */
    public void failAll(EndReason reason, QuiverException error) {
        all.forEach(subscriber -> subscriber.fail(reason, error));
    }

    /** Releases the roots of subscribers whose last drain never ran (after the delivery pool stopped). */
    public void forceCloseAll() {
        all.forEach(Subscriber::forceClose);
    }

    @Override
    public void delivered(int events) {
        delivered.add(events);
    }

    @Override
    public void ended(Subscriber subscriber, EndReason reason) {
        if (!all.remove(subscriber)) {
            return;
        }
        String entityType = subscriber.filter().entityType();
        if (entityType == null) {
            anyEntity.remove(subscriber);
        } else {
            byEntity.computeIfPresent(entityType, (key, set) -> {
                set.remove(subscriber);
                return set.isEmpty() ? null : set;
            });
        }
        live.decrementAndGet();
        if (reason == EndReason.SLOW_CONSUMER) {
            slowConsumers.increment();
        }
        LOG.debug("subscriber ended ({}), {} live", reason, live.get());
    }

    public int liveSubscribers() {
        return live.get();
    }

    public long receivedMessages() {
        return received.sum();
    }

    public long poisonMessages() {
        return poison.sum();
    }

    public long deliveredEvents() {
        return delivered.sum();
    }

    public long slowConsumerDisconnects() {
        return slowConsumers.sum();
    }

    /** The most events any subscriber had buffered at once since the server started. */
    public int maxBufferedEvents() {
        return maxBuffered.get();
    }

    /** Events buffered now, summed over live subscribers. */
    public long bufferedEvents() {
        long sum = 0;
        for (Subscriber subscriber : all) {
            sum += subscriber.buffered();
        }
        return sum;
    }

    private void offerAll(Set<Subscriber> subscribers, EventRow event) {
        for (Subscriber subscriber : subscribers) {
            if (subscriber.filter().matches(event)) {
                int buffered = subscriber.offer(event);
                if (buffered > maxBuffered.get()) {
                    maxBuffered.accumulateAndGet(buffered, Math::max);
                }
            }
        }
    }
}
