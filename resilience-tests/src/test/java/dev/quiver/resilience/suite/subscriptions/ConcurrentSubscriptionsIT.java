package dev.quiver.resilience.suite.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.resilience.harness.LatencyRecorder;
import dev.quiver.resilience.harness.Sampler;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.Smoke;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * 10,000 concurrent subscriptions (smoke: 1,000) on one server: every one is established (on loopback nothing may
 * refuse or drop one: the calls have no deadline, subscriptions take no {@code --max-streams} slot and the server sets
 * no HTTP/2 concurrent-stream limit), and each receives every matching event published afterwards exactly once and in
 * order (and none of the interleaved events of another entity type).
 */
class ConcurrentSubscriptionsIT {
    static final double MIB = 1024.0 * 1024.0;
    private static final Services SERVICES = Services.fromEnvironment();

    @Scenario(group = "subscriptions", title = "{1,000|10,000} concurrent subscriptions: all established, each gets every"
            + " matching event once, in order")
    @Smoke
    void tenThousandConcurrentSubscriptions(ScenarioLog log) throws Exception {
        SERVICES.require(ServiceName.NATS);
        int subscribers = log.scale().pick(1_000, 10_000);
        int events = 100;
        int rate = 0;
        log.load(String.format("%,d subscriptions on one server (-Xmx1g), then %,d matching events (+ every 10th"
                + " message of another entity type) as one burst", subscribers, events));
        try (SubscriptionServer server = new SubscriptionServer(SERVICES, "concurrent", 1024, Map.of());
             SubscriberFleet fleet = new SubscriberFleet(server, Math.max(2, subscribers / 1_000), "entityId occurredAt");
             Sampler sampler = server.gauges(log)) {
            LiveEventPublisher publisher = new LiveEventPublisher(server, 10);
            long heapBaseline = server.postGcHeapBytes();
            double threadsBaseline = server.threads();

            long openStarted = System.nanoTime();
            List<LiveSubscriber> all = fleet.open(subscribers);
            Duration establishing = Duration.ofNanos(System.nanoTime() - openStarted);
            List<LiveSubscriber> established = SubscriberFleet.established(all);
            log.recovery("all " + subscribers + " subscriptions established", establishing);
            log.figure("subscriptions established", established.size(), "");
            log.figure("established share", 100.0 * established.size() / subscribers, "%");
            assertThat(established.size()).as("established subscriptions (all: on loopback nothing refuses one); first"
                    + " failure: " + SubscriberFleet.firstOpenFailure(all)).isEqualTo(subscribers);
            server.awaitLiveSubscribers(established.size(), Duration.ofSeconds(30));
            long heapIdle = server.postGcHeapBytes();
            log.figure("server heap after GC, no subscribers", heapBaseline / MIB, "MiB");
            log.figure("server heap after GC, " + established.size() + " idle subscribers", heapIdle / MIB, "MiB");
            log.figure("server heap per idle subscriber", (heapIdle - heapBaseline) / (double) established.size() / 1024,
                    "KiB");
            log.figure("server threads with subscribers (before: " + (long) threadsBaseline + ")", server.threads(), "");

            LatencyRecorder latency = new LatencyRecorder(log);
            long first = publisher.nextIndex();
            CountDownLatch done = SubscriberFleet.startReading(established, first, first + events - 1, latency, null);
            long deliverStarted = System.nanoTime();
            LiveEventPublisher.Published published = publisher.publish(events, rate, 1_000,
                    n -> "{\"n\":" + n + ",\"status\":\"NEW\"}");
            boolean allDone = SubscriberFleet.await(done, established, Duration.ofSeconds(90));
            Duration delivering = Duration.ofNanos(System.nanoTime() - deliverStarted);

            SubscriberFleet.Tally tally = SubscriberFleet.tally(established, published.count());
            log.deliveries("subscribers", tally.expected(), tally.received(), tally.duplicates());
            log.latency(latency.all("delivery (publish to received)"));
            latency.publishSeries("delivery", 500);
            log.recovery("publish start to every subscriber having every event", delivering);
            log.figure("server RSS with subscribers", server.rssBytes() / MIB, "MiB");
            JsonNode stats = server.stats();
            log.note("server stats after delivery: " + stats + "; " + server.feedState());

            assertThat(allDone).as("every reader finished; first incomplete: "
                    + SubscriberFleet.firstIncomplete(established)).isTrue();
            assertThat(tally.complete()).as("subscribers with every event once, in order; first incomplete: "
                    + SubscriberFleet.firstIncomplete(established)).isEqualTo(established.size());
            assertThat(tally.received()).isEqualTo(tally.expected());
            assertThat(tally.duplicates()).isZero();
            assertThat(tally.unexpected()).as("events of another entity type or outside the published range").isZero();
            assertThat(stats.get("slowConsumerDisconnects").asLong()).isZero();

            SubscriberFleet.closeAll(all);
            server.awaitLiveSubscribers(0, Duration.ofSeconds(30));
        }
    }
}
