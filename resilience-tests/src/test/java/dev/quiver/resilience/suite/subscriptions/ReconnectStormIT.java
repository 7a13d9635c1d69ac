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
import java.util.function.LongFunction;

/**
 * 500 subscriptions are cancelled at the same moment and re-subscribe at once, next to a group of steady ones: all
 * 500 had every event published before the storm, are back (established) within 5 s, every event published after they are back reaches each of them once and
 * in order, the steady ones miss nothing through the storm, and the server's subscriber gauge and Flight
 * stream gauge return to the right counts (no leaked subscribers or streams).
 */
class ReconnectStormIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final int STORM = 500;
    private static final LongFunction<String> DATA = n -> "{\"n\":" + n + "}";

    @Scenario(group = "subscriptions", title = "500 subscriptions dropped and re-subscribed at once: back within 5 s,"
            + " nothing missed afterwards, no leaked subscribers")
    @Smoke
    void fiveHundredDroppedAndReconnected(ScenarioLog log) throws Exception {
        SERVICES.require(ServiceName.NATS);
        int steady = log.scale().pick(20, 50);
        int before = log.scale().pick(50, 100);
        int during = log.scale().pick(20, 50);
        int after = log.scale().pick(50, 100);
        log.load(String.format("%d steady + %d storm subscriptions; %d events, then the %d cancelled at once, %d"
                + " events, all %d re-subscribed at once, %d events", steady, STORM, before, STORM, during, STORM,
                after));
        try (SubscriptionServer server = new SubscriptionServer(SERVICES, "storm", 512, Map.of());
             SubscriberFleet steadyFleet = new SubscriberFleet(server, 1, "entityId occurredAt");
             SubscriberFleet stormFleet = new SubscriberFleet(server, 2, "entityId occurredAt");
             Sampler sampler = server.gauges(log)
                     .gauge("server Flight streams in flight", "", server::flightStreamsInFlight)) {
            LiveEventPublisher publisher = new LiveEventPublisher(server, 10);
            double streamsBaseline = server.flightStreamsInFlight();
            List<LiveSubscriber> steadyOnes = SubscriberFleet.established(steadyFleet.open(steady));
            List<LiveSubscriber> stormOnes = SubscriberFleet.established(stormFleet.open(STORM));
            assertThat(steadyOnes).hasSize(steady);
            assertThat(stormOnes).hasSize(STORM);
            server.awaitLiveSubscribers(steady + STORM, Duration.ofSeconds(30));

            LatencyRecorder latency = new LatencyRecorder(log);
            long first = publisher.nextIndex();
            CountDownLatch steadyDone = SubscriberFleet.startReading(steadyOnes, first,
                    first + before + during + after - 1, latency, null);
            CountDownLatch stormDone = SubscriberFleet.startReading(stormOnes, first, first + before - 1, null, null);
            publisher.publish(before, 0, 1_000, DATA);
            assertThat(SubscriberFleet.await(stormDone, stormOnes, Duration.ofSeconds(60))).as("storm group's readers"
                    + " done with the first events; first incomplete: " + SubscriberFleet.firstIncomplete(stormOnes))
                    .isTrue();
            SubscriberFleet.Tally stormBefore = SubscriberFleet.tally(stormOnes, before);
            // a reader also counts down when its stream ends in error: the first phase is only done if each has all
            assertThat(stormBefore.complete()).as("storm subscriptions with every first event once, in order, before the"
                    + " storm; first incomplete: " + SubscriberFleet.firstIncomplete(stormOnes)).isEqualTo(STORM);

            ScenarioLog.Fault storm = log.fault(STORM + " subscriptions cancelled at once, then re-subscribed");
            long dropStarted = System.nanoTime();
            stormOnes.parallelStream().forEach(LiveSubscriber::cancel);
            server.awaitLiveSubscribers(steady, Duration.ofSeconds(10));
            log.recovery("server dropped all " + STORM + " cancelled subscribers",
                    Duration.ofNanos(System.nanoTime() - dropStarted));
            stormOnes.forEach(LiveSubscriber::close);
            publisher.publish(during, 0, 1_000, DATA);

            long resubscribeStarted = System.nanoTime();
            List<LiveSubscriber> all = stormFleet.open(STORM);
            Duration back = Duration.ofNanos(System.nanoTime() - resubscribeStarted);
            storm.end();
            List<LiveSubscriber> again = SubscriberFleet.established(all);
            log.recovery("all " + STORM + " re-subscribed and established", back);
            server.awaitLiveSubscribers(steady + again.size(), Duration.ofSeconds(10));

            long afterFirst = publisher.nextIndex();
            CountDownLatch againDone = SubscriberFleet.startReading(again, afterFirst, afterFirst + after - 1, latency,
                    null);
            publisher.publish(after, 0, 1_000, DATA);
            boolean againAll = SubscriberFleet.await(againDone, again, Duration.ofSeconds(60));
            boolean steadyAll = SubscriberFleet.await(steadyDone, steadyOnes, Duration.ofSeconds(60));
            SubscriberFleet.Tally stormAfter = SubscriberFleet.tally(again, after);
            SubscriberFleet.Tally steadyTally = SubscriberFleet.tally(steadyOnes, before + during + after);
            log.deliveries("subscribers", stormBefore.expected() + stormAfter.expected() + steadyTally.expected(),
                    stormBefore.received() + stormAfter.received() + steadyTally.received(),
                    stormBefore.duplicates() + stormAfter.duplicates() + steadyTally.duplicates());
            log.latency(latency.all("delivery (publish to received)"));
            latency.publishSeries("delivery", 500);
            JsonNode stats = server.stats();
            log.note("server stats: " + stats + "; " + server.feedState());

            assertThat(again).as("re-subscribed and established").hasSize(STORM);
            assertThat(back).as("time for all " + STORM + " to be back").isLessThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(againAll && stormAfter.complete() == STORM).as("every re-subscribed one got every later event"
                    + " once, in order; first incomplete: " + SubscriberFleet.firstIncomplete(again)).isTrue();
            assertThat(steadyAll && steadyTally.complete() == steady).as("every steady one got every event; first"
                    + " incomplete: " + SubscriberFleet.firstIncomplete(steadyOnes)).isTrue();
            assertThat(stats.get("liveSubscribers").asInt()).isEqualTo(steady + STORM);

            SubscriberFleet.closeAll(again);
            SubscriberFleet.closeAll(steadyOnes);
            server.awaitLiveSubscribers(0, Duration.ofSeconds(10));
            dev.quiver.resilience.harness.Polling.await(Duration.ofSeconds(10),
                    "the server's Flight streams-in-flight gauge back to " + streamsBaseline,
                    () -> server.flightStreamsInFlight() == streamsBaseline, server::flightStreamsInFlight);
        }
    }
}
