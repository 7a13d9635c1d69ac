package dev.quiver.flight.subscription;

import static dev.quiver.flight.subscription.SubscriptionTestBed.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.arrow.flight.FlightStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded load: 1,000 concurrent subscriptions on one server each receive all of 1,000 events, in order. The
 * sizes can be raised for a one-off measurement: {@code -Dquiver.load.subscribers=10000 -Dquiver.load.events=100}.
 */
@Timeout(240)
class SubscriptionLoadIT {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionLoadIT.class);
    private static final int SUBSCRIBERS = Integer.getInteger("quiver.load.subscribers", 1_000);
    private static final int EVENTS = Integer.getInteger("quiver.load.events", 1_000);
    private static final int CONNECTIONS = 8;
    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(90);

    @Test
    void aThousandSubscribersEachGetAThousandEvents() throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(SUBSCRIBERS);
        ((java.util.concurrent.ThreadPoolExecutor) readers).prestartAllCoreThreads();
        try (SubscriptionTestBed bed = SubscriptionTestBed.start(10_000, 1_000)) {
            long heapBefore = usedHeapAfterGc();
            long openStarted = System.nanoTime();
            List<org.apache.arrow.flight.FlightClient> clients = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(bed.newClient());
            }
            dev.quiver.flight.request.GraphQLRequest subscription = dev.quiver.flight.request.GraphQLRequest.of(
                    "subscription { events(entityType: \"Load\") { entityId occurredAt data } }");
            List<FlightStream> streams = new ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                streams.add(SubscriptionTestBed.subscribe(clients.get(i % CONNECTIONS), subscription));
            }
            long openMillis = (System.nanoTime() - openStarted) / 1_000_000;
            assertThat(bed.server().subscriptionStats().liveSubscribers()).isEqualTo(SUBSCRIBERS);
            long heapWithIdleSubscribers = usedHeapAfterGc();

            List<ObserverEvent> events = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                events.add(event("Load", EventType.CREATED, "l" + i, "{\"n\":" + i + ",\"status\":\"NEW\"}"));
            }
            List<String> expected = events.stream().map(ObserverEvent::entityId).collect(Collectors.toList());
            List<Future<Boolean>> results = new ArrayList<>();
            for (FlightStream stream : streams) {
                results.add(readers.submit(() -> LiveRows.readColumn(stream, "entityId", EVENTS).equals(expected)));
            }
            long started = System.nanoTime();
            bed.publish(events);
            // a guard against a hang, not a speed target (the figures are logged below; make bench and the
            // resilience suite's ConcurrentSubscriptionsIT measure speed): a quiet machine needs a few seconds
            long deadline = started + DELIVERY_DEADLINE.toNanos();
            for (Future<Boolean> result : results) {
                long left = Math.max(0, deadline - System.nanoTime());
                assertThat(result.get(left, TimeUnit.NANOSECONDS)).as("a subscriber got every event in order").isTrue();
            }
            long deliverMillis = (System.nanoTime() - started) / 1_000_000;
            SubscriptionStats stats = bed.server().subscriptionStats();
            long heapAfter = usedHeapAfterGc();
            LOG.info("load: {} subscribers opened in {} ms; {} events x {} subscribers = {} deliveries in {} ms"
                            + " (publish included); heap used after GC (server and clients in one JVM): {} MiB before,"
                            + " {} MiB with idle subscribers, {} MiB after delivery; max buffered per subscriber {}; {}",
                    SUBSCRIBERS, openMillis, EVENTS, SUBSCRIBERS, stats.deliveredEvents(), deliverMillis,
                    heapBefore >> 20, heapWithIdleSubscribers >> 20, heapAfter >> 20, stats.maxBufferedEvents(),
                    stats.toJson());
            assertThat(stats.deliveredEvents()).isEqualTo((long) SUBSCRIBERS * EVENTS);
            assertThat(stats.slowConsumerDisconnects()).isZero();
            assertThat(stats.natsSlowConsumerEvents()).isZero();

            for (FlightStream stream : streams) {
                stream.cancel("done", null);
            }
            assertThat(SubscriptionTestBed.await(() -> bed.server().subscriptionStats().liveSubscribers() == 0,
                    Duration.ofSeconds(10))).isTrue();
            for (FlightStream stream : streams) {
                stream.close();
            }
        } finally {
            readers.shutdownNow();
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
