package dev.quiver.resilience.suite.subscriptions;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Publishes numbered observer events straight to a {@link SubscriptionServer}'s JetStream stream, in the event
 * contract's JSON with {@code Nats-Msg-Id} = event id, and waits for every acknowledgement. Matching events have
 * entity type {@value #ENTITY_TYPE} and entity id {@code <n>} (0, 1, 2, ... over the publisher's life), so a
 * subscriber can check it got each one exactly once and in order; their {@code occurred_at} is the moment of
 * publishing, so a subscriber measures publish → received from it. Every {@code noiseEvery}-th message is an event
 * of another entity type ({@value #NOISE_TYPE}) that no {@value #ENTITY_TYPE} subscriber may receive.
 */
final class LiveEventPublisher {
    static final String ENTITY_TYPE = "Tick";
    static final String NOISE_TYPE = "Noise";

    /** The matching events of one {@link #publish} call: entity ids {@code first..last}. */
    record Published(long first, long last, long noise, long nanos) {
        long count() {
            return last - first + 1;
        }
    }

    private final JetStream jetStream;
    private final String subjectPrefix;
    private final int noiseEvery;
    private long next;

    LiveEventPublisher(SubscriptionServer server, int noiseEvery) throws java.io.IOException {
        this.jetStream = server.nats().jetStream();
        this.subjectPrefix = server.subjectPrefix;
        this.noiseEvery = noiseEvery;
    }

    /** Entity id the next matching event gets. */
    synchronized long nextIndex() {
        return next;
    }

    /**
     * Publishes {@code count} matching events (plus noise) at most {@code perSecond} (0 = as fast as acks allow),
     * with at most {@code window} unacknowledged at once.
     *
     * @param data the event's {@code data} JSON for entity id n
     */
    synchronized Published publish(long count, int perSecond, int window, LongFunction<String> data) throws Exception {
        return publish(count, perSecond, window, data, count, published -> { });
    }

    /** Something done at a point of a publishing run's progress, on the publishing thread. */
    @FunctionalInterface
    interface Checkpoint {
        void reached(long published) throws Exception;
    }

    /**
     * As {@link #publish(long, int, int, LongFunction)}, running {@code checkpoint} after every {@code every} matching
     * events (their acknowledgements not awaited), so something can be measured at points of the run's progress
     * however fast it goes.
     */
    synchronized Published publish(long count, int perSecond, int window, LongFunction<String> data, long every,
                                   Checkpoint checkpoint) throws Exception {
        if (every < 1) {
            throw new IllegalArgumentException("checkpoints need a positive interval, got " + every);
        }
        long started = System.nanoTime();
        long first = next;
        long noise = 0;
        ArrayDeque<CompletableFuture<PublishAck>> pending = new ArrayDeque<>();
        for (long i = 0; i < count; i++) {
            if (perSecond > 0) {
                long due = started + i * 1_000_000_000L / perSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            if (noiseEvery > 0 && i % noiseEvery == noiseEvery - 1) {
                pending.add(send(NOISE_TYPE, "noise-" + i, "{\"noise\":true}"));
                noise++;
            }
            long n = next++;
            pending.add(send(ENTITY_TYPE, Long.toString(n), data.apply(n)));
            while (pending.size() >= window) {
                check(pending.poll().get(30, TimeUnit.SECONDS));
            }
            if ((i + 1) % every == 0 && i + 1 < count) {
                checkpoint.reached(i + 1);
            }
        }
        while (!pending.isEmpty()) {
            check(pending.poll().get(30, TimeUnit.SECONDS));
        }
        return new Published(first, next - 1, noise, System.nanoTime() - started);
    }

    private CompletableFuture<PublishAck> send(String entityType, String entityId, String data) {
        ObserverEvent event = new ObserverEvent(UUID.randomUUID().toString(), EventType.CREATED, entityType, entityId,
                Instant.now(), null, null, data);
        Headers headers = new Headers().put("Nats-Msg-Id", event.eventId());
        return jetStream.publishAsync(NatsMessage.builder().subject(subjectPrefix + "." + entityType + ".created")
                .headers(headers).data(ObserverEventJson.encode(event)).build());
    }

    private static void check(PublishAck ack) {
        if (ack.isDuplicate()) {
            throw new IllegalStateException("JetStream saw a fresh event id as a duplicate: " + ack);
        }
    }
}
